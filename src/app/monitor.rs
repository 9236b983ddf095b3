//! `tradeoff monitor`: production held against the launch report's promises. The
//! stage list: the context (with its `monitoring:` section), the evaluation data and
//! the launch report rebuilt from it, production and the audit joined to it, the
//! monitoring model, then the page, the JSON and the markdown, written atomically.

use anyhow::{Context as _, Result, anyhow};

use super::Printed;
use super::request::{MonitorRequest, Monitored, default_monitor_output};
use super::{instant_in_row, report_date};
use crate::input::context::load_context;
use crate::input::eval::load_eval;
use crate::input::fingerprint::{InputFile, load_fingerprint};
use crate::input::plan::{
    column_spec, compared_as_stored, load_monitored_audit, load_monitored_case_costs,
    load_monitored_experiment, load_monitored_production, load_summaries, monitor_files,
};
use crate::model::inputs::{Inputs, row_costs, row_weights};
use crate::model::monitoring::{
    Audit, BANDS, Experiment, MonitoringInputs, MonitoringProblem, SampleProblem, build_monitoring,
    draw_audit_sample, id_order,
};
use crate::model::report::build_report;
use crate::output::{write_output, write_output_making_folders};
use crate::present::export::audit_sample::audit_sample_csv;
use crate::present::export::monitor_json::monitor_json;
use crate::present::export::monitor_markdown::monitor_markdown;
use crate::present::page::{build_monitor_page, render_monitor_page};
use crate::present::terminal::{monitor_lines, warning_line, wrote_line};
use crate::stats::days::MAX_DAYS;
use crate::stats::sweep::Sweep;

/// `tradeoff monitor`: reads the context, the evaluation data, production and the
/// audit, builds the monitoring model, writes the page (and the JSON and markdown)
/// and returns what to print.
///
/// # Errors
/// A context without `monitoring:`, a data problem naming the file and row, an
/// empty or absurdly long production period, or an output that cannot be written.
pub fn monitor(request: &MonitorRequest) -> Result<Monitored> {
    let context_file = request.context_file.as_path();
    // 1. The context and its monitoring section.
    let context = load_context(context_file)?;
    let spec = context.monitoring.clone().ok_or_else(|| {
        anyhow!(
            "{}: no `monitoring:` section: add one naming the production file (and the audit, if any); see docs/src/after-launch.md",
            context_file.display()
        )
    })?;
    // 2. The evaluation data and production, read side by side.
    let (data, production) = rayon::join(
        || load_eval(&context.data.path, &column_spec(&context, false)),
        || load_monitored_production(&spec, &context.data.segments),
    );
    let (data, production) = (data?, production?);
    // Thresholds compared in the precision the scores were stored in, as the
    // launch report compares them.
    let context = compared_as_stored(context, data.score_precision);
    // 3. The audit, joined to production by id, its labels held against the
    //    evaluation's two values; every input's checksum.
    let audit_labels = load_monitored_audit(&spec, &data, &production)?;
    let experiment_data = load_monitored_experiment(&spec)?;
    let case_costs =
        load_monitored_case_costs(&context, &spec, &production, audit_labels.as_ref())?;
    let input_files = monitor_files(&context, &spec);
    let files = (input_files.iter())
        .map(|(role, path)| load_fingerprint(role, path))
        .collect::<std::io::Result<Vec<InputFile>>>()
        .context("cannot read an input file to checksum it")?;
    // 4. The launch report, rebuilt: its promises are what production is held to.
    let date = match spec.date {
        Some(d) => d,
        None => report_date(None)?,
    };
    // An engine's summary of each segment column, when the context reads one.
    let summaries = load_summaries(&context, false)?;
    let weights = row_weights(&context, &data);
    let sweep = Sweep::build(&data.scores, &data.positive, weights);
    let row_costs = row_costs(&context, &data, weights);
    let inputs = Inputs::of(&data, weights, context.data.timezone);
    // With a randomised split, the promises are held on the model arm: the launch
    // report at the arm's planned share of the volume (`model::monitoring::arm`).
    let held = match &spec.experiment {
        Some(e) => {
            let mut arm = context.clone();
            arm.business.volume_per_day *= e.split;
            arm
        }
        None => context.clone(),
    };
    let report = build_report(&held, &inputs, &sweep, row_costs.as_ref(), date)
        .context("the evaluation data must hold both classes")?;
    // 5. The monitoring model.
    let targets = &context.thresholds.targets;
    let monitoring = build_monitoring(&MonitoringInputs {
        report: &report,
        sweep: &sweep,
        row_costs: row_costs.as_ref(),
        case_costs: case_costs.as_ref(),
        evaluation: &data,
        production: &production,
        audit: spec.audit.as_ref().zip(audit_labels.as_ref()).map(|(a, labels)| Audit {
            labels,
            sampled: a.sampled,
            target: a.target,
        }),
        zone: &context.data.timezone,
        max_false_negative_rate: targets
            .value_of(crate::stats::quantity::Quantity::FalseNegativeRate),
        max_flagged_per_day: targets.value_of(crate::stats::quantity::Quantity::Flagged),
        experiment: spec
            .experiment
            .as_ref()
            .zip(experiment_data.as_ref())
            .map(|(spec, data)| Experiment { data, spec }),
        segment_summaries: &summaries.segments,
    })
    .map_err(|problem| match problem {
        MonitoringProblem::NoCases => anyhow!(
            "{}: production has no cases",
            spec.production.path.display()
        ),
        MonitoringProblem::NoModelArmCases { holdout } => {
            let e = spec.experiment.as_ref();
            anyhow!(
                "{}: column `{}`: no case is in the model arm (`{}`), all {holdout} are the holdout's (`{}`): the promises are held on the model arm, so check monitoring.experiment.model against the values the column holds",
                spec.production.path.display(),
                e.map_or("", |e| e.arm.as_str()),
                e.map_or("", |e| e.model.as_str()),
                e.map_or("", |e| e.holdout.as_str()),
            )
        }
        MonitoringProblem::PeriodTooLong {
            days,
            earliest,
            latest,
        } => anyhow!(
            "{}: column `{}`: the cases span {days} days, from {} to {}, more than the {MAX_DAYS} a day-by-day view can show: check those timestamps (and their unit), or monitor a shorter period",
            spec.production.path.display(),
            spec.production.timestamp,
            instant_in_row(earliest, spec.production.summary.is_none()),
            instant_in_row(latest, spec.production.summary.is_none()),
        ),
    })?;
    // 6. The page, the JSON and the markdown.
    let page = build_monitor_page(
        &monitoring,
        &report,
        &spec,
        &context.data.timezone,
        &files,
        env!("CARGO_PKG_VERSION"),
    )?;
    let html = render_monitor_page(&page).context("cannot render the monitoring page")?;
    let input_paths = context.files();
    let output = request
        .output
        .clone()
        .unwrap_or_else(|| default_monitor_output(context_file));
    match request.output {
        Some(_) => write_output(&output, html.as_bytes(), &input_paths)?,
        None => write_output_making_folders(&output, html.as_bytes(), &input_paths)?,
    }
    let date_text = date.format("%Y-%m-%d").to_string();
    if let Some(json) = &request.json {
        let bytes = monitor_json(&monitoring, &spec.title, &date_text, &context.data.timezone);
        write_output(json, &bytes, &input_paths)?;
    }
    if let Some(markdown) = &request.markdown {
        let text = monitor_markdown(&monitoring, &report, &spec.title, &date_text);
        write_output(markdown, text.as_bytes(), &input_paths)?;
    }
    // 7. The next audit sample, if asked for.
    if let Some(sample) = &request.audit_sample {
        let (Some(ids), Some(id_column)) = (&production.ids, &spec.production.id) else {
            return Err(anyhow!(
                "{}: --audit-sample needs production's ids to name the cases: name the id column in monitoring.production.id (or data.id)",
                context_file.display()
            ));
        };
        // Drawn in the ids' order, not the file's (see `id_order`), from the model
        // arm's cases alone when there is a holdout (its verdicts are left out).
        let order: Vec<usize> = id_order(ids, &production.scores)
            .into_iter()
            .filter(|&i| production.in_model.as_ref().is_none_or(|m| m[i]))
            .collect();
        let scores: Vec<f64> = order.iter().map(|&i| production.scores[i]).collect();
        let ids: Vec<String> = order.iter().map(|&i| ids[i].clone()).collect();
        let drawn = draw_audit_sample(
            &scores,
            monitoring.threshold,
            (&data.scores, &data.positive),
            sample.size,
            &BANDS,
            sample.seed,
        )
        .map_err(|problem| match problem {
            SampleProblem::TooMany { asked, cases } => anyhow!(
                "--audit-sample {asked}: production ({}) holds only {cases} cases{}: ask for at most {cases}",
                spec.production.path.display(),
                if production.in_model.is_some() {
                    " in the model arm (the holdout's are not drawn: the promises are held on the model arm)"
                } else {
                    ""
                }
            ),
            SampleProblem::TooFew { asked, needed } => anyhow!(
                "--audit-sample {asked}: too few to draw two cases from each of the {needed_bands} score bands: ask for at least {needed}",
                needed_bands = needed.div_ceil(2)
            ),
        })?;
        let label = (spec.audit.as_ref()).map_or(context.data.label.as_str(), |a| a.label.as_str());
        let bytes = audit_sample_csv(&drawn, &ids, &scores, id_column, label);
        write_output(&sample.output, &bytes, &input_paths)?;
    }
    // 8. The headline for the terminal, warnings and where the outputs went on stderr.
    let printed = Printed {
        stdout: monitor_lines(&monitoring, &report),
        stderr: monitoring
            .warnings
            .iter()
            .map(warning_line)
            .chain([wrote_line(&output)])
            .chain(
                (request.json.iter())
                    .chain(&request.markdown)
                    .map(|written| wrote_line(written)),
            )
            .chain(request.audit_sample.iter().map(|s| wrote_line(&s.output)))
            .collect(),
    };
    Ok(Monitored {
        monitoring,
        html,
        output,
        printed,
    })
}
