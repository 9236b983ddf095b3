//! Repeated ids (`data.id`): a join that doubled rows changes every count, so rows
//! sharing an id are found and reported. A first pass hashes each id (xxh3, 64
//! bits); the hashes that meet another in a bitmap are sorted in parallel, which
//! brings equal hashes together; only when some hash
//! repeats does a second pass collect the rows whose id has such a hash, and those
//! are compared as text — so the ids never sit in memory whole (8 bytes a row, the
//! id column read a window at a time), and a hash collision never makes two
//! different ids one.

use polars::prelude::*;
use rayon::prelude::*;

use super::check::{self, is_missing};
use super::csv_chunks::id_hash;
use super::read::Columns;
use super::{DuplicateIds, LabelValues, LoadError};

/// Rows sharing one id: 0-based rows ascending, and the id.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Group {
    pub(super) id: String,
    pub(super) rows: Vec<usize>,
}

/// Walks an id column window by window: calls its argument with each window's
/// first row (0-based) and values, in row order.
pub(super) type Windows<'a> =
    dyn Fn(&mut dyn FnMut(usize, &Series) -> Result<(), LoadError>) -> Result<(), LoadError> + 'a;

/// The ids of one window as trimmed text, with their 0-based rows, for the rows
/// whose `keep` flag is set and whose id is not missing.
fn each_id(
    start: usize,
    series: &Series,
    keep: &[bool],
    read_error: &dyn Fn(PolarsError) -> LoadError,
    visit: &mut dyn FnMut(usize, &str),
) -> Result<(), LoadError> {
    let text = series.cast(&DataType::String).map_err(read_error)?;
    let text = text.str().map_err(read_error)?;
    for (i, value) in text.iter().enumerate() {
        let row = start + i;
        if let Some(value) = value.map(str::trim)
            && keep.get(row).copied().unwrap_or(false)
            && !is_missing(value)
        {
            visit(row, value);
        }
    }
    Ok(())
}

/// The ids that occur on more than one of the rows whose `keep` flag is set, each
/// with its rows, ordered by first row. Missing ids never match.
///
/// `hashed`, when given, holds each row's [`id_hash`] (null for a missing id), so
/// the first pass need not read the text.
pub(super) fn find_duplicates(
    windows: &Windows,
    hashed: Option<&UInt64Chunked>,
    keep: &[bool],
    read_error: &dyn Fn(PolarsError) -> LoadError,
) -> Result<Vec<Group>, LoadError> {
    let mut hashes: Vec<u64> = Vec::with_capacity(keep.len());
    match hashed {
        Some(hashed) => hashes.extend(
            hashed
                .iter()
                .zip(keep)
                .filter_map(|(hash, &kept)| hash.filter(|_| kept)),
        ),
        None => windows(&mut |start, series| {
            each_id(start, series, keep, read_error, &mut |_, id| {
                hashes.push(id_hash(id))
            })
        })?,
    }
    let mut maybe = may_repeat(hashes);
    maybe.par_sort_unstable();
    let repeated: Vec<u64> = maybe
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() > 1)
        .map(|run| run[0])
        .collect();
    drop(maybe);
    if repeated.is_empty() {
        return Ok(Vec::new());
    }
    // Equal hashes: compare the ids themselves.
    let mut candidates: Vec<(String, usize)> = Vec::new();
    windows(&mut |start, series| {
        each_id(start, series, keep, read_error, &mut |row, id| {
            if repeated.binary_search(&id_hash(id)).is_ok() {
                candidates.push((id.to_owned(), row));
            }
        })
    })?;
    candidates.par_sort_unstable();
    let mut groups: Vec<Group> = candidates
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|same| same.len() > 1)
        .map(|same| Group {
            id: same[0].0.clone(),
            rows: same.iter().map(|&(_, row)| row).collect(),
        })
        .collect();
    groups.sort_unstable_by_key(|g| g.rows[0]);
    Ok(groups)
}

/// The hashes that may occur more than once: those whose slot in a bitmap of about
/// eight bits per hash is hit twice (about one in nine of all-distinct hashes), so
/// only those are sorted — a sort of every hash was a fifth of a 10-million-row run.
fn may_repeat(hashes: Vec<u64>) -> Vec<u64> {
    let bits = (hashes.len().max(8) * 8).next_power_of_two();
    let mask = bits as u64 - 1;
    let slot = |hash: u64| {
        let i = (hash & mask) as usize;
        (i / 64, 1u64 << (i % 64))
    };
    let mut seen = vec![0u64; bits / 64];
    let mut again = vec![0u64; bits / 64];
    for &hash in &hashes {
        let (word, bit) = slot(hash);
        if seen[word] & bit != 0 {
            again[word] |= bit;
        } else {
            seen[word] |= bit;
        }
    }
    drop(seen);
    hashes
        .into_iter()
        .filter(|&hash| {
            let (word, bit) = slot(hash);
            again[word] & bit != 0
        })
        .collect()
}

/// The groups most repeated first, then in the id's order (numbers as numbers):
/// the order an engine's `repeated_ids` result gives them in, so a report on the
/// raw file and one on an engine's summary name the same ids.
fn most_repeated(groups: &[Group]) -> impl Iterator<Item = &Group> {
    let mut sorted: Vec<&Group> = groups.iter().collect();
    let order = |a: &str, b: &str| match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y),
        _ => a.cmp(b),
    };
    sorted.sort_by(|a, b| (b.rows.len().cmp(&a.rows.len())).then_with(|| order(&a.id, &b.id)));
    sorted.into_iter()
}

/// Finds ids on more than one counted row. Repeats with one label are reported
/// (first); repeats whose labels differ are an error, or with `drop_invalid` their
/// rows are returned (second) to be left out.
pub(super) fn repeated_ids(
    columns: &mut Columns,
    column: &str,
    keep: &[bool],
    positive: &[bool],
    labels: &LabelValues,
    drop_invalid: bool,
) -> Result<(Option<DuplicateIds>, Vec<usize>), LoadError> {
    let file = columns.source.file.clone();
    let read_error = |e: PolarsError| LoadError::Read {
        file: file.clone(),
        message: e.to_string(),
    };
    let groups = {
        let walker = columns.walker(column)?;
        find_duplicates(
            &|visit: &mut dyn FnMut(usize, &Series) -> Result<(), LoadError>| walker.walk(visit),
            walker.hashes(),
            keep,
            &read_error,
        )?
    };
    let source = &columns.source;
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
            file: source.file.clone(),
            column: column.to_owned(),
            detail: format!(
                "the id `{}` is on {} and {} with different labels (`{}` and `{}`){}",
                check::shorten(&first.id),
                source.place(a),
                source.place(b),
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
        first: most_repeated(&agreeing)
            .take(3)
            .map(|g| check::shorten(&g.id))
            .collect(),
        groups: agreeing.iter().map(|g| g.rows.clone()).collect(),
    });
    Ok((summary, dropped))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Duplicates of `ids` read `size` rows at a time.
    fn in_windows(ids: &Series, keep: &[bool], size: usize) -> Vec<Group> {
        let windows = |visit: &mut dyn FnMut(usize, &Series) -> Result<(), LoadError>| {
            (0..ids.len())
                .step_by(size)
                .try_for_each(|start| visit(start, &ids.slice(start as i64, size)))
        };
        let read_error = |e: PolarsError| LoadError::Read {
            file: "ids".into(),
            message: e.to_string(),
        };
        find_duplicates(&windows, None, keep, &read_error).unwrap()
    }

    #[test]
    fn only_hashes_meeting_another_may_repeat() {
        // Every repeated hash survives; most distinct ones do not.
        let mut hashes: Vec<u64> = (0..100_000u64).map(|i| id_hash(&i.to_string())).collect();
        hashes.extend([hashes[7], hashes[99_999], hashes[7]]);
        let maybe = may_repeat(hashes.clone());
        assert_eq!(maybe.iter().filter(|&&h| h == hashes[7]).count(), 3);
        assert_eq!(maybe.iter().filter(|&&h| h == hashes[99_999]).count(), 2);
        assert!(maybe.len() < hashes.len() / 5, "{}", maybe.len());
        assert!(may_repeat(Vec::new()).is_empty());
    }

    #[test]
    fn repeated_ids_are_grouped_by_first_row() {
        let ids = Series::new(
            "id".into(),
            ["b", "a", "c", "a", "NA", "b", "NA", "d", " a"],
        );
        let keep = vec![true; 9];
        let groups = in_windows(&ids, &keep, 9);
        // The same, the column read a few rows at a time.
        assert_eq!(in_windows(&ids, &keep, 2), groups);
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
        assert_eq!(in_windows(&ids, &keep, 4).len(), 1);
        // Integer ids are compared as their text.
        let numbers = Series::new("id".into(), [7i64, 8, 7]);
        assert_eq!(in_windows(&numbers, &[true; 3], 3)[0].rows, vec![0, 2]);
    }
}
