//! Input: files and YAML in, validated values out. The only code that uses polars
//! (the evaluation loader) or serde_norway (the context reader); the rest of the
//! crate sees plain vectors and a validated `Context`.
//!
//! May import: `stats` (for the value types it hands on, such as `Zone`, `Costs`
//! and `Segment`). Nothing from `model`, `present` or the command-line edge.

pub mod context;
pub mod eval;
pub mod file_kind;
pub mod fingerprint;
pub mod memory;
pub mod plan;
pub mod suggest;
