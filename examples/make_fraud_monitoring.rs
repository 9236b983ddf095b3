//! Writes `samples/fraud-monitoring/`: three weeks of production after the fraud
//! model's launch, and the audit of it, from the fraud sample's own score model
//! (`common/fraud_model.rs`). Run: `cargo run --example make_fraud_monitoring`.
//!
//! - `production.parquet`: every transaction scored from Monday 23 November to
//!   Sunday 13 December 2026 (Berlin time): `transaction_id`, `ts` (UTC), `score`.
//!   About 8,280 a day, busier at weekends, as the launch report planned.
//! - Weeks 1 and 2 look like the evaluation: 3.38 % fraud, of which 5 % score below
//!   0.50; 2.5 % of valid transactions score at or above 0.50 — the evaluation's
//!   exact rates.
//! - Week 3, the run-up to the holidays: a new fraud pattern the model has not seen
//!   adds 1.4 % of transactions as fraud, scored by a logit-normal centred just below
//!   0.50, so more than half of it is missed; the share of fraud rises to about
//!   4.8 %. Valid transactions look riskier too (their scores' logits move up by
//!   0.35), so more of them cross 0.50.
//! - The experiment (`monitoring.experiment`): each transaction was randomised to
//!   the model (`arm` = `model`, 90 %) or to a holdout handled without it
//!   (`holdout`, 10 %); `lost` is the money lost on it in USD: a fraud's amount
//!   (lognormal, as the evaluation's fraud amounts: log-mean 4.97, log-sd 1.07)
//!   when it was not stopped — every fraud in the holdout, the model's misses in
//!   the model arm — else 0.
//! - `amount`, each transaction's amount in USD (the same lognormal draw `lost`
//!   takes for a fraud): what a missed fraud costs (`business.costs.false_negative:
//!   { column: amount }`), so the monitor prices the cost a day case by case.
//! - `country`, the evaluation's segment (`data.segments`), drawn with the
//!   evaluation's shares; week 3's new fraud comes mostly (70 %) from `BR`.
//!   These columns come from a second generator, so the others are as before.
//! - `audit.csv`: the reviewers' verdict (`label`, 1 = fraud) for every flagged
//!   transaction and for a 2 % random sample of the others.
//!
//! With `-- --label SAMPLE.csv OUT.csv` it writes nothing else: it fills the empty
//! `label` column of a sample `tradeoff monitor --audit-sample` drew from this
//! production with each case's true verdict, as reviewers would send it back
//! (`audit-returned.csv`, read by `fraud-sampled.yaml`):
//!
//! ```text
//! tradeoff monitor samples/fraud-monitoring/fraud.yaml --audit-sample 1500 \
//!     --audit-sample-out samples/fraud-monitoring/next-audit.csv --seed 7
//! cargo run --example make_fraud_monitoring -- --label \
//!     samples/fraud-monitoring/next-audit.csv samples/fraud-monitoring/audit-returned.csv
//! ```

#[path = "common/fraud_model.rs"]
mod fraud_model;

use std::fmt::Write as _;
use std::fs::File;

use fraud_model::{NEGATIVE, POSITIVE, Rng, raw_score, score};
use polars::prelude::*;

/// Midnight 23 November 2026 in Berlin (UTC+1 all period): 22 Nov 23:00 UTC.
const START_UTC: i64 = 1_795_388_400;
const DAYS: u64 = 21;
const VOLUME: f64 = 8280.0;
/// The launch report's fraud share and the evaluation's rates at 0.50.
const PREVALENCE: f64 = 0.033_816_425;
const MISSED_SHARE: f64 = 0.05;
const FALSE_ALARM_SHARE: f64 = 0.025;
/// Week 3's new fraud: its share of transactions and its logit-normal scores.
const NEW_FRAUD_SHARE: f64 = 0.014;
const NEW_FRAUD: (f64, f64) = (-0.25, 1.3);
/// Week 3's shift of valid transactions' scores, on the logit scale.
const VALID_SHIFT: f64 = 0.35;
const AUDIT_UNFLAGGED: f64 = 0.02;

/// `score` with its logit moved by `by`, rounded to 4 decimals.
fn shift(score: f64, by: f64) -> f64 {
    let logit = (score / (1.0 - score)).ln();
    let shifted = 1.0 / (1.0 + (-(logit + by)).exp());
    (shifted * 10_000.0).round() / 10_000.0
}

struct Case {
    seconds: i64,
    score: f64,
    fraud: bool,
    new_pattern: bool,
}

/// The evaluation's countries and their shares.
const COUNTRIES: [(&str, f64); 7] = [
    ("US", 9271.0),
    ("GB", 2878.0),
    ("DE", 2466.0),
    ("FR", 2022.0),
    ("BR", 1546.0),
    ("IN", 1383.0),
    ("NG", 1134.0),
];

fn main() -> PolarsResult<()> {
    let mut rng = Rng(20261214);
    let mut cases: Vec<Case> = Vec::new();
    for day in 0..DAYS {
        // 23 November 2026 is a Monday; weekends carry 10 % more.
        let weekend = day % 7 >= 5;
        let factor = if weekend { 1.10 } else { 0.96 };
        let volume = (VOLUME * factor * (1.0 + 0.03 * rng.normal())).round() as u64;
        let week_three = day >= 14;
        let new_fraud = if week_three { NEW_FRAUD_SHARE } else { 0.0 };
        for _ in 0..volume {
            let u = rng.uniform();
            let (fraud, score) = if u < PREVALENCE {
                let above = rng.uniform() >= MISSED_SHARE;
                (true, score(&mut rng, POSITIVE.0, POSITIVE.1, above))
            } else if u < PREVALENCE + new_fraud {
                (true, raw_score(&mut rng, NEW_FRAUD.0, NEW_FRAUD.1))
            } else {
                let above = rng.uniform() < FALSE_ALARM_SHARE;
                let s = score(&mut rng, NEGATIVE.0, NEGATIVE.1, above);
                (false, if week_three { shift(s, VALID_SHIFT) } else { s })
            };
            let new_pattern = (PREVALENCE..PREVALENCE + new_fraud).contains(&u);
            // Fraud leans to the night, as in the evaluation.
            let hour = if fraud && rng.uniform() < 0.4 {
                rng.next_u64() % 6
            } else {
                6 + rng.next_u64() % 18
            };
            let seconds = START_UTC + (day * 86_400 + hour * 3_600 + rng.next_u64() % 3_600) as i64;
            cases.push(Case {
                seconds,
                score,
                fraud,
                new_pattern,
            });
        }
    }
    cases.sort_by_key(|c| c.seconds);

    let ids: Vec<String> = (1..=cases.len()).map(|n| format!("p-{n:07}")).collect();
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, sample, out] = args.as_slice()
        && flag == "--label"
    {
        return label_sample(&ids, &cases, sample, out);
    }
    let millis: Vec<i64> = cases.iter().map(|c| c.seconds * 1000).collect();
    let scores: Vec<f64> = cases.iter().map(|c| c.score).collect();
    // The experiment's and the segment's columns, from their own generator.
    let mut extra = Rng(20261207);
    let (mut arms, mut lost, mut countries) = (Vec::new(), Vec::new(), Vec::new());
    let mut amounts = Vec::new();
    for case in &cases {
        let holdout = extra.uniform() < 0.1;
        let amount = (4.97 + 1.07 * extra.normal()).exp();
        let stopped = !holdout && case.score >= 0.5;
        let amount = (amount * 100.0).round() / 100.0;
        arms.push(if holdout { "holdout" } else { "model" });
        amounts.push(amount);
        lost.push(if case.fraud && !stopped { amount } else { 0.0 });
        countries.push(if case.new_pattern && extra.uniform() < 0.7 {
            "BR"
        } else {
            extra.pick(&COUNTRIES)
        });
    }
    let mut frame = DataFrame::new(
        cases.len(),
        vec![
            Column::new("transaction_id".into(), &ids),
            Column::new("ts".into(), &millis)
                .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?,
            Column::new("score".into(), &scores),
            Column::new("arm".into(), &arms),
            Column::new("lost".into(), &lost),
            Column::new("amount".into(), &amounts),
            Column::new("country".into(), &countries),
        ],
    )?;
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fraud-monitoring");
    std::fs::create_dir_all(folder)?;
    let production = format!("{folder}/production.parquet");
    ParquetWriter::new(File::create(&production)?)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(&mut frame)?;

    let mut audit = String::from("transaction_id,label\n");
    for (id, case) in ids.iter().zip(&cases) {
        if case.score >= 0.5 || rng.uniform() < AUDIT_UNFLAGGED {
            let _ = writeln!(audit, "{id},{}", u8::from(case.fraud));
        }
    }
    let audit_path = format!("{folder}/audit.csv");
    std::fs::write(&audit_path, audit)?;
    println!(
        "wrote {production} ({} transactions) and {audit_path}",
        cases.len()
    );
    Ok(())
}

/// Fills the `label` column of the sample at `sample` with each case's truth.
fn label_sample(ids: &[String], cases: &[Case], sample: &str, out: &str) -> PolarsResult<()> {
    let truth: std::collections::HashMap<&str, bool> = ids
        .iter()
        .map(String::as_str)
        .zip(cases.iter().map(|c| c.fraud))
        .collect();
    let text = std::fs::read_to_string(sample)?;
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let columns: Vec<&str> = header.split(',').collect();
    let id = columns.iter().position(|c| *c == "transaction_id");
    let label = columns.iter().position(|c| *c == "label");
    let (Some(id), Some(label)) = (id, label) else {
        return Err(PolarsError::ComputeError(
            format!("{sample}: needs columns transaction_id and label").into(),
        ));
    };
    let mut written = format!("{header}\n");
    for line in lines {
        let mut fields: Vec<String> = line.split(',').map(str::to_owned).collect();
        let Some(&fraud) = fields.get(id).and_then(|i| truth.get(i.as_str())) else {
            return Err(PolarsError::ComputeError(
                format!("{sample}: `{line}` is not a case of this production").into(),
            ));
        };
        if let Some(cell) = fields.get_mut(label) {
            *cell = u8::from(fraud).to_string();
        }
        let _ = writeln!(written, "{}", fields.join(","));
    }
    std::fs::write(out, written)?;
    println!("wrote {out}");
    Ok(())
}
