//! Statistics: pure maths on slices of numbers — the threshold sweep, intervals,
//! per-group tallies, calibration, segments, days, production projection and costs.
//! Numbers in, numbers out: no I/O, no words, no formatting.
//!
//! May import: nothing else of the crate.

pub mod ap_bootstrap;
pub mod audit;
pub mod audit_costs;
pub mod audit_plan;
pub mod audit_weighted;
pub mod average_day;
pub mod calibration;
pub mod costs;
pub mod days;
pub mod delong;
pub mod drift;
pub mod experiment;
pub mod interval;
pub mod monitoring;
pub mod paired;
pub mod paired_costs;
pub mod projection;
pub mod quantity;
pub mod segments;
#[cfg(test)]
mod simulate;
pub mod sweep;
pub mod tally;
pub mod weights;
pub mod workload;
pub mod zone;
