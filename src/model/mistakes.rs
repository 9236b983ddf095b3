//! The model's real mistakes at a threshold, for people to read: the most confident
//! false alarms, the most confident misses, and the borderline cases nearest the
//! threshold. One O(n) pass with partial selection, so 10 million rows cost little.

use std::collections::BTreeMap;

use crate::input::eval::EvalData;

/// One evaluation row shown on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// 1-based data row in the evaluation file.
    pub row: usize,
    /// The case's id, when the context names an id column.
    pub id: Option<String>,
    /// The case's score.
    pub score: f64,
    /// Whether the case is a positive.
    pub positive: bool,
    /// Cases the row stands for (its `data.count`; 1 without one).
    pub cases: f64,
    /// Rows that hold this case's id (1 unless the id repeats in the data; the
    /// tables list the case once, at its first row).
    pub id_rows: usize,
    /// The context's `show` columns, in order.
    pub cells: Vec<String>,
}

/// Mistakes and near misses at one threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistakes {
    /// The threshold the mistakes are taken at.
    pub threshold: f64,
    /// Negatives flagged, highest score first.
    pub false_alarms: Vec<Example>,
    /// Positives not flagged, lowest score first.
    pub misses: Vec<Example>,
    /// Cases nearest the threshold on either side, highest score first.
    pub borderline: Vec<Example>,
    /// What the page needs to list the mistakes at any other threshold: the surest
    /// false alarms and misses at every threshold, plus cases spread over the
    /// whole score range for the borderline list; highest score first.
    pub pool: Vec<Example>,
}

/// Which rows to show: 0-based row numbers, in display order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MistakeRows {
    /// Rows (indices into the loaded data) of the surest false alarms, highest score first.
    pub false_alarms: Vec<usize>,
    /// Rows of the surest misses, lowest score first.
    pub misses: Vec<usize>,
    /// Rows of the cases nearest the threshold, on either side.
    pub borderline: Vec<usize>,
    /// The page's pool (see [`Mistakes::pool`]), ascending.
    pub pool: Vec<usize>,
}

/// Score bins across the range; the pool keeps the lowest and highest case of each.
pub const POOL_BINS: usize = 250;

impl MistakeRows {
    /// Every row picked, once each, ascending.
    pub fn all(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self
            .false_alarms
            .iter()
            .chain(&self.misses)
            .chain(&self.borderline)
            .chain(&self.pool)
            .copied()
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }
}

/// Picks up to `limit` rows of each kind at `threshold`: one pass per kind over the
/// scores, memory bounded by `limit`. Rows in `repeats` (ascending; rows whose id an
/// earlier row holds) are passed over, so a case whose id repeats is listed once.
pub fn pick_mistakes(
    scores: &[f64],
    positive: &[bool],
    threshold: f64,
    limit: usize,
    repeats: &[usize],
) -> MistakeRows {
    let rows = (0..scores.len()).filter(|i| repeats.binary_search(i).is_err());
    let score = |i: usize| scores[i];
    // The highest-scoring negatives and lowest-scoring positives overall: those at
    // `threshold` are the surest false alarms and misses there, and the page keeps
    // them all to list the surest mistakes at any other threshold.
    let surest_negatives = top(rows.clone().filter(|&i| !positive[i]), limit, |i| -score(i));
    let surest_positives = top(rows.clone().filter(|&i| positive[i]), limit, score);
    let false_alarms: Vec<usize> = surest_negatives
        .iter()
        .copied()
        .filter(|&i| score(i) >= threshold)
        .collect();
    let misses: Vec<usize> = surest_positives
        .iter()
        .copied()
        .filter(|&i| score(i) < threshold)
        .collect();
    let mut borderline = top(rows, limit, |i| (score(i) - threshold).abs());
    borderline.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
    let mut pool = surest_negatives;
    pool.extend(surest_positives);
    pool.extend(spread(scores, POOL_BINS, repeats));
    pool.extend(&borderline);
    pool.sort_unstable();
    pool.dedup();
    MistakeRows {
        false_alarms,
        misses,
        borderline,
        pool,
    }
}

/// The lowest- and highest-scoring row of each of `bins` equal score bins: at most
/// `2 × bins` rows spread over every part of the range that holds cases, none of
/// them in `repeats`. One pass.
fn spread(scores: &[f64], bins: usize, repeats: &[usize]) -> Vec<usize> {
    let (low, high) = scores
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &s| {
            (l.min(s), h.max(s))
        });
    if scores.is_empty() || bins == 0 {
        return Vec::new();
    }
    let width = (high - low) / bins as f64;
    let mut ends: Vec<Option<(usize, usize)>> = vec![None; bins];
    for (i, &s) in scores.iter().enumerate() {
        if repeats.binary_search(&i).is_ok() {
            continue;
        }
        let bin = if width > 0.0 {
            (((s - low) / width) as usize).min(bins - 1)
        } else {
            0
        };
        ends[bin] = Some(match ends[bin] {
            None => (i, i),
            Some((lo, hi)) => (
                if s < scores[lo] { i } else { lo },
                if s > scores[hi] { i } else { hi },
            ),
        });
    }
    ends.into_iter()
        .flatten()
        .flat_map(|(lo, hi)| [lo, hi])
        .collect()
}

/// The picked rows with their text: `cells[file row]` holds the id column (if any)
/// followed by the `show` columns, as `load::load_cells` returns them.
pub fn build_mistakes(
    picked: &MistakeRows,
    data: &EvalData,
    threshold: f64,
    has_id: bool,
    cells: &BTreeMap<usize, Vec<String>>,
) -> Mistakes {
    let example = |&i: &usize| {
        let row = data.file_row(i);
        let mut texts = cells.get(&row).cloned().unwrap_or_default().into_iter();
        let id = if has_id { texts.next() } else { None };
        Example {
            row: row + 1,
            id,
            score: data.scores[i],
            positive: data.positive[i],
            cases: data.counts.as_ref().map_or(1.0, |c| c[i]),
            id_rows: data.rows_with_id_of(i),
            cells: texts.collect(),
        }
    };
    Mistakes {
        threshold,
        false_alarms: picked.false_alarms.iter().map(example).collect(),
        misses: picked.misses.iter().map(example).collect(),
        borderline: picked.borderline.iter().map(example).collect(),
        pool: {
            let mut pool: Vec<Example> = picked.pool.iter().map(example).collect();
            pool.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.row.cmp(&b.row)));
            pool
        },
    }
}

/// The `limit` rows with the smallest `key`, in key order (ties by row). Keeps a
/// sorted list of at most `limit` rows, so memory stays small for any row count.
fn top(rows: impl Iterator<Item = usize>, limit: usize, key: impl Fn(usize) -> f64) -> Vec<usize> {
    let mut chosen: Vec<(f64, usize)> = Vec::with_capacity(limit + 1);
    if limit == 0 {
        return Vec::new();
    }
    for row in rows {
        let k = key(row);
        if chosen.len() == limit && k.total_cmp(&chosen[limit - 1].0).is_ge() {
            continue;
        }
        let at = chosen.partition_point(|&(ck, cr)| ck.total_cmp(&k).then(cr.cmp(&row)).is_lt());
        chosen.insert(at, (k, row));
        chosen.truncate(limit);
    }
    chosen.into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_selects_smallest_in_order() {
        let values = [5.0, 1.0, 4.0, 1.0, 3.0];
        assert_eq!(top(0..5, 3, |i| values[i]), vec![1, 3, 4]);
        assert_eq!(top(0..5, 10, |i| values[i]).len(), 5);
        assert!(top(0..5, 0, |i| values[i]).is_empty());
    }

    #[test]
    fn spread_keeps_both_ends_of_every_occupied_bin() {
        // Bins of width 0.25 over [0, 1]: [0.1, 0.2] | – | [0.6, 0.7] | [0.9, 1.0].
        let scores = [0.2, 0.1, 0.15, 0.7, 0.6, 0.65, 1.0, 0.9];
        let mut rows = spread(&scores, 4, &[]);
        rows.sort_unstable();
        assert_eq!(rows, vec![0, 1, 3, 4, 6, 7]);
        assert!(spread(&[], 4, &[]).is_empty());
        assert_eq!(spread(&[0.5, 0.5], 3, &[]), vec![0, 0]);
    }

    #[test]
    fn rows_whose_id_repeats_are_passed_over() {
        // Rows 1 and 3 repeat the ids of rows 0 and 2 (issue 22).
        let scores = [0.9, 0.9, 0.1, 0.1, 0.5];
        let positive = [false, false, true, true, false];
        let picked = pick_mistakes(&scores, &positive, 0.5, 5, &[1, 3]);
        assert_eq!(picked.false_alarms, vec![0, 4]);
        assert_eq!(picked.misses, vec![2]);
        assert!(!picked.all().contains(&1) && !picked.all().contains(&3));
    }

    #[test]
    fn the_pool_holds_the_surest_mistakes_at_any_threshold() {
        // Negatives score high at rows 0–2, positives low at rows 3–5; at 0.95 no
        // negative is a false alarm, but at 0.5 all three are.
        let scores = [0.9, 0.8, 0.7, 0.1, 0.2, 0.3, 0.5, 0.55];
        let positive = [false, false, false, true, true, true, true, false];
        let picked = pick_mistakes(&scores, &positive, 0.95, 2, &[]);
        assert!(picked.false_alarms.is_empty());
        for row in [0, 1, 3, 4] {
            assert!(
                picked.pool.contains(&row),
                "row {row} missing from {:?}",
                picked.pool
            );
        }
        assert!(picked.pool.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(picked.all(), picked.pool);
    }
}
