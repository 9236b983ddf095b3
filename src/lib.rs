//! tradeoff: from a classifier's evaluation outputs and a business-context YAML to
//! the numbers people decide with. Data flows one way:
//! `load` → `sweep` → `report` (with `projection`, `targets`, `interval`) →
//! `export` / page; only `load`, `context::load_context` and `output` touch files.

pub mod calibration;
pub mod charts;
pub mod context;
pub mod curves;
pub mod days;
pub mod export;
pub mod fingerprint;
pub mod format;
pub mod interval;
pub mod live;
pub mod load;
pub mod mistakes;
pub mod narrative;
pub mod output;
pub mod page;
pub mod projection;
pub mod report;
pub mod row_costs;
pub mod segments;
pub mod sweep;
pub mod tally;
pub mod targets;
pub mod text;
pub mod warnings;
pub mod zone;
