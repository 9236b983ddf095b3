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

/// With `TRADEOFF_TRACE` set, prints to standard error the seconds since the first
/// call, the process's resident memory now and its peak (`VmRSS`, `VmHWM` from
/// `/proc/self/status`, in MiB; 0 where there is no `/proc`) and `what` was just
/// done: how the benchmark's figures were taken apart by stage (docs/src/benchmark.md).
/// Does nothing otherwise.
#[doc(hidden)]
pub fn trace(what: &str) {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    if std::env::var_os("TRADEOFF_TRACE").is_none() {
        return;
    }
    let start = START.get_or_init(std::time::Instant::now);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |k: &str| {
        status
            .lines()
            .find(|l| l.starts_with(k))
            .map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse::<u64>()
                    .unwrap_or(0)
                    / 1024
            })
            .unwrap_or(0)
    };
    eprintln!(
        "trace {:>7.3}s rss {:>5} MiB hwm {:>5} MiB  {what}",
        start.elapsed().as_secs_f64(),
        field("VmRSS:"),
        field("VmHWM:")
    );
}
