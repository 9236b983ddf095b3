//! Repeated ids (`data.id`): a join that doubled rows changes every count, so rows
//! sharing an id are found and reported. One pass hashes each id (text, 64 bits),
//! a parallel sort brings equal hashes together, and only rows with equal hashes
//! are compared as text — so the ids need not sit in a hash map, and a hash
//! collision never makes two different ids one.

use std::hash::Hasher;

use polars::prelude::*;
use rayon::prelude::*;

use super::check::{self, Checker, is_missing};
use super::{DuplicateIds, LabelValues, LoadError};

/// Rows sharing one id: 0-based rows ascending, and the id.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Group {
    pub(super) id: String,
    pub(super) rows: Vec<usize>,
}

/// 64-bit FNV-1a: fast on short ids and the same on every run.
fn hash(text: &str) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    hasher.write(text.as_bytes());
    hasher.finish()
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The ids of `series` that occur on more than one of the rows whose `keep` flag
/// is set, each with its rows, ordered by first row. Missing ids never match.
pub(super) fn find_duplicates(series: &Series, keep: &[bool]) -> PolarsResult<Vec<Group>> {
    let text = series.cast(&DataType::String)?;
    let text = text.str()?;
    let chunks: Vec<(usize, _)> = text
        .downcast_iter()
        .scan(0, |offset, array| {
            let start = *offset;
            *offset += array.len();
            Some((start, array))
        })
        .collect();
    let mut hashed: Vec<(u64, u32)> = chunks
        .par_iter()
        .flat_map_iter(|&(start, array)| {
            array.iter().enumerate().filter_map(move |(i, value)| {
                let row = start + i;
                let value = value?.trim();
                (keep.get(row).copied().unwrap_or(false) && !is_missing(value))
                    .then(|| (hash(value), row as u32))
            })
        })
        .collect();
    hashed.par_sort_unstable();
    let mut groups: Vec<Group> = Vec::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // Equal hashes: compare the ids themselves.
        let mut ids: Vec<(&str, usize)> = run
            .iter()
            .filter_map(|&(_, row)| Some((text.get(row as usize)?.trim(), row as usize)))
            .collect();
        ids.sort_unstable();
        for same in ids.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
            groups.push(Group {
                id: same[0].0.to_owned(),
                rows: same.iter().map(|&(_, row)| row).collect(),
            });
        }
    }
    groups.sort_unstable_by_key(|g| g.rows[0]);
    Ok(groups)
}

/// Finds ids on more than one counted row. Repeats with one label are reported
/// (first); repeats whose labels differ are an error, or with `drop_invalid` their
/// rows are returned (second) to be left out.
pub(super) fn repeated_ids(
    checker: &Checker,
    column: &str,
    keep: &[bool],
    positive: &[bool],
    labels: &LabelValues,
    drop_invalid: bool,
) -> Result<(Option<DuplicateIds>, Vec<usize>), LoadError> {
    let groups =
        find_duplicates(checker.series(column), keep).map_err(|e| checker.read_error(e))?;
    let (conflicts, agreeing): (Vec<_>, Vec<_>) = groups
        .into_iter()
        .partition(|g| g.rows.iter().any(|&r| positive[r] != positive[g.rows[0]]));
    if let (false, Some(first)) = (drop_invalid, conflicts.first()) {
        let a = first.rows[0];
        let b = first
            .rows
            .iter()
            .copied()
            .find(|&r| positive[r] != positive[a])
            .unwrap_or(a);
        let text = |r: usize| {
            if positive[r] {
                &labels.positive
            } else {
                &labels.negative
            }
        };
        return Err(LoadError::ConflictingLabels {
            file: checker.file().to_owned(),
            column: column.to_owned(),
            detail: format!(
                "the id `{}` is on {} and {} with different labels (`{}` and `{}`){}",
                check::shorten(&first.id),
                checker.place(a),
                checker.place(b),
                text(a),
                text(b),
                match conflicts.len() - 1 {
                    0 => String::new(),
                    n => format!(", and {n} more ids like it"),
                }
            ),
        });
    }
    let dropped: Vec<usize> = conflicts
        .iter()
        .flat_map(|g| g.rows.iter().copied())
        .collect();
    let summary = (!agreeing.is_empty()).then(|| DuplicateIds {
        column: column.to_owned(),
        extra_rows: agreeing.iter().map(|g| g.rows.len() - 1).sum(),
        ids: agreeing.len(),
        first: agreeing
            .iter()
            .take(3)
            .map(|g| check::shorten(&g.id))
            .collect(),
    });
    Ok((summary, dropped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_are_grouped_by_first_row() {
        let ids = Series::new(
            "id".into(),
            ["b", "a", "c", "a", "NA", "b", "NA", "d", " a"],
        );
        let keep = vec![true; 9];
        let groups = find_duplicates(&ids, &keep).unwrap();
        assert_eq!(
            groups,
            vec![
                Group {
                    id: "b".into(),
                    rows: vec![0, 5]
                },
                Group {
                    id: "a".into(),
                    rows: vec![1, 3, 8]
                },
            ]
        );
        // Rows left out do not count.
        let mut keep = keep;
        keep[5] = false;
        assert_eq!(find_duplicates(&ids, &keep).unwrap().len(), 1);
        // Integer ids are compared as their text.
        let numbers = Series::new("id".into(), [7i64, 8, 7]);
        assert_eq!(
            find_duplicates(&numbers, &[true; 3]).unwrap()[0].rows,
            vec![0, 2]
        );
    }
}
