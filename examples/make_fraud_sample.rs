//! Writes `samples/fraud/eval.csv`: a deterministic, realistic card-fraud evaluation
//! set (700 frauds among 20,700 transactions over six weeks) built so that at
//! threshold 0.50 exactly 35 frauds (5.0 %) score below and exactly 500 valid
//! transactions (2.5 %) score at or above. Run: `cargo run --example make_fraud_sample`.

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
}
