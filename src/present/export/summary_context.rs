//! The context `tradeoff sql --context` writes: the business part as in the
//! original, the data part pointing at each result, `NAME.parquet`, beside it, with
//! `data.summary` saying what the engine made. YAML written by hand (the YAML crate
//! lives only in `input`): every string as a double-quoted (JSON) scalar, every
//! number as Rust prints it, which YAML reads back as the same double.

use std::fmt::Write as _;

use crate::input::context::Context;
use crate::present::export::sql::{
    CASES, Dialect, Statement, Step, sanitise_comment, squares_name,
};
use crate::stats::zone::Zone;

/// The context that reads the engine's results (`tradeoff sql --context`): the
/// business part as in `context`, the data part pointing at `NAME.parquet` beside
/// it. YAML written by hand: every string as a double-quoted (JSON) scalar.
pub fn summary_context(
    context: &Context,
    statements: &[Statement],
    step: Option<Step>,
    dialect: Dialect,
) -> String {
    let s = |text: &str| serde_json::Value::from(text).to_string();
    let list = |items: &[String]| {
        format!(
            "[{}]",
            items.iter().map(|i| s(i)).collect::<Vec<_>>().join(", ")
        )
    };
    let file = |name: &str| s(&format!("{name}.parquet"));
    let data = &context.data;
    let business = &context.business;
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# Written by `tradeoff sql --dialect {}` from {}: the report reads the\n# engine's results, each NAME.parquet beside this file.",
        dialect.name(),
        sanitise_comment(&context.file.display().to_string())
    );
    let _ = writeln!(y, "title: {}", s(&context.title));
    for (key, value) in [("model", &context.model), ("owner", &context.owner)] {
        if let Some(v) = value {
            let _ = writeln!(y, "{key}: {}", s(v));
        }
    }
    if let Some(date) = context.date {
        let _ = writeln!(y, "date: {}", date.format("%Y-%m-%d"));
    }
    let _ = writeln!(y, "data:\n  path: {}", file("counts"));
    let _ = writeln!(
        y,
        "  score: {}\n  label: {}",
        s(&data.score),
        s(&data.label)
    );
    if let Some(p) = &data.positive {
        let _ = writeln!(y, "  positive: {}", s(p));
    }
    let _ = writeln!(y, "  count: {}", s(CASES));
    if let Some(w) = &data.weight {
        let _ = writeln!(y, "  weight: {}", s(w));
    }
    if let Some(id) = &data.id {
        let _ = writeln!(y, "  id: {}", s(id));
    }
    if !data.show.is_empty() {
        let _ = writeln!(y, "  show: {}", list(&data.show));
    }
    if data.timestamp.is_some() {
        let _ = writeln!(y, "  timestamp: {}", s("day"));
    }
    let zone = match data.timezone {
        Zone::Fixed(offset) if offset.local_minus_utc() == 0 => "UTC".to_owned(),
        Zone::Fixed(offset) => offset.to_string(),
        Zone::Named(tz) => tz.name().to_owned(),
    };
    let _ = writeln!(y, "  timezone: {}", s(&zone));
    if !data.segments.is_empty() {
        let _ = writeln!(y, "  segments: {}", list(&data.segments));
    }
    let _ = writeln!(y, "  summary:");
    if let Some(step) = step {
        let _ = writeln!(y, "    resolution: {}", step.value());
    }
    let mut squares: Vec<String> = data.weight.iter().cloned().collect();
    squares.extend(business.cost_columns.names());
    if !squares.is_empty() {
        let _ = writeln!(y, "    squares:");
        for c in &squares {
            let _ = writeln!(y, "      {}: {}", s(c), s(&squares_name(c)));
        }
    }
    let has = |name: &str| statements.iter().any(|st| st.name == name);
    if has("examples") {
        let _ = writeln!(y, "    examples: {}", file("examples"));
    }
    if has("days") {
        let _ = writeln!(y, "    days: {}", file("days"));
    }
    if !data.segments.is_empty() {
        let _ = writeln!(y, "    segments:");
        for (i, segment) in data.segments.iter().enumerate() {
            let _ = writeln!(
                y,
                "      {}: {}",
                s(segment),
                file(&format!("segment_{}", i + 1))
            );
        }
    }
    let _ = writeln!(y, "business:");
    // A class's name: both forms when the context gave them, else as written.
    let noun = |n: &crate::input::context::Noun| match n.other() {
        Some(other) => format!("{{ one: {}, other: {} }}", s(n.one()), s(other)),
        None => s(n.one()).to_string(),
    };
    let _ = writeln!(y, "  positive: {}", noun(&business.positive));
    let _ = writeln!(y, "  negative: {}", noun(&business.negative));
    let _ = writeln!(y, "  action: {}", s(&business.action));
    let _ = writeln!(y, "  volume_per_day: {}", business.volume_per_day);
    for (key, value) in [
        ("prevalence", business.prevalence),
        ("capacity_per_day", business.capacity_per_day),
    ] {
        if let Some(v) = value {
            let _ = writeln!(y, "  {key}: {v}");
        }
    }
    if let Some(c) = &business.currency {
        let _ = writeln!(y, "  currency: {}", s(c));
    }
    if let Some(costs) = business.costs {
        let columns = &business.cost_columns;
        let _ = writeln!(y, "  costs:");
        for (key, money, column) in [
            (
                "false_positive",
                costs.false_positive,
                &columns.false_positive,
            ),
            (
                "false_negative",
                costs.false_negative,
                &columns.false_negative,
            ),
            ("true_positive", costs.true_positive, &columns.true_positive),
        ] {
            let _ = match column {
                Some(c) => writeln!(y, "    {key}: {{ column: {} }}", s(c)),
                None => writeln!(y, "    {key}: {money}"),
            };
        }
    }
    let thresholds = &context.thresholds;
    let _ = writeln!(y, "thresholds:\n  current: {}", thresholds.current);
    if !thresholds.candidates.is_empty() {
        let _ = writeln!(y, "  candidates:");
        for c in &thresholds.candidates {
            let _ = writeln!(
                y,
                "    - {{ name: {}, threshold: {} }}",
                s(&c.name),
                c.threshold
            );
        }
    }
    let t = &thresholds.targets;
    let targets: Vec<(&str, Option<f64>)> = vec![
        ("max_false_negative_rate", t.max_false_negative_rate),
        ("max_flagged_per_day", t.max_flagged_per_day),
        ("min_precision", t.min_precision),
        ("max_false_alarms_per_day", t.max_false_alarms_per_day),
        ("min_caught_per_day", t.min_caught_per_day),
    ];
    if targets.iter().any(|(_, v)| v.is_some()) || t.min_cost {
        let _ = writeln!(y, "  targets:");
        for (key, value) in targets {
            if let Some(v) = value {
                let _ = writeln!(y, "    {key}: {v}");
            }
        }
        if t.min_cost {
            let _ = writeln!(y, "    min_cost: true");
        }
    }
    if let Some(n) = &context.narrative {
        let _ = writeln!(y, "narrative: {}", s(n));
    }
    y
}
