//! The `tradeoff` command line: parse, dispatch to `app`, print, exit. Exit codes:
//! 0 success (also when a reader closes the pipe early), 1 data or runtime error,
//! 2 usage error (clap's own), 3 a gate failed under `report --check`.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use tradeoff::app::{self, Printed};
use tradeoff::present::inert::terminal;

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
    ExitCode::from(run(std::env::args_os()))
}

/// The command line for `args` (the program's name first), returning the exit
/// status: what `main` runs, and what the Python package's `tradeoff` command
/// calls in-process (python/src/lib.rs), so one native build serves both.
pub(crate) fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> u8 {
    let mut status = 0;
    let command = Cli::parse_from(args).command;
    if let Err(usage) = command.check_outputs() {
        usage.exit();
    }
    let result = match command {
        Command::Report(a) => {
            // The progress line is cleared when dropped, at the end of this
            // statement, before anything is printed.
            app::report_with_progress(&a.request(), &app::progress::Terminal::start(a.quiet)).map(
                |built| {
                    if built.fails_check(a.check) {
                        status = GATE_FAILED;
                    }
                    built.printed
                },
            )
        }
        Command::Sweep(a) => app::sweep(&a.request()),
        Command::Sql(a) => app::sql(&a.request()),
        Command::Monitor(a) => app::monitor(&a.request()).map(|monitored| monitored.printed),
    };
    // Everything printed goes through one function that shows control characters
    // from data or YAML (a cell cannot drive the terminal).
    let result = result.map_err(|e| terminal(&format!("error: {e:#}")));
    match result.and_then(print) {
        Ok(()) => status,
        Err(message) => {
            // If standard error is gone too, the exit code is all that is left.
            let _ = writeln!(io::stderr(), "{message}");
            1
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
    write(Box::new(io::stderr().lock()), &terminal(&printed.stderr))
        .map_err(|e| format!("error: cannot write to standard error: {e}"))?;
    write(Box::new(io::stdout().lock()), &terminal(&printed.stdout))
        .map_err(|e| format!("error: cannot write to standard output: {e}"))
}
