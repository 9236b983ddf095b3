//! Each production case's own cost, for `tradeoff monitor` when a cost is per case
//! from a column (`business.costs.false_negative: { column: amount }`): the column
//! the evaluation data names, read from production (every case) or, when production
//! does not have it, from the audit (the audited cases, joined by id as the
//! verdicts are). Only the audited cases' values are used: what a case cost is
//! known only where its outcome is.

use std::collections::HashMap;
use std::path::Path;

use super::check::Checker;
use super::ids::IdMatch;
use super::production::MonitorLoadError;
use super::{CsvOptions, LoadError};

/// Where a cost column's values were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostFrom {
    /// The production file: every case.
    Production,
    /// The audit file: the audited cases.
    Audit,
}

/// One cost column, per production row.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseCostColumn {
    /// The column's name (the evaluation data's).
    pub name: String,
    /// Where it was read.
    pub from: CostFrom,
    /// One entry per production row; `None` where the file has no value for it
    /// (a case the audit does not hold).
    pub values: Vec<Option<f64>>,
}

/// The cost columns found, and the ones in neither file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseCosts {
    /// Each column found, in the order asked.
    pub columns: Vec<CaseCostColumn>,
    /// Columns in neither production nor the audit.
    pub absent: Vec<String>,
}

impl CaseCosts {
    /// The column named `name`, if found.
    pub fn column(&self, name: &str) -> Option<&CaseCostColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Reads `column` as numbers from `file`; `None` when the file has no such column.
fn numbers(file: &Path, column: &str) -> Result<Option<Vec<f64>>, LoadError> {
    let wanted = [(column.to_owned(), "cost")];
    match super::read_columns(file, &CsvOptions::default(), &wanted, &[column]) {
        Err(LoadError::MissingColumn { column: c, .. }) if c == column => Ok(None),
        Err(e) => Err(e),
        Ok((source, frame)) => {
            let checker = Checker {
                source: &source,
                frame: &frame,
            };
            checker
                .numbers_kept(column, "a number (the case's cost)")
                .map(Some)
        }
    }
}

/// Which of `names` `file` holds (read from its header; a JSON file's columns are
/// found by reading them).
///
/// # Errors
/// The file cannot be opened or read.
pub fn columns_present(file: &Path, names: &[String]) -> Result<Vec<String>, LoadError> {
    let source = super::read::Source::open(file, &CsvOptions::default())?;
    match source.names()? {
        Some(held) => Ok(names.iter().filter(|n| held.contains(n)).cloned().collect()),
        None => {
            let mut present = Vec::new();
            for name in names {
                if numbers(file, name)?.is_some() {
                    present.push(name.clone());
                }
            }
            Ok(present)
        }
    }
}

/// The audit file's side of the join: its path, id column, and how its ids were
/// matched to production's.
#[derive(Debug, Clone, Copy)]
pub struct AuditJoin<'a> {
    /// The audit file.
    pub file: &'a Path,
    /// Its id column.
    pub id: &'a str,
    /// How its ids compare with production's.
    pub id_match: &'a IdMatch,
    /// Production's ids, one per row.
    pub production_ids: &'a [String],
}

/// Reads each of `names` from production (`rows` rows) or, failing that, from the
/// audit joined to production by id.
///
/// # Errors
/// A file cannot be read, or a value of a column found is not a number.
pub fn load_case_costs(
    names: &[String],
    production: &Path,
    rows: usize,
    audit: Option<AuditJoin>,
) -> Result<CaseCosts, MonitorLoadError> {
    let mut costs = CaseCosts::default();
    for name in names {
        if let Some(values) = numbers(production, name)? {
            // An engine's `monitor_audited` holds the audited cases, production's
            // first rows; the rest have no value here.
            let mut values: Vec<Option<f64>> = values.into_iter().map(Some).take(rows).collect();
            values.resize(rows, None);
            costs.columns.push(CaseCostColumn {
                name: name.clone(),
                from: CostFrom::Production,
                values,
            });
            continue;
        }
        let Some(join) = audit else {
            costs.absent.push(name.clone());
            continue;
        };
        let Some(values) = numbers(join.file, name)? else {
            costs.absent.push(name.clone());
            continue;
        };
        let wanted = [(join.id.to_owned(), "id")];
        let (_, table) =
            super::read_columns(join.file, &CsvOptions::default(), &wanted, &[join.id])?;
        let ids = super::production::id_texts(join.file, &table, join.id)?;
        let index: HashMap<std::borrow::Cow<str>, usize> = (join.production_ids.iter())
            .enumerate()
            .map(|(row, id)| (join.id_match.key(id), row))
            .collect();
        let mut per_row = vec![None; rows];
        for (id, value) in ids.iter().zip(values) {
            let Some(id) = id else { continue };
            if let Some(&row) = index.get(&join.id_match.key(id))
                && row < rows
                && per_row[row].is_none()
            {
                per_row[row] = Some(value);
            }
        }
        costs.columns.push(CaseCostColumn {
            name: name.clone(),
            from: CostFrom::Audit,
            values: per_row,
        });
    }
    Ok(costs)
}
