//! The model's real mistakes at a threshold, for people to read: the most confident
//! false alarms, the most confident misses, and the borderline cases nearest the
//! threshold. One O(n) pass with partial selection, so 10 million rows cost little.

use std::collections::BTreeMap;

use crate::load::EvalData;

/// One evaluation row shown on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// 1-based data row in the evaluation file.
    pub row: usize,
    pub id: Option<String>,
    pub score: f64,
    pub positive: bool,
    /// The context's `show` columns, in order.
    pub cells: Vec<String>,
}

/// Mistakes and near misses at one threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistakes {
    pub threshold: f64,
    /// Negatives flagged, highest score first.
    pub false_alarms: Vec<Example>,
    /// Positives not flagged, lowest score first.
    pub misses: Vec<Example>,
    /// Cases nearest the threshold on either side, highest score first.
    pub borderline: Vec<Example>,
}

/// Which rows to show: 0-based row numbers, in display order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MistakeRows {
    pub false_alarms: Vec<usize>,
    pub misses: Vec<usize>,
    pub borderline: Vec<usize>,
}

impl MistakeRows {
    /// Every row picked, once each, ascending.
    pub fn all(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self
            .false_alarms
            .iter()
            .chain(&self.misses)
            .chain(&self.borderline)
            .copied()
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }
}

/// Picks up to `limit` rows of each kind at `threshold`: one pass per kind over the
/// scores, memory bounded by `limit`.
pub fn pick_mistakes(
    scores: &[f64],
    positive: &[bool],
    threshold: f64,
    limit: usize,
) -> MistakeRows {
    let rows = 0..scores.len();
    let score = |i: usize| scores[i];
    let false_alarms = top(
        rows.clone()
            .filter(|&i| !positive[i] && score(i) >= threshold),
        limit,
        |i| -score(i),
    );
    let misses = top(
        rows.clone()
            .filter(|&i| positive[i] && score(i) < threshold),
        limit,
        score,
    );
    let mut borderline = top(rows, limit, |i| (score(i) - threshold).abs());
    borderline.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
    MistakeRows {
        false_alarms,
        misses,
        borderline,
    }
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
            cells: texts.collect(),
        }
    };
    Mistakes {
        threshold,
        false_alarms: picked.false_alarms.iter().map(example).collect(),
        misses: picked.misses.iter().map(example).collect(),
        borderline: picked.borderline.iter().map(example).collect(),
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
}
