//! The `tradeoff` command line: parse, dispatch to `app`, print, exit. Exit codes:
//! 0 success (also when a reader closes the pipe early), 1 data or runtime error,
//! 2 usage error (clap's own), 3 a gate failed under `report --check`.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use tradeoff::app::{self, Printed};

mod cli;
use cli::{Cli, Command};

/// mimalloc, as polars recommends: large column buffers are allocated and freed
/// with far fewer page faults than with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The exit status when `--check` finds a failed gate: the model does not pass,
/// which a pipeline must tell apart from "the tool could not run" (1).
const GATE_FAILED: u8 = 3;

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    let result = match Cli::parse().command {
        Command::Report(a) => app::report_with_progress(
            &app::ReportRequest {
                context_file: a.context,
                output: a.output,
                json: a.json,
                markdown: a.markdown,
                examples: a.examples,
                drop_invalid: a.drop_invalid,
                check: a.check,
                all_segment_values: a.all_segment_values,
            },
            // Cleared when dropped, at the end of this statement, before printing.
            &app::progress::Terminal::start(a.quiet),
        )
        .map(|built| {
            if built.fails_check(a.check) {
                status = ExitCode::from(GATE_FAILED);
            }
            built.printed
        }),
        Command::Sweep(a) => app::sweep(&app::SweepRequest {
            csv: a.csv_options(),
            data_file: a.data,
            score: a.score,
            label: a.label,
            positive: a.positive,
            thresholds: a.thresholds,
            all: a.all,
            format: a.format,
            drop_invalid: a.drop_invalid,
        }),
        Command::Sql(a) => app::sql(&app::SqlCommand {
            context_file: a.context,
            dialect: a.dialect,
            table: a.table,
            context_output: a.context_output,
            resolution: a.resolution,
            examples: a.examples,
        }),
        Command::Monitor(a) => app::monitor(&app::MonitorRequest {
            context_file: a.context,
            output: a.output,
            json: a.json,
            markdown: a.markdown,
        })
        .map(|monitored| monitored.printed),
    };
    match result.map_err(|e| format!("error: {e:#}")).and_then(print) {
        Ok(()) => status,
        Err(message) => {
            // If standard error is gone too, the exit code is all that is left.
            let _ = writeln!(io::stderr(), "{message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes what a command prints; a closed standard output (`| head`) ends quietly.
fn print(printed: Printed) -> Result<(), String> {
    let write = |mut out: Box<dyn Write>, text: &str| match out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    };
    write(Box::new(io::stderr().lock()), &printed.stderr)
        .map_err(|e| format!("error: cannot write to standard error: {e}"))?;
    write(Box::new(io::stdout().lock()), &printed.stdout)
        .map_err(|e| format!("error: cannot write to standard output: {e}"))
}
