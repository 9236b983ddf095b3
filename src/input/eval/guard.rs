//! Reads through polars with its panics turned into errors. polars 0.55 panics on
//! some damaged files instead of returning an error (the fuzzer found an
//! `expect("thrift bool field")` in its Parquet footer parser, a bitmap bounds
//! assertion in its Parquet decoder and an out-of-bounds slice in its in-memory
//! JSON-lines reader); a user's file must end in a message, never a crash or a
//! panic trace on stderr.

use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many guarded reads are running: while any is, panics are not printed
/// (polars may panic on one of its worker threads, so a thread-local flag would
/// not do).
static GUARDED: AtomicUsize = AtomicUsize::new(0);
static QUIET_HOOK: Once = Once::new();

/// Runs `read`; a panic inside it becomes `Err` holding the panic's message
/// (empty if it carried none).
pub(super) fn guarded<T, E>(read: impl FnOnce() -> Result<T, E>) -> Result<Result<T, E>, String> {
    QUIET_HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.load(Ordering::SeqCst) == 0 {
                default(info);
            }
        }));
    });
    GUARDED.fetch_add(1, Ordering::SeqCst);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    GUARDED.fetch_sub(1, Ordering::SeqCst);
    outcome.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
    })
}
