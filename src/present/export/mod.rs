//! Output formats: each a pure function from results to bytes. Writing them to disk
//! is `crate::output`'s job.

pub mod audit_sample;
pub mod decision_json;
pub mod json;
pub mod markdown;
pub mod monitor_json;
pub mod monitor_markdown;
pub mod release_json;
pub mod schemas;
pub mod sql;
pub mod summary_context;
pub mod sweep;
