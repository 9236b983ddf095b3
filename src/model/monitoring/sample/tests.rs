//! The draw's design checked by simulation: a fixed production with known labels,
//! many seeded draws, the ratio estimator's intervals against the truth.

use rand::SeedableRng;
use rand::rngs::StdRng;
use statrs::distribution::{Beta, ContinuousCDF};

use super::*;
use crate::stats::audit_weighted::{WeightedCase, estimate_weighted};

const THRESHOLD: f64 = 0.5;

/// `cases` scored cases: 4 % positives scoring Beta(5, 2), the rest Beta(1, 12),
/// by inversion from a seeded generator.
fn population(cases: usize, seed: u64) -> (Vec<f64>, Vec<bool>) {
    use rand::RngExt;
    let mut rng = StdRng::seed_from_u64(seed);
    let (positive, negative) = (Beta::new(5.0, 2.0).unwrap(), Beta::new(1.0, 12.0).unwrap());
    (0..cases)
        .map(|_| {
            let is_positive = rng.random::<f64>() < 0.04;
            let u: f64 = rng.random::<f64>().clamp(1e-12, 1.0 - 1e-12);
            let score = if is_positive {
                positive.inverse_cdf(u)
            } else {
                negative.inverse_cdf(u)
            };
            (score, is_positive)
        })
        .unzip()
}

/// Coverage of the missed count and the miss rate, and the mean miss-rate width,
/// over `replicates` draws of `size` with band shares `bands`.
fn simulate(
    production: &(Vec<f64>, Vec<bool>),
    evaluation: &(Vec<f64>, Vec<bool>),
    size: usize,
    bands: &[f64],
    replicates: u64,
) -> (f64, f64, f64) {
    let (scores, labels) = production;
    let flagged = scores.iter().filter(|&&s| s >= THRESHOLD).count() as u64;
    let not_flagged = scores.len() as u64 - flagged;
    let caught = (scores.iter().zip(labels))
        .filter(|(s, l)| **s >= THRESHOLD && **l)
        .count() as f64;
    let missed = (scores.iter().zip(labels))
        .filter(|(s, l)| **s < THRESHOLD && **l)
        .count() as f64;
    let rate = missed / (caught + missed);
    let (mut missed_in, mut rate_in, mut width) = (0, 0, 0.0);
    let design = design_audit_sample(
        scores,
        THRESHOLD,
        (&evaluation.0, &evaluation.1),
        size,
        bands,
    )
    .unwrap();
    for seed in 0..replicates {
        let sample = design.draw(seed);
        let cases: Vec<WeightedCase> = (sample.cases.iter())
            .map(|c| WeightedCase {
                flagged: scores[c.row] >= THRESHOLD,
                positive: labels[c.row],
                probability: sample.bands[c.band].probability(),
            })
            .collect();
        let w = estimate_weighted(flagged, not_flagged, &cases).unwrap();
        missed_in += u32::from(w.estimates.missed.unwrap().covers(missed));
        let r = w.miss_rate.unwrap();
        rate_in += u32::from(r.covers(rate));
        width += r.high - r.low;
    }
    let n = replicates as f64;
    (f64::from(missed_in) / n, f64::from(rate_in) / n, width / n)
}

#[test]
fn the_bands_are_drawn_as_allocated() {
    let production = population(20_000, 1);
    let evaluation = population(5_000, 2);
    let s = draw_audit_sample(
        &production.0,
        THRESHOLD,
        (&evaluation.0, &evaluation.1),
        800,
        &BANDS,
        9,
    )
    .unwrap();
    assert_eq!(s.cases.len(), 800);
    assert_eq!(s.bands.len(), 10);
    assert_eq!(s.bands.iter().map(|b| b.cases).sum::<usize>(), 20_000);
    for (i, b) in s.bands.iter().enumerate() {
        let drawn = s.cases.iter().filter(|c| c.band == i).count();
        assert_eq!(drawn, b.drawn);
        assert!(b.drawn >= 2 && b.probability() > 0.0 && b.probability() <= 1.0);
    }
    // Near the threshold the unflagged cases are drawn more often than far below.
    let unflagged: Vec<&SampleBand> = (s.bands.iter())
        .filter(|b| b.group == Group::NotFlagged)
        .collect();
    assert!(unflagged[0].probability() > 5.0 * unflagged[4].probability());
    // Deterministic for a seed.
    let again = draw_audit_sample(
        &production.0,
        THRESHOLD,
        (&evaluation.0, &evaluation.1),
        800,
        &BANDS,
        9,
    )
    .unwrap();
    assert_eq!(s, again);
    assert!(matches!(
        draw_audit_sample(
            &production.0,
            THRESHOLD,
            (&evaluation.0, &evaluation.1),
            20_001,
            &BANDS,
            9
        ),
        Err(SampleProblem::TooMany {
            asked: 20_001,
            cases: 20_000
        })
    ));
    assert!(matches!(
        draw_audit_sample(
            &production.0,
            THRESHOLD,
            (&evaluation.0, &evaluation.1),
            19,
            &BANDS,
            9
        ),
        Err(SampleProblem::TooFew {
            asked: 19,
            needed: 20
        })
    ));
}

#[test]
fn intervals_cover_and_the_bands_narrow_the_miss_rate() {
    // 30 000 cases, 1 200 labels, 600 draws: coverage's standard error is about
    // 0.9 points, so 92–98 % here; the run reported in the guide is bigger.
    let production = population(30_000, 11);
    let evaluation = population(8_000, 12);
    let (missed, rate, banded) = simulate(&production, &evaluation, 1_200, &BANDS, 600);
    assert!((0.92..=0.98).contains(&missed), "missed covered {missed}");
    assert!((0.92..=0.98).contains(&rate), "miss rate covered {rate}");
    // The plain draw (groups only) is the comparison: same size, wider range.
    let (_, _, plain) = simulate(&production, &evaluation, 1_200, &[1.0], 600);
    assert!(banded < 0.9 * plain, "banded {banded} vs plain {plain}");
}

/// The bigger run for the note: `cargo test --lib big_coverage_run -- --ignored
/// --nocapture`.
#[test]
#[ignore = "a minute or more; run by hand for the note"]
fn big_coverage_run() {
    let production = population(100_000, 21);
    let evaluation = population(20_000, 22);
    for size in [500, 1_000, 2_000, 4_000] {
        let (missed, rate, banded) = simulate(&production, &evaluation, size, &BANDS, 4_000);
        let (p_missed, p_rate, plain) = simulate(&production, &evaluation, size, &[1.0], 4_000);
        println!(
            "n={size}: banded missed {missed:.3} rate {rate:.3} width {banded:.4} | plain missed {p_missed:.3} rate {p_rate:.3} width {plain:.4}"
        );
    }
}
