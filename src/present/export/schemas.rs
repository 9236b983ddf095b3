//! The JSON Schemas of what programs read and write: the context YAML, the
//! report's JSON (with the release review) and the monitor's JSON, generated from
//! the types they are read into or written from. Committed under `docs/schemas/`
//! as `NAME.schema.json`; `tests/integration/schemas.rs` fails when one is stale
//! (`TRADEOFF_BLESS=1 cargo test schemas` rewrites them).

use crate::input::context::context_schema;
use crate::present::export::monitor_json::MonitorSummary;
use crate::present::export::release_json::ReleaseSummary;

/// Each schema with the name of its file under `docs/schemas/` (without
/// `.schema.json`).
pub fn schemas() -> Vec<(&'static str, schemars::Schema)> {
    vec![
        ("context", context_schema()),
        ("report", schemars::schema_for!(ReleaseSummary)),
        ("monitor", schemars::schema_for!(MonitorSummary)),
    ]
}
