//! The one integration-test binary: modules by subject.

mod audit_sample;
mod browser;
mod cdp;
mod claims;
mod cli;
mod counts;
mod coverage;
mod decision;
mod docs;
mod engines;
mod engines_monitor;
mod equivalence;
mod experiment;
mod hostile;
mod input_cli;
mod input_props;
mod inputs;
mod layout;
mod meeting;
mod model_arm;
mod monitor;
mod monitor_costs;
mod monitor_segment_audit;
mod monitor_segments;
mod monitor_weeks;
mod oracle;
mod page;
mod policy;
mod print;
mod release;
mod schemas;
mod seams;
mod security;
mod sql;
mod words;

use std::path::{Path, PathBuf};

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The `tradeoff` binary, ready to take arguments: the one way tests run it.
pub fn tradeoff() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("tradeoff").unwrap()
}
