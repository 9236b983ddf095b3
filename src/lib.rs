//! tradeoff: from a classifier's evaluation outputs and a business-context YAML to
//! the numbers people decide with. The crate is cut into stages, each a folder that
//! imports only from the stages listed before it (checked by a test):
//!
//! 1. `stats` — pure maths on slices (sweep, intervals, tallies, projection);
//! 2. `input` — files and YAML in, validated values out (polars, serde_norway);
//! 3. `model` — the report as numbers and enums;
//! 4. `present` — words, formats, charts, the page and exports;
//! 5. the edge — `app` (one function per command), `output` (atomic writes), `git`
//!    (the context file's commit, from a `git` subprocess).

pub mod app;
pub mod git;
pub mod input;
pub mod model;
pub mod output;
pub mod present;
pub mod stats;
