//! Simulation check of the 95 % intervals: over thousands of simulated evaluation
//! sets with known true rates, the intervals on TPR, FPR and every per-day count
//! must contain the true value 93–97 % of the time, from a few dozen positives up.

use tradeoff::stats::interval::Estimate;
use tradeoff::stats::projection::{Production, Rates, per_day};
use tradeoff::stats::sweep::Sweep;

/// SplitMix64, so the simulation is the same on every run.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

const THRESHOLD: f64 = 0.5;
// Positive scores uniform on [0.5 − 0.5·(1−TPR)/TPR … ) chosen so the true rates at
// 0.5 are exactly these: a positive scores ≥ 0.5 with probability TRUE_TPR.
const TRUE_TPR: f64 = 0.85;
const TRUE_FPR: f64 = 0.04;
const SIMULATIONS: usize = 2000;

fn contains(e: &Estimate, truth: f64) -> bool {
    e.low <= truth && truth <= e.high
}

fn coverage(positives: usize, negatives: usize, seed: u64) -> [f64; 6] {
    let mut rng = Rng(seed);
    let production = Production {
        volume_per_day: 10_000.0,
        prevalence: 0.03,
        costs: None,
    };
    let p = production.volume_per_day * production.prevalence;
    let n = production.volume_per_day - p;
    let truth = [
        TRUE_TPR,
        TRUE_FPR,
        p * TRUE_TPR,
        p * (1.0 - TRUE_TPR),
        n * TRUE_FPR,
        p * TRUE_TPR + n * TRUE_FPR,
    ];
    let mut hits = [0usize; 6];
    let mut scores = Vec::with_capacity(positives + negatives);
    let mut labels = Vec::with_capacity(positives + negatives);
    for _ in 0..SIMULATIONS {
        scores.clear();
        labels.clear();
        for _ in 0..positives {
            let above = rng.uniform() < TRUE_TPR;
            scores.push(if above {
                0.5 + 0.5 * rng.uniform()
            } else {
                0.5 * rng.uniform()
            });
            labels.push(true);
        }
        for _ in 0..negatives {
            let above = rng.uniform() < TRUE_FPR;
            scores.push(if above {
                0.5 + 0.5 * rng.uniform()
            } else {
                0.5 * rng.uniform()
            });
            labels.push(false);
        }
        let sweep = Sweep::build(&scores, &labels, Default::default());
        let counts = sweep.counts_at(THRESHOLD);
        let Some(rates) = Rates::from_counts(&counts, &sweep) else {
            continue;
        };
        let day = per_day(THRESHOLD, &rates, &production, &sweep, None);
        let estimates = [
            rates.true_positive_rate,
            rates.false_positive_rate,
            day.caught,
            day.missed,
            day.false_alarms,
            day.flagged,
        ];
        for (i, (e, t)) in estimates.iter().zip(truth).enumerate() {
            hits[i] += usize::from(contains(e, t));
        }
    }
    hits.map(|h| h as f64 / SIMULATIONS as f64)
}

#[test]
fn intervals_cover_about_95_percent() {
    let names = ["TPR", "FPR", "caught", "missed", "false alarms", "flagged"];
    for (positives, negatives) in [(40, 1200), (150, 4000), (1000, 3000)] {
        let observed = coverage(positives, negatives, 7 + positives as u64);
        eprintln!("coverage with {positives} positives / {negatives} negatives: {observed:?}");
        for (name, c) in names.iter().zip(observed) {
            assert!(
                (0.93..=0.97).contains(&c),
                "{name} with {positives} positives / {negatives} negatives: coverage {c}"
            );
        }
    }
}
