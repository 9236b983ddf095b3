//! Progress on long runs: a command tells a [`Progress`] each stage as it reaches
//! it; [`Terminal`] draws that with indicatif on standard error, and only when
//! standard error is a terminal and the run has lasted longer than a delay (two
//! seconds from the command line), so short runs, pipes, logs and tests see nothing.

use std::io::IsTerminal as _;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::present::progress::Stage;

/// Told each stage of a run as the run reaches it (from any thread).
pub trait Progress: Sync {
    /// The run has reached `stage`.
    fn stage(&self, stage: Stage);
}

/// Shows nothing: for tests and callers that want no progress.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _stage: Stage) {}
}

/// How long a run goes before its progress line appears.
pub const DELAY: Duration = Duration::from_secs(2);

/// A progress line on standard error: hidden until `delay` has passed, never drawn
/// when told not to show (`--quiet`, or standard error not a terminal). Dropping
/// it clears the line, so what the command prints afterwards starts clean.
#[derive(Debug)]
pub struct Terminal {
    bar: ProgressBar,
    /// Dropped to tell the waiting thread the run is over.
    done: Option<mpsc::Sender<()>>,
    waiter: Option<JoinHandle<()>>,
}

impl Terminal {
    /// Starts the clock for a run: shown after [`DELAY`] unless `quiet` or
    /// standard error is not a terminal.
    pub fn start(quiet: bool) -> Terminal {
        Terminal::start_with(!quiet && std::io::stderr().is_terminal(), DELAY)
    }

    /// Starts the clock: when `show`, the line appears on standard error after
    /// `delay`; otherwise it is never drawn.
    pub fn start_with(show: bool, delay: Duration) -> Terminal {
        let bar = ProgressBar::with_draw_target(Some(Stage::COUNT), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed:>4} [{pos}/{len}] {wide_msg}")
                .expect("the template is valid"),
        );
        if !show {
            return Terminal {
                bar,
                done: None,
                waiter: None,
            };
        }
        let (done, wait) = mpsc::channel::<()>();
        let shown = bar.clone();
        let waiter = std::thread::spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(delay) {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Terminal {
            bar,
            done: Some(done),
            waiter: Some(waiter),
        }
    }

    /// Whether the line is drawn nowhere (yet).
    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }
}

impl Progress for Terminal {
    fn stage(&self, stage: Stage) {
        self.bar.set_position(stage.number());
        self.bar.set_message(stage.words());
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // Wake the waiting thread (it sees the channel closed) before clearing, so
        // the line cannot appear after it was cleared.
        drop(self.done.take());
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_drawn_when_not_shown_even_past_the_delay() {
        let progress = Terminal::start_with(false, Duration::ZERO);
        progress.stage(Stage::Reading);
        std::thread::sleep(Duration::from_millis(50));
        progress.stage(Stage::Sweeping { rows: 3 });
        assert!(progress.is_hidden());
    }

    #[test]
    fn a_short_run_ends_before_the_line_appears() {
        let progress = Terminal::start_with(true, Duration::from_secs(60));
        progress.stage(Stage::Writing);
        assert!(progress.is_hidden());
        // Dropping wakes the waiting thread at once instead of after a minute.
        let started = std::time::Instant::now();
        drop(progress);
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}
