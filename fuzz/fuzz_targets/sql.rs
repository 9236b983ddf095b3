//! Fuzz target: column names, a label value and a table name from the input go
//! into `tradeoff sql`; the SQL is refused or has exactly one `-- tradeoff:` line
//! per statement, and no line break of the input survives into it.
#![no_main]

use std::path::Path;

use tradeoff::input::context::parse_context;
use tradeoff::present::export::sql::{Dialect, SqlRequest, build_sql, render_sql};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let mut parts = text.splitn(4, '\u{0}');
    let score = parts.next().unwrap_or("score");
    let label = parts.next().unwrap_or("label");
    let positive = parts.next().unwrap_or("1");
    let table = parts.next();
    let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let yaml = format!(
        "title: T\ndata:\n  path: eval.parquet\n  score: {}\n  label: {}\n  positive: {}\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 1000\nthresholds:\n  current: 0.5\n",
        quoted(score),
        quoted(label),
        quoted(positive)
    );
    let Ok(context) = parse_context(&yaml, Path::new("fuzz.yaml")) else {
        return;
    };
    for dialect in [
        Dialect::Duckdb,
        Dialect::Spark,
        Dialect::Trino,
        Dialect::Bigquery,
    ] {
        let Ok(statements) = build_sql(&SqlRequest {
            context: &context,
            dialect,
            table,
            step: None,
            examples: 3,
        }) else {
            continue;
        };
        let sql = render_sql(&statements, Path::new("fuzz.yaml"), dialect);
        let headers = sql
            .lines()
            .filter(|l| l.starts_with("-- tradeoff:"))
            .count();
        assert_eq!(headers, statements.len(), "{sql}");
        assert!(!sql.chars().any(|c| c.is_control() && c != '\n'), "{sql}");
    }
});
