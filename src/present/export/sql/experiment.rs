//! `monitor_experiment`: production reduced to what `monitoring.experiment` needs.
//! The model's effect (`stats::experiment`) depends on each arm's outcomes only as
//! a multiset — its sums run over sorted values and its bootstrap resamples the
//! sorted non-zero outcomes — and the split check on the arms' counts; the volume
//! per day comes from `monitor_scores`. So one row per arm value and outcome value
//! as production stores them, with the cases that share both, gives the raw run's
//! numbers exactly. The arm is kept as written (the monitor compares it with
//! `model` and `holdout` as on the raw file, and refuses any other value the same
//! way); a NULL or NaN outcome is a group of its own, refused as on the raw file.
//!
//! Rows: the arm values (two, in a well-formed experiment) times the distinct
//! outcomes in each: four for a 0/1 outcome; for money, at most the cases with a
//! non-zero amount plus one zero row per arm.

use super::{CASES, Quoting, SqlError, Statement};
use crate::input::context::ExperimentSpec;

/// The statement's name, as its result is saved.
pub(crate) const EXPERIMENT: &str = "monitor_experiment";

/// `monitor_experiment` over `source` (production, read the engine's way).
///
/// # Errors
/// The arm and outcome are one column, or one is named like the count column.
pub(super) fn experiment_statement(
    q: &Quoting,
    source: &str,
    spec: &ExperimentSpec,
) -> Result<Statement, SqlError> {
    for name in [&spec.arm, &spec.outcome] {
        if name == CASES {
            return Err(SqlError::Collision(name.clone()));
        }
    }
    if spec.arm == spec.outcome {
        return Err(SqlError::Collision(spec.arm.clone()));
    }
    let (arm, outcome) = (q.ident(&spec.arm), q.ident(&spec.outcome));
    let sql = format!(
        "SELECT\n  {arm} AS {arm},\n  {outcome} AS {outcome},\n  COUNT(*) AS {}\nFROM {source}\nGROUP BY 1, 2",
        q.ident(CASES)
    );
    q.refused()?;
    Ok(Statement {
        name: EXPERIMENT.to_owned(),
        sql,
    })
}
