//! Inputs held in memory under a name instead of read from a file: the Python
//! package hands a context given as text and a table given as Arrow data to the
//! same loaders the command line uses, by holding them under the path those
//! loaders are given (see `python/src/lib.rs`). While a [`Holding`] lives, the
//! checks and readers of `input` take what is held at its path in place of a
//! file; nothing else changes, so the numbers and the messages are the CLI's.

use std::any::Any;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

type Held = Arc<dyn Any + Send + Sync>;

/// What is held, by path.
static HELD: Mutex<BTreeMap<PathBuf, Held>> = Mutex::new(BTreeMap::new());

/// A value held at a path; dropping it lets the path go.
#[derive(Debug)]
pub struct Holding {
    path: PathBuf,
}

impl Holding {
    /// The path the value is held at.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Holding {
    fn drop(&mut self) {
        let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
        held.remove(&self.path);
    }
}

/// Holds `value` at `path` (the text of a context: a `String`; a table: a
/// polars `DataFrame`) until the returned [`Holding`] is dropped. A path already
/// held gets `#2`, `#3`, … appended, so that runs side by side never share one.
pub fn hold<T: Any + Send + Sync>(path: &Path, value: T) -> Holding {
    let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
    let mut taken = path.to_owned();
    let mut n = 1;
    while held.contains_key(&taken) {
        n += 1;
        taken = PathBuf::from(format!("{}#{n}", path.display()));
    }
    held.insert(taken.clone(), Arc::new(value));
    Holding { path: taken }
}

/// What is held at `path`, if it is a `T`.
pub fn held<T: Any + Send + Sync + Clone>(path: &Path) -> Option<T> {
    let held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
    held.get(path)?.downcast_ref::<T>().cloned()
}

/// Whether anything is held at `path`.
pub fn is_held(path: &Path) -> bool {
    let held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
    held.contains_key(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_held_until_its_holding_is_dropped_and_paths_never_clash() {
        let path = Path::new("<memory test>");
        let first = hold(path, "a".to_owned());
        let second = hold(path, "b".to_owned());
        assert_eq!(second.path(), Path::new("<memory test>#2"));
        assert_eq!(held::<String>(path).as_deref(), Some("a"));
        assert_eq!(held::<u32>(path), None);
        drop(first);
        assert!(!is_held(path));
        assert_eq!(held::<String>(second.path()).as_deref(), Some("b"));
    }
}
