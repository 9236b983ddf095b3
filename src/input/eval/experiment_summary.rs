//! The experiment as an engine reduced it (`tradeoff sql` on a context with
//! `monitoring.experiment`, `monitoring.production.summary.experiment`):
//! `monitor_experiment` holds one row per arm value and outcome value as production
//! stores them, with the cases that share both. Read back into [`ExperimentData`]:
//! each row's arm and outcome checked as the raw file's are
//! (`production::arms_and_outcomes`: an arm of neither value, a missing or
//! non-numeric outcome stop the run the same way), then repeated `cases` times.
//! The model's effect depends only on each arm's multiset of outcomes (its sums
//! run over sorted values and its bootstrap resamples the sorted non-zero ones), so
//! the numbers are the raw run's exactly.

use std::path::Path;

use super::check::Checker;
use super::production::{ExperimentColumns, ExperimentData, MonitorLoadError, arms_and_outcomes};
use super::production_summary::CASES;
use super::{CsvOptions, LoadError};

/// Reads `monitor_experiment` (`file`): the arm and outcome columns as production
/// names them, and [`CASES`].
///
/// # Errors
/// A file or column that cannot be read, an arm of neither value, an outcome that
/// is missing or not a number, or a count that is not a whole number ≥ 1.
pub fn load_experiment_summary(
    file: &Path,
    columns: &ExperimentColumns,
) -> Result<ExperimentData, MonitorLoadError> {
    let wanted: Vec<(String, &'static str)> = vec![
        (columns.arm.clone(), "arm"),
        (columns.outcome.clone(), "outcome"),
        (CASES.to_owned(), "count"),
    ];
    let needed: Vec<&str> = wanted.iter().map(|w| w.0.as_str()).collect();
    let (source, table) = super::read_columns(file, &CsvOptions::default(), &wanted, &needed)?;
    let (arms, outcomes) = arms_and_outcomes(file, &source, &table, columns)?;
    let checker = Checker {
        source: &source,
        frame: &table,
    };
    let cases = checker.non_negative(
        CASES,
        "a whole number of cases",
        "it counts cases: run the SQL `tradeoff sql` printed unchanged",
    )?;
    if let Some(row) = cases.iter().position(|c| c.fract() != 0.0 || *c < 1.0) {
        return Err(LoadError::BadValue {
            file: file.to_owned(),
            column: CASES.to_owned(),
            place: checker.place(row),
            value: cases[row].to_string(),
            expected: "a whole number of cases, at least 1",
            hint: "",
        }
        .into());
    }
    let total = cases.iter().sum::<f64>() as usize;
    let (mut in_model, mut values) = (Vec::with_capacity(total), Vec::with_capacity(total));
    for ((&arm, &outcome), &count) in arms.iter().zip(&outcomes).zip(&cases) {
        in_model.extend(std::iter::repeat_n(arm, count as usize));
        values.extend(std::iter::repeat_n(outcome, count as usize));
    }
    Ok(ExperimentData {
        file: file.to_owned(),
        in_model,
        outcomes: values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::eval::production::load_experiment;
    use crate::stats::experiment::effect;

    fn columns() -> ExperimentColumns {
        ExperimentColumns {
            arm: "arm".to_owned(),
            model: "model".to_owned(),
            holdout: "holdout".to_owned(),
            outcome: "lost".to_owned(),
        }
    }

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        file
    }

    /// Raw rows and their reduction by arm and outcome (counted by hand) give the
    /// same arms, the same multiset of outcomes and the same effect, bit for bit.
    #[test]
    fn the_reduction_gives_the_raw_rows_effect_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let raw = write(
            dir.path(),
            "raw.csv",
            "arm,lost\nmodel,0\nholdout,12.5\nmodel,3.25\nMODEL,0\nholdout,0\nmodel,3.25\nholdout,40\nmodel,0\nholdout,12.5\nmodel,7\n",
        );
        let summary = write(
            dir.path(),
            "monitor_experiment.csv",
            "arm,lost,cases\nholdout,12.5,2\nmodel,0,2\nMODEL,0,1\nmodel,3.25,2\nmodel,7,1\nholdout,0,1\nholdout,40,1\n",
        );
        let raw = load_experiment(&raw, &columns()).unwrap();
        let read = load_experiment_summary(&summary, &columns()).unwrap();
        let arm = |data: &ExperimentData, model: bool| {
            let mut v: Vec<f64> = (data.in_model.iter().zip(&data.outcomes))
                .filter(|(m, _)| **m == model)
                .map(|(_, y)| *y)
                .collect();
            v.sort_by(f64::total_cmp);
            v
        };
        assert_eq!(arm(&read, true), [0.0, 0.0, 0.0, 3.25, 3.25, 7.0]);
        assert_eq!(arm(&read, false), [0.0, 12.5, 12.5, 40.0]);
        for model in [true, false] {
            assert_eq!(arm(&raw, model), arm(&read, model));
        }
        // In a different order: the effect does not depend on it.
        let (m, h) = (arm(&read, true), arm(&read, false));
        let (mut m_raw, mut h_raw) = (Vec::new(), Vec::new());
        for (&in_model, &y) in raw.in_model.iter().zip(&raw.outcomes) {
            if in_model {
                m_raw.push(y);
            } else {
                h_raw.push(y);
            }
        }
        let (a, b) = (effect(&m_raw, &h_raw).unwrap(), effect(&m, &h).unwrap());
        assert_eq!(a, b);
        // Holdout 65 / 4 = 16.25 a case, model 13.5 / 6 = 2.25: 14 per case.
        assert_eq!(a.per_case.value, 14.0);
    }

    #[test]
    fn an_arm_of_neither_value_or_a_bad_count_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let other = write(
            dir.path(),
            "a.csv",
            "arm,lost,cases\nmodel,0,3\ncontrol,1,2\n",
        );
        let e = load_experiment_summary(&other, &columns())
            .unwrap_err()
            .to_string();
        assert!(e.contains("the arm `control` is neither"), "{e}");
        let half = write(dir.path(), "b.csv", "arm,lost,cases\nmodel,0,1.5\n");
        let e = load_experiment_summary(&half, &columns())
            .unwrap_err()
            .to_string();
        assert!(e.contains("a whole number of cases"), "{e}");
        let missing = write(dir.path(), "c.csv", "arm,lost,cases\nmodel,,4\n");
        let e = load_experiment_summary(&missing, &columns())
            .unwrap_err()
            .to_string();
        assert!(e.contains("column `lost` has 1 missing value(s)"), "{e}");
    }
}
