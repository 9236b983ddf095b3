//! Writing outputs without losing anything: the bytes go to a temporary file in the
//! target's folder and are renamed over the target, so a failed run leaves an
//! existing report untouched; an output may never be one of the inputs.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Why an output could not be written.
#[derive(Debug, Error)]
pub enum OutputError {
    // The I/O error is part of the message, not a `source`, so a printed chain
    // says it once.
    #[error(
        "cannot write {file}: {reason}: check that the folder is writable, or choose another path with -o / --json"
    )]
    /// The file could not be written (or renamed into place).
    Write {
        /// The output path.
        file: PathBuf,
        /// The operating-system error.
        reason: std::io::Error,
    },
    /// The output path is one of the run's inputs.
    #[error("refusing to write {file}: it is an input of this run; choose another output path")]
    IsInput {
        /// The output path that is also an input.
        file: PathBuf,
    },
}

/// Writes `bytes` to `file` atomically, creating missing parent folders. Refuses to
/// write over any of `inputs`.
pub fn write_output(file: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), OutputError> {
    let target = fs::canonicalize(file).ok();
    if let Some(target) = &target
        && inputs
            .iter()
            .any(|i| fs::canonicalize(i).ok().as_ref() == Some(target))
    {
        return Err(OutputError::IsInput {
            file: file.to_owned(),
        });
    }
    let error = |reason| OutputError::Write {
        file: file.to_owned(),
        reason,
    };
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&folder).map_err(error)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = fs::File::create(&temporary)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| fs::rename(&temporary, file));
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result.map_err(error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_creates_folders_and_protects_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a/b/report.json");
        write_output(&out, b"one", &[]).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"one");
        write_output(&out, b"two", &[]).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"two");
        let err = write_output(&out, b"three", &[out.as_path()]).unwrap_err();
        assert!(matches!(err, OutputError::IsInput { .. }));
        assert_eq!(fs::read(&out).unwrap(), b"two");
        let leftovers = fs::read_dir(dir.path().join("a/b")).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
