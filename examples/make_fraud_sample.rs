//! Writes `samples/fraud/eval.csv`: a deterministic, realistic card-fraud evaluation
//! set (700 frauds among 20,700 transactions over six weeks) built so that at
//! threshold 0.50 exactly 35 frauds (5.0 %) score below and exactly 500 valid
//! transactions (2.5 %) score at or above. Then writes `samples/fraud-release/`: the
//! same kind of data scored by a candidate model (`eval.csv`) and by the model in
//! production (`scores_v31.csv`, joined on `transaction_id`), the two sharing most
//! of what they see of each case so their scores correlate, the candidate seeing a
//! little more of the fraud signal: a real but modest difference.
//! Run: `cargo run --example make_fraud_sample`.

use std::fmt::Write as _;

#[path = "common/fraud_model.rs"]
mod fraud_model;

use fraud_model::{NEGATIVE, POSITIVE, Rng, score};

const POSITIVES: usize = 700;
const NEGATIVES: usize = 20_000;
const MISSED: usize = 35; // 5.0 % of 700
const FALSE_ALARMS: usize = 500; // 2.5 % of 20,000
const DAYS: u64 = 42;
const START: i64 = 1_790_812_800; // 2026-10-01T00:00:00Z

fn main() {
    let mut rng = Rng(20261128);
    let mut rows: Vec<(f64, bool)> = Vec::with_capacity(POSITIVES + NEGATIVES);
    for i in 0..POSITIVES {
        rows.push((score(&mut rng, POSITIVE.0, POSITIVE.1, i >= MISSED), true));
    }
    for i in 0..NEGATIVES {
        rows.push((
            score(&mut rng, NEGATIVE.0, NEGATIVE.1, i < FALSE_ALARMS),
            false,
        ));
    }
    // Fisher–Yates shuffle so file order says nothing about the label.
    for i in (1..rows.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        rows.swap(i, j);
    }
    let merchants = [
        ("Corner Grocery", 18.0),
        ("FuelStop", 12.0),
        ("StreamFlix", 8.0),
        ("Amazonia Online", 14.0),
        ("City Transit", 9.0),
        ("Bistro 21", 10.0),
        ("ElectroMart", 6.0),
        ("QuickPay Wallet", 5.0),
        ("Luxe Watches", 2.0),
        ("GiftCardHub", 3.0),
        ("TravelNow Air", 4.0),
        ("Pharma Plus", 9.0),
    ];
    let risky_merchants = [
        ("GiftCardHub", 20.0),
        ("Luxe Watches", 15.0),
        ("ElectroMart", 20.0),
        ("QuickPay Wallet", 15.0),
        ("Amazonia Online", 15.0),
        ("TravelNow Air", 15.0),
    ];
    let countries = [
        ("US", 45.0),
        ("GB", 14.0),
        ("DE", 12.0),
        ("FR", 10.0),
        ("BR", 7.0),
        ("IN", 7.0),
        ("NG", 5.0),
    ];
    let risky_countries = [
        ("US", 30.0),
        ("GB", 10.0),
        ("DE", 6.0),
        ("FR", 6.0),
        ("BR", 18.0),
        ("IN", 10.0),
        ("NG", 20.0),
    ];

    let mut out = String::from("transaction_id,ts,score,label,amount,merchant,country\n");
    for (n, (score, fraud)) in rows.iter().enumerate() {
        // Weekends are busier; fraud leans to the night.
        let day = loop {
            let d = rng.next_u64() % DAYS;
            let weekday = (d + 3) % 7; // 2026-10-01 is a Thursday (Mon = 0)
            if weekday >= 5 || rng.uniform() < 0.8 {
                break d;
            }
        };
        let hour = if *fraud && rng.uniform() < 0.4 {
            rng.next_u64() % 6
        } else {
            6 + rng.next_u64() % 18
        };
        let seconds = START + (day * 86_400 + hour * 3_600 + rng.next_u64() % 3_600) as i64;
        let ts = chrono::DateTime::from_timestamp(seconds, 0)
            .expect("in range")
            .format("%Y-%m-%dT%H:%M:%SZ");
        let amount_mean = if *fraud { 5.0 } else { 3.4 };
        let amount = (amount_mean + 1.1 * rng.normal())
            .exp()
            .clamp(0.5, 25_000.0);
        let merchant = rng.pick(if *fraud { &risky_merchants } else { &merchants });
        let country = rng.pick(if *fraud { &risky_countries } else { &countries });
        let _ = writeln!(
            out,
            "tx-{:06},{ts},{score:.4},{},{amount:.2},{merchant},{country}",
            n + 1,
            u8::from(*fraud)
        );
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fraud/eval.csv");
    std::fs::write(path, out).expect("samples/fraud is writable");
    println!("wrote {path}");
    write_release_sample();
}

/// How the two models of the release sample see a case: the logit of each score is
/// `mean + spread · (shared · s + (1 − shared²)^½ · own)`, with `s` the case's
/// features both models use and `own` what only that model picks up.
struct Scorer {
    positive_mean: f64,
    negative_mean: f64,
    spread: f64,
}

const SHARED: f64 = 0.85;

impl Scorer {
    fn score(&self, fraud: bool, shared: f64, own: f64) -> f64 {
        let mean = if fraud {
            self.positive_mean
        } else {
            self.negative_mean
        };
        let noise = SHARED * shared + (1.0 - SHARED * SHARED).sqrt() * own;
        let s = 1.0 / (1.0 + (-(mean + self.spread * noise)).exp());
        (s * 10_000.0).round() / 10_000.0
    }
}

/// `samples/fraud-release/eval.csv` (candidate 3.2's scores) and `scores_v31.csv`
/// (the production model's, same transactions, in another order).
fn write_release_sample() {
    let mut rng = Rng(20261201);
    // At 0.5 the candidate misses about 5 % of frauds and flags about 2.4 % of valid
    // transactions; the baseline misses about 8 % and flags 2.6 %.
    let candidate = Scorer {
        positive_mean: 2.47,
        negative_mean: -2.97,
        spread: 1.5,
    };
    let baseline = Scorer {
        positive_mean: 2.11,
        negative_mean: -2.91,
        spread: 1.5,
    };
    let mut rows: Vec<(bool, f64, f64)> = Vec::with_capacity(POSITIVES + NEGATIVES);
    for i in 0..POSITIVES + NEGATIVES {
        let fraud = i < POSITIVES;
        let shared = rng.normal();
        let (own_c, own_b) = (rng.normal(), rng.normal());
        rows.push((
            fraud,
            candidate.score(fraud, shared, own_c),
            baseline.score(fraud, shared, own_b),
        ));
    }
    for i in (1..rows.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        rows.swap(i, j);
    }
    let merchants = [
        ("Corner Grocery", 18.0),
        ("FuelStop", 12.0),
        ("StreamFlix", 8.0),
        ("Amazonia Online", 14.0),
        ("City Transit", 9.0),
        ("Bistro 21", 10.0),
        ("ElectroMart", 6.0),
        ("QuickPay Wallet", 5.0),
        ("GiftCardHub", 3.0),
        ("TravelNow Air", 4.0),
    ];
    let risky = [
        ("GiftCardHub", 25.0),
        ("ElectroMart", 20.0),
        ("QuickPay Wallet", 20.0),
        ("Amazonia Online", 20.0),
        ("TravelNow Air", 15.0),
    ];
    let countries = [
        ("US", 50.0),
        ("GB", 15.0),
        ("DE", 15.0),
        ("FR", 10.0),
        ("BR", 10.0),
    ];
    let mut eval = String::from("transaction_id,ts,score,label,amount,merchant,country\n");
    let mut scores = Vec::with_capacity(rows.len());
    for (n, (fraud, score_c, score_b)) in rows.iter().enumerate() {
        let day = rng.next_u64() % DAYS;
        let seconds = START + (day * 86_400 + rng.next_u64() % 86_400) as i64;
        let ts = chrono::DateTime::from_timestamp(seconds, 0)
            .expect("in range")
            .format("%Y-%m-%dT%H:%M:%SZ");
        let amount = (if *fraud { 5.0 } else { 3.4 } + 1.1 * rng.normal())
            .exp()
            .clamp(0.5, 25_000.0);
        let merchant = rng.pick(if *fraud { &risky } else { &merchants });
        let country = rng.pick(&countries);
        let id = format!("tx-{:06}", n + 1);
        let _ = writeln!(
            eval,
            "{id},{ts},{score_c:.4},{},{amount:.2},{merchant},{country}",
            u8::from(*fraud)
        );
        scores.push((id, *score_b));
    }
    // The production model's export lists the transactions in its own order.
    for i in (1..scores.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        scores.swap(i, j);
    }
    let mut baseline_csv = String::from("transaction_id,score\n");
    for (id, score) in &scores {
        let _ = writeln!(baseline_csv, "{id},{score:.4}");
    }
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/fraud-release");
    std::fs::create_dir_all(folder).expect("samples/ is writable");
    for (name, text) in [("eval.csv", eval), ("scores_v31.csv", baseline_csv)] {
        let path = format!("{folder}/{name}");
        std::fs::write(&path, text).expect("samples/fraud-release is writable");
        println!("wrote {path}");
    }
}
