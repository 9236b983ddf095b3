//! `tradeoff report`: the context and the evaluation data in, the page, the JSON
//! and the markdown out. The stages: read (context, data, the engine's summaries,
//! checksums), the baseline, the sweep and the report model beside the example
//! rows, the release review, the page, the outputs, the lines to print.

use std::path::PathBuf;

use anyhow::{Context as _, Result};

use super::progress::{Progress, Silent};
use super::request::{Built, ReportRequest};
use super::{Printed, default_output, report_date};
use crate::input::context::Context;
use crate::input::eval::load_cells;
use crate::input::plan::{Loaded, column_spec, load_baseline, load_report_inputs};
use crate::model::analysis::{Analysis, build_analysis};
use crate::model::inputs::{inputs, row_weights};
use crate::model::mistakes::{build_mistakes, pick_mistakes};
use crate::model::release::Release;
use crate::model::report::{Report, full_segments};
use crate::output::{write_output, write_output_making_folders};
use crate::present::export::markdown::markdown_summary;
use crate::present::export::release_json::release_summary_json;
use crate::present::page::{build_page, render_page};
use crate::present::progress::Stage;
use crate::present::terminal::{report_lines, report_notes, warning_line};

/// `tradeoff report`: reads the context and the evaluation data, builds the report,
/// writes the page (and the JSON) atomically and returns what to print.
///
/// # Errors
/// A context, data or output problem, each naming the file and what to do.
pub fn report(request: &ReportRequest) -> Result<Built> {
    report_with_progress(request, &Silent)
}

/// [`report`], telling `progress` each stage as it starts (see [`Stage`]).
pub fn report_with_progress(request: &ReportRequest, progress: &dyn Progress) -> Result<Built> {
    progress.stage(Stage::Reading);
    // 1. The context, the evaluation data and the engine's summaries, with the
    //    appendix's checksums read alongside.
    let Loaded {
        context,
        data,
        summaries,
        files,
    } = load_report_inputs(&request.context_file, request.drop_invalid)?;
    // 2. The baseline's scores for the same cases, when the context names one.
    //    From an engine's summaries, the cases paired with the baseline's scores.
    let compared = summaries.pairs.as_ref().unwrap_or(&data);
    let baseline_scores = load_baseline(&context, compared, request.drop_invalid)?;
    let weights = row_weights(&context, &data);
    let inputs = inputs(&context, &data, weights, &summaries);
    // The example rows: the evaluation's own, or the engine's pick of them.
    let (examples, examples_file) = match &summaries.examples {
        Some((file, rows)) => (rows, file.clone()),
        None => (&data, context.data.path.clone()),
    };
    let current = context.thresholds.current;
    let date = report_date(context.date)?;
    progress.stage(Stage::Sweeping {
        rows: data.scores.len(),
    });
    // 3. The mistakes at the current threshold (their text read from the file)
    //    beside 4. the sweep, 5. the report model, the curves and meeting mode's grid.
    let ((picked, cells), built) = rayon::join(
        || {
            let picked = pick_mistakes(
                &examples.scores,
                &examples.positive,
                current,
                request.examples,
                &examples.repeated_id_rows(),
            );
            let rows: Vec<usize> = picked
                .all()
                .into_iter()
                .map(|i| examples.file_row(i))
                .collect();
            let spec = column_spec(&context, request.drop_invalid);
            let cells = load_cells(
                &examples_file,
                &spec.csv,
                &context.data.text_columns(),
                &rows,
            );
            (picked, cells)
        },
        || build_analysis(&context, &inputs, &data, weights, date),
    );
    let Analysis {
        mut report,
        curves,
        grid,
    } = built.context("the evaluation data must hold both classes")?;
    crate::trace("built");
    let cells = cells?;
    // 6. The release review: the comparison, the gates, the provenance.
    progress.stage(Stage::BuildingPage);
    let review = super::release::review(
        &context,
        compared,
        baseline_scores.as_ref(),
        &mut report,
        files,
        request.examples,
    )?;
    let has_ids = context.data.id.is_some();
    let mistakes = build_mistakes(&picked, examples, current, has_ids, &cells);
    // 7. The page.
    let show = &context.data.show;
    let page = build_page(&report, &curves, &mistakes, &grid, show, &review)?;
    let html = render_page(&page).context("cannot render the report page")?;
    crate::trace("page");
    // 8. Outputs, written atomically, never over an input.
    progress.stage(Stage::Writing);
    if request.json.is_some() && request.all_segment_values {
        // The page keeps the largest segment values; the JSON gets them all on request.
        report.segments = full_segments(&report, &inputs);
    }
    let output = write_outputs(request, &context, &html, &report, &review)?;
    // 9. The headline for the terminal, then the comparison's and the gates.
    let mut notes = report_notes(&review, request.check, &output);
    // A "wrote …" line for every output written, not only the page (issue 24).
    for written in request.json.iter().chain(&request.markdown) {
        notes.push_str(&crate::present::terminal::wrote_line(written));
    }
    let warnings = report.warnings.iter().map(warning_line);
    let printed = Printed {
        stdout: report_lines(&report, &review),
        stderr: warnings.chain([notes]).collect(),
    };
    Ok(Built {
        report,
        html,
        output,
        printed,
        release: review,
    })
}

/// Writes the page, and the JSON and markdown when asked, each atomically and
/// never over a file the run read; returns where the page went.
fn write_outputs(
    request: &ReportRequest,
    context: &Context,
    html: &str,
    report: &Report,
    review: &Release,
) -> Result<PathBuf> {
    let read = context.files();
    let output = (request.output.clone()).unwrap_or_else(|| default_output(&request.context_file));
    // Only the default folder (`reports/`) is made; a folder named in -o must exist.
    match request.output {
        Some(_) => write_output(&output, html.as_bytes(), &read)?,
        None => write_output_making_folders(&output, html.as_bytes(), &read)?,
    }
    if let Some(json) = &request.json {
        write_output(json, &release_summary_json(report, review), &read)?;
    }
    if let Some(markdown) = &request.markdown {
        write_output(markdown, markdown_summary(report, review).as_bytes(), &read)?;
    }
    Ok(output)
}
