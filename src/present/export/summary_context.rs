//! The context `tradeoff sql --context` writes: the original context, key for key,
//! with its `data:` pointing at the engine's results (`NAME.parquet` beside the
//! written file) and `data.summary` saying what the engine made. It is the
//! original's raw types, changed and serialised (`input::context`), so no key is
//! lost by hand-written YAML. Paths are rebased from the original's folder to the
//! written file's. What cannot be carried is said in the file's header and on
//! standard error ([`SummaryContext::left_out`]).

use std::path::{Component, Path, PathBuf};

use crate::input::context::{
    RawBusiness, RawContext, RawCost, RawData, RawProductionSummary, RawSummary, render_raw_context,
};
use crate::input::eval::PAIR_SCORE;
use crate::present::export::sql::{
    AUDITED, CASES, Dialect, EXPERIMENT, PAIRS, REPEATED, SCORES, Statement, Step, squares_name,
};

/// The written context and what it leaves out.
#[derive(Debug, Clone)]
pub struct SummaryContext {
    /// The YAML text.
    pub yaml: String,
    /// The keys of the original left out, each with why.
    pub left_out: Vec<String>,
}

/// Where the original context is and where the written one goes.
#[derive(Debug, Clone, Copy)]
pub struct Places<'a> {
    /// The original context file.
    pub original: &'a Path,
    /// The file being written.
    pub written: &'a Path,
}

/// The context that reads the engine's results: `raw` (the original, as written)
/// with `data:` replaced by the summary's and every other path rebased.
pub(crate) fn summary_context(
    raw: &RawContext,
    statements: &[Statement],
    step: Option<Step>,
    dialect: Dialect,
    places: Places,
    baseline_refused: Option<&str>,
) -> SummaryContext {
    let mut context = raw.clone();
    let mut left_out = Vec::new();
    context.data = summary_data(&raw.data, &raw.business, statements, step);
    if let Some(cluster) = context.data.cluster.take() {
        left_out.push(format!(
            "data.cluster (`{cluster}`: the engine's counts have lost which rows share a cluster, so clustered intervals cannot be read from them: run the report on the original context for them)"
        ));
    }
    for (key, value) in [
        ("data.separator", &raw.data.separator),
        ("data.decimal", &raw.data.decimal),
        ("data.timestamp_unit", &raw.data.timestamp_unit),
    ] {
        if value.is_some() {
            left_out.push(format!(
                "{key} (it describes the raw file; the engine's results are Parquet)"
            ));
        }
    }
    let rebase = |path: &str| rebase(path, places);
    let paired = statements.iter().any(|s| s.name == PAIRS);
    if let (Some(baseline), true) = (&mut context.baseline, paired) {
        // The engine paired each case's two scores: the baseline's score is a
        // column of its pairs; name, threshold and min_overlap stay.
        baseline.score = Some(PAIR_SCORE.to_owned());
        baseline.path = None;
        baseline.id = None;
        if let Some(summary) = &mut context.data.summary {
            summary.pairs = Some(format!("{PAIRS}.parquet"));
        }
    } else if context.baseline.take().is_some() {
        left_out.push(format!(
            "baseline (the engine's results hold no pairs of the two models' scores: {})",
            baseline_refused.unwrap_or("no `pairs` statement was written")
        ));
        if let Some(gates) = &mut context.gates
            && !gates.no_worse_than_baseline.is_empty()
        {
            gates.no_worse_than_baseline.clear();
            left_out.push("gates.no_worse_than_baseline (it needs the baseline)".to_owned());
        }
    }
    let has = |name: &str| statements.iter().any(|s| s.name == name);
    if let Some(monitoring) = &mut context.monitoring
        && has(SCORES)
    {
        // The engine's reduction of production (and its audited cases); the
        // audit file itself is read as before.
        monitoring.production.path = format!("{SCORES}.parquet");
        monitoring.production.summary = Some(RawProductionSummary {
            audited: has(AUDITED).then(|| format!("{AUDITED}.parquet")),
            resolution: step.map(|s| s.value()),
            repeated_ids: has(REPEATED).then(|| format!("{REPEATED}.parquet")),
            experiment: has(EXPERIMENT).then(|| format!("{EXPERIMENT}.parquet")),
        });
        if let Some(audit) = &mut monitoring.audit {
            audit.path = rebase(&audit.path);
        }
        if !has(EXPERIMENT) && monitoring.experiment.take().is_some() {
            left_out.push(
                "monitoring.experiment (the model's effect needs production's cases per arm and outcome, and no `monitor_experiment` statement was written: run `tradeoff monitor` on the original context for it)"
                    .to_owned(),
            );
        }
    } else if let Some(monitoring) = &mut context.monitoring {
        monitoring.production.path = rebase(&monitoring.production.path);
        if let Some(audit) = &mut monitoring.audit {
            audit.path = rebase(&audit.path);
        }
    }
    let mut header = vec![
        format!(
            "Written by `tradeoff sql --dialect {}` from {}: the report reads the",
            dialect.name(),
            places.original.display()
        ),
        "engine's results, each NAME.parquet beside this file.".to_owned(),
    ];
    if paired && context.baseline.is_some() {
        header.push(format!(
            "baseline: its scores are the column {PAIR_SCORE} of {PAIRS}.parquet (data.summary.pairs),"
        ));
        header.push("each case paired with the candidate's by the engine.".to_owned());
    }
    header.extend(left_out.iter().map(|l| format!("Left out: {l}")));
    SummaryContext {
        yaml: render_raw_context(&context, &header),
        left_out,
    }
}

/// The `data:` of the written context: the same columns, read from the engine's
/// counts, with `data.summary` naming each result.
fn summary_data(
    data: &RawData,
    business: &RawBusiness,
    statements: &[Statement],
    step: Option<Step>,
) -> RawData {
    let file = |name: &str| format!("{name}.parquet");
    let has = |name: &str| statements.iter().any(|s| s.name == name);
    let mut squares: Vec<String> = data.weight.iter().cloned().collect();
    squares.extend(cost_columns(business));
    RawData {
        path: file("counts"),
        count: Some(CASES.to_owned()),
        timestamp: data.timestamp.as_ref().map(|_| "day".to_owned()),
        timezone: Some(data.timezone.clone().unwrap_or_else(|| "UTC".to_owned())),
        timestamp_unit: None,
        separator: None,
        decimal: None,
        summary: Some(RawSummary {
            resolution: step.map(|s| s.value()),
            squares: (squares.iter())
                .map(|c| (c.clone(), squares_name(c)))
                .collect(),
            examples: has("examples").then(|| file("examples")),
            days: has("days").then(|| file("days")),
            repeated_ids: has("repeated_ids").then(|| file("repeated_ids")),
            pairs: None,
            segments: (data.segments.iter().enumerate())
                .map(|(i, s)| (s.clone(), file(&format!("segment_{}", i + 1))))
                .collect(),
        }),
        ..data.clone()
    }
}

/// The columns costs are taken from: the counts carry their sums of squares.
fn cost_columns(business: &RawBusiness) -> Vec<String> {
    let Some(costs) = &business.costs else {
        return Vec::new();
    };
    [
        &costs.false_positive,
        &costs.false_negative,
        &costs.true_positive,
    ]
    .into_iter()
    .filter_map(|cost| match cost {
        RawCost::Column(c) => Some(c.column.clone()),
        RawCost::Money(_) => None,
    })
    .collect()
}

/// `path` (relative to the original context's folder) as seen from the written
/// file's folder: relative when both folders can be resolved; an absolute path
/// stays as written.
fn rebase(path: &str, places: Places) -> String {
    if Path::new(path).is_absolute() {
        return path.to_owned();
    }
    let folder = |file: &Path| {
        let parent = file.parent().unwrap_or(Path::new(""));
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        std::path::absolute(parent).map(|p| normalise(&p))
    };
    let (Ok(from), Ok(to)) = (folder(places.original), folder(places.written)) else {
        return path.to_owned();
    };
    let target = normalise(&from.join(path));
    // Folders with nothing in common but the root: the absolute path reads better.
    let shared = target
        .components()
        .zip(to.components())
        .take_while(|(a, b)| a == b)
        .count();
    if shared <= 1 {
        return target.display().to_string();
    }
    relative(&target, &to).display().to_string()
}

/// `path` with `.` and `..` resolved by their names (no file system access).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// `target` relative to the folder `base`; both absolute and normalised.
fn relative(target: &Path, base: &Path) -> PathBuf {
    let target: Vec<Component> = target.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = target.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for part in &target[common..] {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_rebased_from_the_original_folder_to_the_written_one() {
        let places = Places {
            original: Path::new("/a/ctx/context.yaml"),
            written: Path::new("/a/out/summary.yaml"),
        };
        assert_eq!(rebase("prod.parquet", places), "../ctx/prod.parquet");
        assert_eq!(rebase("../data/x.csv", places), "../data/x.csv");
        assert_eq!(rebase("/abs/x.csv", places), "/abs/x.csv");
        let same = Places {
            original: Path::new("/a/ctx/context.yaml"),
            written: Path::new("/a/ctx/summary.yaml"),
        };
        assert_eq!(rebase("sub/prod.parquet", same), "sub/prod.parquet");
        let apart = Places {
            original: Path::new("/work/ctx/context.yaml"),
            written: Path::new("/tmp/summary.yaml"),
        };
        assert_eq!(rebase("prod.parquet", apart), "/work/ctx/prod.parquet");
    }
}
