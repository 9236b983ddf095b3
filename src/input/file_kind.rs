//! What is at an input path, checked before a byte is read: a folder, a device
//! (`/dev/zero` never ends), a named pipe or a loop of symbolic links gets a clear
//! message instead of "no such file", an endless read or a hang.

use std::fs;
use std::io;
use std::os::unix::fs::FileTypeExt as _;
use std::path::Path;

/// `Ok` when `path` is a regular file (links followed); else what it is, in words
/// that complete "FILE: …".
///
/// # Errors
/// The problem, as a sentence for the user.
pub fn check_regular_file(path: &Path) -> Result<(), String> {
    if crate::input::memory::is_held(path) {
        return Ok(());
    }
    let metadata = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return Err(match e.kind() {
                io::ErrorKind::NotFound if path.symlink_metadata().is_ok() => {
                    "a symbolic link to a file that does not exist".to_owned()
                }
                io::ErrorKind::NotFound => "no such file".to_owned(),
                io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
                io::ErrorKind::NotADirectory => {
                    "no such file (a part of the path is a file, not a folder)".to_owned()
                }
                // ELOOP has no stable `ErrorKind` yet.
                _ if e.raw_os_error() == Some(40) => {
                    "a loop of symbolic links, not a file".to_owned()
                }
                _ => e.to_string(),
            });
        }
    };
    let kind = metadata.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "something other than a file"
    };
    Err(format!("{what}, not a regular file: name a file"))
}

/// [`check_regular_file`] as an I/O error, for readers that return one.
///
/// # Errors
/// `InvalidInput` (or `NotFound`) with the problem in words.
pub fn check_regular_io(path: &Path) -> io::Result<()> {
    check_regular_file(path).map_err(|problem| {
        let kind = if path.exists() || path.symlink_metadata().is_ok() {
            io::ErrorKind::InvalidInput
        } else {
            io::ErrorKind::NotFound
        };
        io::Error::new(kind, format!("{}: {problem}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.csv");
        fs::write(&file, "x").unwrap();
        assert_eq!(check_regular_file(&file), Ok(()));
        let said = |p: &Path| check_regular_file(p).unwrap_err();
        assert!(said(dir.path()).starts_with("a folder"));
        assert!(said(Path::new("/dev/zero")).starts_with("a device"));
        assert_eq!(said(&dir.path().join("none.csv")), "no such file");
        let a = dir.path().join("loop-a");
        let b = dir.path().join("loop-b");
        std::os::unix::fs::symlink(&a, &b).unwrap();
        std::os::unix::fs::symlink(&b, &a).unwrap();
        assert!(said(&a).contains("loop"), "{}", said(&a));
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
        assert!(said(&dangling).contains("does not exist"));
    }
}
