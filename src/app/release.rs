//! The release review stage of `tradeoff report`: the comparison with the
//! baseline (with the text of the cases the two models disagree on, read from the
//! file), the gates and the provenance (the context file's git state).

use anyhow::{Context as _, Result};

use crate::input::context::Context;
use crate::input::eval::ids::IdMatch;
use crate::input::eval::{BaselineScores, EvalData, load_cells};
use crate::input::fingerprint::InputFile;
use crate::model::comparison::{build_comparison, pair_cases};
use crate::model::gates::build_gates;
use crate::model::provenance::Provenance;
use crate::model::release::{Disagreements, Release, build_disagreements};
use crate::model::report::Report;
use crate::model::warnings::Warning;

/// The comparison with the baseline, the gates and the provenance. Cases only one
/// model scored become a warning on `report`.
pub(super) fn review(
    context: &Context,
    data: &EvalData,
    baseline_scores: Option<&BaselineScores>,
    report: &mut Report,
    files: Vec<InputFile>,
    examples: usize,
) -> Result<Release> {
    let mut comparison = None;
    let mut disagreements = Disagreements::default();
    if let (Some(baseline), Some(scores)) = (&context.baseline, baseline_scores) {
        if scores.evaluation_only > 0 || scores.baseline_only > 0 {
            report.warnings.push(Warning::BaselineOverlap {
                evaluation_only: scores.evaluation_only,
                first_evaluation_only: scores.first_evaluation_only.clone(),
                baseline_only: scores.baseline_only,
                first_baseline_only: scores.first_baseline_only.clone(),
            });
        }
        if let IdMatch::ByValue { left, right } = &scores.id_match {
            let (evaluation, baseline) = (left.clone(), right.clone());
            report.warnings.push(Warning::IdsJoinedByValue {
                evaluation,
                baseline,
            });
        }
        let paired = pair_cases(data, scores);
        let built = build_comparison(
            context,
            baseline,
            scores,
            &paired,
            &report.workload,
            examples,
        )
        .context(
            "the cases both models scored must hold at least two positive and two negative cases to compare the models",
        )?;
        let mut built = built;
        if let Some(m) = built.matched_by(crate::input::context::MatchRule::FlaggedPerDay) {
            let thresholds = (m.candidate.threshold, m.baseline.threshold);
            built.segments = crate::model::comparison::segments::compare_segments(
                data,
                &paired,
                thresholds,
                &report.workload,
            );
        }
        let rows: Vec<usize> = built
            .caught_by_candidate_only
            .iter()
            .chain(&built.caught_by_baseline_only)
            .map(|&i| data.file_row(i))
            .collect();
        // An engine's pairs hold counts, not the cases' ids and text: the
        // disagreements show their scores only.
        let pairs = (context.data.summary.as_ref()).is_some_and(|s| s.pairs.is_some());
        let text_columns = if pairs {
            Vec::new()
        } else {
            context.data.text_columns()
        };
        let cells = load_cells(&data.file, &context.data.csv, &text_columns, &rows)?;
        let has_id = context.data.id.is_some() && !pairs;
        disagreements = build_disagreements(&built, data, scores, has_id, &cells);
        comparison = Some(built);
    }
    let gates = build_gates(&context.gates, report, comparison.as_ref());
    Ok(Release {
        comparison,
        disagreements,
        gates,
        provenance: Provenance {
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            model: context.model.clone(),
            baseline: context.baseline.as_ref().map(|b| b.name.clone()),
            inputs: files,
            context_git: crate::git::load_git_state(&context.file),
        },
    })
}
