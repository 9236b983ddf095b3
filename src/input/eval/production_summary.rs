//! Production as an engine reduced it (`tradeoff sql` on a context with
//! `monitoring:`, `monitoring.production.summary`): `monitor_scores` holds the
//! cases not audited, one row per local day and score with their count and first
//! and last instant; `monitor_audited` the audited cases one by one. Read back into
//! [`ProductionData`]: the audited cases first (exact score, instant and id), then
//! each summary row's cases — one at its first instant, one at its last, the rest
//! at the first — so every day's count, flags and span (what the partial-day rules
//! read) are those of the raw rows. Scores and timestamps are checked as the raw
//! file's are: a NULL or NaN score stops the run the same way.

use std::collections::HashMap;
use std::path::Path;

use polars::prelude::*;

use super::check::{Checker, shorten};
use super::production::{ExperimentColumns, MonitorLoadError, ProductionData, arms};
use super::{CsvOptions, EpochUnit, LoadError, Segment};

/// The column of each result holding the local day (for a reader; the loader
/// cuts days itself).
pub const DAY: &str = "day";
/// `monitor_scores`' column of the cases each row stands for.
pub const CASES: &str = "cases";
/// `monitor_scores`' columns holding the first and last instant (Unix ms) of a
/// row's cases.
pub const FIRST_MS: &str = "first_ms";
/// See [`FIRST_MS`].
pub const LAST_MS: &str = "last_ms";
/// `monitor_audited`'s column holding each case's instant (Unix ms).
pub const MS: &str = "ms";

/// Production's columns, as the results keep their names.
#[derive(Debug, Clone, Copy)]
pub struct SummaryColumns<'a> {
    /// Production's score column.
    pub score: &'a str,
    /// Production's id column (in `monitor_audited`).
    pub id: Option<&'a str>,
    /// The `data.segments` columns (in both results).
    pub segments: &'a [String],
    /// With `monitoring.experiment`: the arm column (in both results) and its two
    /// values.
    pub arm: Option<&'a ExperimentColumns>,
}

/// Production rebuilt from the engine's results, with the audited cases' ids (the
/// first `audited_ids.len()` rows).
#[derive(Debug)]
pub struct SummarisedProduction {
    /// One entry per case, audited cases first.
    pub data: ProductionData,
    /// The audited cases' ids, in row order.
    pub audited_ids: Vec<String>,
}

/// Reads `monitor_scores` (`scores`) and `monitor_audited` (`audited`).
///
/// # Errors
/// A file or column that cannot be read, a missing or non-finite score, a missing
/// instant, a count that is not a whole number ≥ 1, or an id given twice.
pub fn load_production_summary(
    scores: &Path,
    audited: Option<&Path>,
    columns: &SummaryColumns,
) -> Result<SummarisedProduction, MonitorLoadError> {
    let mut data = ProductionData {
        file: scores.to_owned(),
        scores: Vec::new(),
        timestamps: Vec::new(),
        ids: None,
        segments: Vec::new(),
        in_model: None,
    };
    let mut in_model: Vec<bool> = Vec::new();
    let mut audited_ids = Vec::new();
    // Each segment column, the audited cases' then each summary row's cases',
    // coded as the raw file's are.
    let mut segments: Vec<Segment> = (columns.segments.iter())
        .map(|column| Segment {
            column: column.clone(),
            names: Vec::new(),
            codes: Vec::new(),
        })
        .collect();
    if let (Some(file), Some(id)) = (audited, columns.id) {
        let (source, table) = read(
            file,
            &with_segments(
                &[(columns.score, "score"), (id, "id"), (MS, "timestamp")],
                columns,
            ),
        )?;
        if let Some(arm) = columns.arm {
            in_model.extend(arms(file, &source, &table, arm)?);
        }
        let coded = super::production::segment_codes(file, &table, columns.segments)?;
        for (all, these) in segments.iter_mut().zip(coded) {
            append(all, these, None);
        }
        let checker = Checker {
            source: &source,
            frame: &table,
        };
        let scores = checker.numbers_kept(columns.score, "a number (a model score)")?;
        let instants = checker.timestamps(MS, Some(EpochUnit::Milliseconds))?;
        // The ids written as the raw file's are (`7.0` stored as a float reads `7`),
        // so the audit joins to them as it joins to the raw file.
        let ids = super::production::id_texts(file, &table, id)?;
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (row, value) in ids.iter().enumerate() {
            let Some(value) = value else {
                return Err(MonitorLoadError::MissingId {
                    file: file.to_owned(),
                    column: id.to_owned(),
                    count: ids.iter().filter(|i| i.is_none()).count(),
                    row: row + 1,
                });
            };
            if let Some(first) = seen.insert(value.to_owned(), row) {
                return Err(MonitorLoadError::DuplicateId {
                    file: file.to_owned(),
                    column: id.to_owned(),
                    id: shorten(value),
                    first_row: first + 1,
                    row: row + 1,
                });
            }
            audited_ids.push(value.to_owned());
        }
        data.scores.extend(scores);
        data.timestamps.extend(instants);
    }
    let (source, table) = read(
        scores,
        &with_segments(
            &[
                (columns.score, "score"),
                (CASES, "count"),
                (FIRST_MS, "timestamp"),
                (LAST_MS, "timestamp"),
            ],
            columns,
        ),
    )?;
    let checker = Checker {
        source: &source,
        frame: &table,
    };
    let values = checker.numbers_kept(columns.score, "a number (a model score)")?;
    let cases = checker.non_negative(
        CASES,
        "a whole number of cases",
        "it counts cases: run the SQL `tradeoff sql` printed unchanged",
    )?;
    let first = checker.timestamps(FIRST_MS, Some(EpochUnit::Milliseconds))?;
    let last = checker.timestamps(LAST_MS, Some(EpochUnit::Milliseconds))?;
    if let Some(row) = cases.iter().position(|c| c.fract() != 0.0 || *c < 1.0) {
        return Err(LoadError::BadValue {
            file: scores.to_owned(),
            column: CASES.to_owned(),
            place: checker.place(row),
            value: cases[row].to_string(),
            expected: "a whole number of cases, at least 1",
            hint: "",
        }
        .into());
    }
    let coded = super::production::segment_codes(scores, &table, columns.segments)?;
    for (all, these) in segments.iter_mut().zip(coded) {
        append(all, these, Some(&cases));
    }
    data.segments = segments;
    if let Some(arm) = columns.arm {
        let arms = arms(scores, &source, &table, arm)?;
        for (&in_arm, &count) in arms.iter().zip(&cases) {
            in_model.extend(std::iter::repeat_n(in_arm, count as usize));
        }
        data.in_model = Some(in_model);
    }
    let total: f64 = cases.iter().sum();
    data.scores.reserve(total as usize);
    data.timestamps.reserve(total as usize);
    for (((&score, &count), &first), &last) in values.iter().zip(&cases).zip(&first).zip(&last) {
        let count = count as usize;
        data.scores.extend(std::iter::repeat_n(score, count));
        data.timestamps.push(first);
        if count > 1 {
            data.timestamps.push(last);
            data.timestamps
                .extend(std::iter::repeat_n(first, count - 2));
        }
    }
    Ok(SummarisedProduction { data, audited_ids })
}

/// `wanted`, the segment columns and the arm column (each once).
fn with_segments<'b>(
    wanted: &[(&'b str, &'static str)],
    columns: &SummaryColumns<'b>,
) -> Vec<(&'b str, &'static str)> {
    let mut all = wanted.to_vec();
    all.extend(columns.segments.iter().map(|c| (c.as_str(), "segment")));
    if let Some(arm) = columns.arm
        && !all.iter().any(|w| w.0 == arm.arm)
    {
        all.push((arm.arm.as_str(), "arm"));
    }
    all
}

/// Appends `these` rows' values to `all`, each row `counts[row]` times (once
/// without counts), the values matched by name.
fn append(all: &mut Segment, these: Segment, counts: Option<&[f64]>) {
    let codes: Vec<u32> = (these.names.into_iter())
        .map(|name| {
            let code = all
                .names
                .iter()
                .position(|n| *n == name)
                .unwrap_or_else(|| {
                    all.names.push(name);
                    all.names.len() - 1
                });
            code as u32
        })
        .collect();
    for (row, &code) in these.codes.iter().enumerate() {
        let times = counts.map_or(1, |c| c[row] as usize);
        all.codes
            .extend(std::iter::repeat_n(codes[code as usize], times));
    }
}

/// Reads `wanted` (column, role) from an engine's result.
fn read(
    file: &Path,
    wanted: &[(&str, &'static str)],
) -> Result<(super::read::Source, DataFrame), LoadError> {
    let owned: Vec<(String, &'static str)> = wanted
        .iter()
        .map(|&(c, role)| (c.to_owned(), role))
        .collect();
    let needed: Vec<&str> = wanted.iter().map(|w| w.0).collect();
    super::read_columns(file, &CsvOptions::default(), &owned, &needed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        file
    }

    #[test]
    fn each_row_s_cases_keep_its_first_and_last_instant() {
        let dir = tempfile::tempdir().unwrap();
        let scores = write(
            dir.path(),
            "monitor_scores.csv",
            "day,score,country,cases,first_ms,last_ms\n2026-11-23,0.25,DE,3,1000,5000\n2026-11-23,0.75,,1,2000,2000\n",
        );
        let audited = write(
            dir.path(),
            "monitor_audited.csv",
            "id,score,country,day,ms\nA7,0.9,FR,2026-11-23,7000\n",
        );
        let segments = ["country".to_owned()];
        let columns = SummaryColumns {
            score: "score",
            id: Some("id"),
            segments: &segments,
            arm: None,
        };
        let read = load_production_summary(&scores, Some(&audited), &columns).unwrap();
        assert_eq!(read.audited_ids, ["A7"]);
        assert_eq!(read.data.scores, [0.9, 0.25, 0.25, 0.25, 0.75]);
        assert_eq!(read.data.timestamps, [7000, 1000, 5000, 1000, 2000]);
        // Each case keeps its row's segment value; a missing one reads as the raw
        // file's does.
        let country = &read.data.segments[0];
        assert_eq!(country.names, ["FR", "DE", "(missing)"]);
        assert_eq!(country.codes, [0, 1, 1, 1, 2]);
    }

    #[test]
    fn a_missing_score_or_a_bad_count_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let columns = SummaryColumns {
            score: "score",
            id: None,
            segments: &[],
            arm: None,
        };
        let missing = write(
            dir.path(),
            "a.csv",
            "day,score,cases,first_ms,last_ms\n2026-11-23,,3,1000,5000\n",
        );
        let e = load_production_summary(&missing, None, &columns)
            .unwrap_err()
            .to_string();
        assert!(e.contains("column `score` has 1 missing value(s)"), "{e}");
        let half = write(
            dir.path(),
            "b.csv",
            "day,score,cases,first_ms,last_ms\n2026-11-23,0.5,1.5,1000,5000\n",
        );
        let e = load_production_summary(&half, None, &columns)
            .unwrap_err()
            .to_string();
        assert!(e.contains("a whole number of cases"), "{e}");
        let twice = write(
            dir.path(),
            "c.csv",
            "id,score,day,ms\nA,0.9,2026-11-23,7000\nA,0.8,2026-11-23,8000\n",
        );
        let columns = SummaryColumns {
            score: "score",
            id: Some("id"),
            segments: &[],
            arm: None,
        };
        let e = load_production_summary(&half, Some(&twice), &columns)
            .unwrap_err()
            .to_string();
        assert!(e.contains("already appears in row 1"), "{e}");
    }
}
