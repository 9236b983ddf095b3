//! The report model: what a report says, as plain structs of numbers and enums —
//! operating points, targets, mistakes, chart data, meeting mode's threshold grid
//! and warnings as facts. No words, no number formatting, no I/O.
//!
//! May import: `stats` and `input`'s types. Nothing from `present` or the edge.

pub mod analysis;
pub mod comparison;
pub mod curves;
pub mod decision;
pub mod gates;
pub mod grid;
pub mod inputs;
pub mod mistakes;
pub mod monitoring;
pub mod provenance;
pub mod release;
pub mod report;
pub mod targets;
pub mod warnings;
