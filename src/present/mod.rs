//! Presentation: every word, number format, chart and page — the sentences, the
//! sanitised narrative, plotters charts, the askama page and the JSON and table
//! exports. Pure functions from the report model to text and bytes; no analysis
//! (that is `model`) and no I/O (that is the edge).
//!
//! May import: `model`, `stats` and `input`'s types.

pub(crate) mod charts;
pub(crate) mod comparison;
pub(crate) mod decision;
pub mod export;
pub(crate) mod format;
pub mod inert;
pub(crate) mod monitoring;
pub(crate) mod narrative;
pub(crate) mod page;
pub mod progress;
pub(crate) mod sentences;
pub(crate) mod terminal;
pub(crate) mod warnings;

#[cfg(test)]
mod tests;
