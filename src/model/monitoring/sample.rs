//! The next audit sample: which production cases to send for labelling.
//!
//! Design: the two groups the threshold makes are each cut into score bands by
//! closeness to the threshold — the nearest 5 % of the group's cases, the next
//! 10 %, 20 %, 30 % and the farthest 35 % ([`BANDS`]) — and each band is a stratum
//! drawn by simple random sampling, so a case's inclusion probability is
//! π = n_h/N_h. The sizes follow Neyman's allocation for the miss rate
//! (`stats::audit_plan::allocate`): n_h ∝ a_g·N_h·√(q_h(1 − q_h)), where q_h is the
//! evaluation's share of positives among its cases in the band's score range
//! ((positives + ½)/(cases + 1)) and a_g the miss rate's sensitivity to the
//! group's share (M/T² for flagged, C/T² for not flagged). Bands where the model is
//! least sure (q near ½) and those near the threshold, where misses concentrate,
//! get more; every band gets at least two, so every case can be drawn and every
//! band's variance estimated.
//!
//! Where it stops: it returns rows and probabilities; the CSV is
//! `present::export::audit_sample`'s.

use super::Group;
use crate::input::eval::ids::integer_value;
use crate::stats::audit_plan::allocate;
use crate::stats::audit_weighted::draw_strata;

/// Each band's share of its group's cases, nearest the threshold first.
pub const BANDS: [f64; 5] = [0.05, 0.10, 0.20, 0.30, 0.35];

/// Cases per band at least, where the band has them.
const FLOOR: u64 = 2;

/// One stratum of the draw.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleBand {
    /// Flagged or not.
    pub group: Group,
    /// 1 nearest the threshold.
    pub band: usize,
    /// Lowest and highest production score in it.
    pub low: f64,
    /// See `low`.
    pub high: f64,
    /// N_h.
    pub cases: usize,
    /// n_h.
    pub drawn: usize,
    /// q_h, the evaluation's share of positives in the band's score range.
    pub expected_share: f64,
}

impl SampleBand {
    /// π = n_h/N_h.
    pub fn probability(&self) -> f64 {
        self.drawn as f64 / self.cases as f64
    }
}

/// One case to label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampledCase {
    /// Production row, 0-based.
    pub row: usize,
    /// Index into [`AuditSample::bands`].
    pub band: usize,
}

/// The draw.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSample {
    /// The strata, flagged first, each nearest the threshold first.
    pub bands: Vec<SampleBand>,
    /// The cases drawn, in production order.
    pub cases: Vec<SampledCase>,
    /// The seed used.
    pub seed: u64,
}

/// The bands and their sizes, before any draw.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditDesign {
    /// The strata, with n_h set.
    pub bands: Vec<SampleBand>,
    /// Each band's production rows.
    rows: Vec<Vec<usize>>,
}

impl AuditDesign {
    /// The cases `seed` draws.
    pub fn draw(&self, seed: u64) -> AuditSample {
        let sizes: Vec<u64> = self.bands.iter().map(|b| b.drawn as u64).collect();
        let drawn = draw_strata(&self.rows, &sizes, seed);
        let mut cases: Vec<SampledCase> = drawn
            .iter()
            .enumerate()
            .flat_map(|(band, rows)| rows.iter().map(move |&row| SampledCase { row, band }))
            .collect();
        cases.sort_by_key(|c| c.row);
        AuditSample {
            bands: self.bands.clone(),
            cases,
            seed,
        }
    }
}

/// Why no sample can be drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleProblem {
    /// More cases asked than production holds.
    TooMany {
        /// Asked.
        asked: usize,
        /// Production's cases.
        cases: usize,
    },
    /// Fewer than two per band.
    TooFew {
        /// Asked.
        asked: usize,
        /// Needed.
        needed: usize,
    },
}

/// Draws `size` production cases (scores `scores`, cut at `threshold`) with the
/// design above ([`design_audit_sample`], then [`AuditDesign::draw`]).
///
/// # Errors
/// `size` above production's cases or below two per non-empty band.
pub fn draw_audit_sample(
    scores: &[f64],
    threshold: f64,
    evaluation: (&[f64], &[bool]),
    size: usize,
    bands: &[f64],
    seed: u64,
) -> Result<AuditSample, SampleProblem> {
    design_audit_sample(scores, threshold, evaluation, size, bands).map(|d| d.draw(seed))
}

/// The bands and sizes for `size` cases; `bands` are the band shares (use
/// [`BANDS`]; `&[1.0]` is a plain draw stratified by group only). `evaluation` is
/// the evaluation's (score, positive) pairs, for the bands' expected shares.
///
/// # Errors
/// `size` above production's cases or below two per non-empty band.
pub fn design_audit_sample(
    scores: &[f64],
    threshold: f64,
    evaluation: (&[f64], &[bool]),
    size: usize,
    bands: &[f64],
) -> Result<AuditDesign, SampleProblem> {
    if size > scores.len() {
        return Err(SampleProblem::TooMany {
            asked: size,
            cases: scores.len(),
        });
    }
    let mut strata: Vec<(SampleBand, Vec<usize>)> = Vec::new();
    for group in [Group::Flagged, Group::NotFlagged] {
        let mut rows: Vec<usize> = (0..scores.len())
            .filter(|&i| (scores[i] >= threshold) == (group == Group::Flagged))
            .collect();
        // Nearest the threshold first; ties in production order.
        rows.sort_by(|&a, &b| {
            (scores[a] - threshold)
                .abs()
                .total_cmp(&(scores[b] - threshold).abs())
                .then(a.cmp(&b))
        });
        let total = rows.len();
        let mut start = 0;
        let mut cumulative = 0.0;
        for (i, share) in bands.iter().enumerate() {
            cumulative += share;
            let end = if i + 1 == bands.len() {
                total
            } else {
                ((cumulative * total as f64).round() as usize).clamp(start, total)
            };
            let band_rows = rows[start..end].to_vec();
            start = end;
            if band_rows.is_empty() {
                continue;
            }
            let (low, high) = band_rows
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &r| {
                    (l.min(scores[r]), h.max(scores[r]))
                });
            let (mut seen, mut positive) = (0.0, 0.0);
            for (&s, &p) in evaluation.0.iter().zip(evaluation.1) {
                if s >= low && s <= high {
                    seen += 1.0;
                    positive += f64::from(u8::from(p));
                }
            }
            strata.push((
                SampleBand {
                    group,
                    band: i + 1,
                    low,
                    high,
                    cases: band_rows.len(),
                    drawn: 0,
                    expected_share: (positive + 0.5) / (seen + 1.0),
                },
                band_rows,
            ));
        }
    }
    let needed: usize = strata.iter().map(|s| s.1.len().min(FLOOR as usize)).sum();
    if size < needed {
        return Err(SampleProblem::TooFew {
            asked: size,
            needed,
        });
    }
    // The miss rate's sensitivity to each group's share, at the expected counts.
    let expected = |g: Group| -> f64 {
        (strata.iter())
            .filter(|s| s.0.group == g)
            .map(|s| s.0.cases as f64 * s.0.expected_share)
            .sum()
    };
    let (caught, missed) = (expected(Group::Flagged), expected(Group::NotFlagged));
    let all = (caught + missed).max(f64::MIN_POSITIVE);
    let weights: Vec<f64> = (strata.iter())
        .map(|(b, _)| {
            let a = match b.group {
                Group::Flagged => missed / all.powi(2),
                Group::NotFlagged => caught / all.powi(2),
            };
            let q = b.expected_share;
            a * b.cases as f64 * (q * (1.0 - q)).sqrt()
        })
        .collect();
    let caps: Vec<u64> = strata.iter().map(|s| s.1.len() as u64).collect();
    let sizes = allocate(&weights, &caps, size as u64, FLOOR).ok_or(SampleProblem::TooFew {
        asked: size,
        needed,
    })?;
    let (bands, rows) = strata
        .into_iter()
        .zip(&sizes)
        .map(|((mut b, rows), &n)| {
            b.drawn = n as usize;
            (b, rows)
        })
        .unzip();
    Ok(AuditDesign { bands, rows })
}

/// Production's rows ordered by their ids (by value where an id is a whole number,
/// so `7`, `7.0` and `007` are one key; else as written), then by score: the order
/// to hand [`draw_audit_sample`], so the same cases give the same draw whatever
/// order the file lists them in (a warehouse export without `ORDER BY`).
pub fn id_order(ids: &[String], scores: &[f64]) -> Vec<usize> {
    let keys: Vec<String> = ids
        .iter()
        .map(|id| integer_value(id).unwrap_or_else(|| id.clone()))
        .collect();
    let mut order: Vec<usize> = (0..ids.len().min(scores.len())).collect();
    order.sort_by(|&a, &b| {
        (keys[a].len(), &keys[a])
            .cmp(&(keys[b].len(), &keys[b]))
            .then(scores[a].total_cmp(&scores[b]))
    });
    order
}

#[cfg(test)]
mod tests;
