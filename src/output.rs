//! Writing outputs without losing anything, and without touching what is not ours.
//! Every file the tool writes goes through [`write_output`]:
//!
//! - the path is resolved as the kernel will resolve it once its missing folders
//!   exist (`missing/../eval.csv` is `eval.csv`), and the target is compared with
//!   every input by device and inode, and by resolved path: an output is never an
//!   input, nor a hard link or a symbolic link to one;
//! - only a regular file is replaced: a folder, a device, a FIFO, a socket or a
//!   symbolic link at the output path is refused (a link is not written through:
//!   name its target instead), so running as root never turns `/dev/sda` into a
//!   report;
//! - the bytes go to a temporary file made by `tempfile` in the target's folder
//!   (an unpredictable name opened with `O_EXCL`, so a link planted there is never
//!   followed), synced, and renamed over the target: a failed run leaves an
//!   existing output untouched, and a reader never sees half a file;
//! - a rewritten file keeps its permission mode (a 0600 report stays 0600); a new
//!   one gets 0666 less the umask, as any other program's.
//!
//! On Linux the bytes are first written to an unnamed file (`O_TMPFILE`), which a
//! `SIGKILL` during the write leaves nowhere; it is named only for the instant
//! before the rename. Elsewhere, or where the file system cannot make one,
//! a `SIGKILL` between the temporary file's creation and the rename (nothing can
//! catch it) leaves that temporary file behind, named `.NAME.XXXXXX.tmp` beside the
//! target; any other failure removes it.

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Component, Path, PathBuf};

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
    #[error(
        "refusing to write {file}: it is an input of this run{also}; choose another output path"
    )]
    IsInput {
        /// The output path that is also an input.
        file: PathBuf,
        /// " (INPUT)", the input as given when spelt otherwise; else empty.
        also: String,
    },
    /// The output's folder does not exist.
    #[error(
        "cannot write {file}: the folder {folder} does not exist: create it first (mkdir -p {folder}) or choose another path"
    )]
    MissingFolder {
        /// The output path.
        file: PathBuf,
        /// Its folder, as given.
        folder: PathBuf,
    },
    /// Something other than a regular file is at the output path.
    #[error(
        "refusing to write {file}: it is {kind}, not a regular file; choose another output path"
    )]
    NotAFile {
        /// The output path.
        file: PathBuf,
        /// What is there: "a folder", "a symbolic link to …", "a device", …
        kind: String,
    },
}

/// Writes `bytes` to `file` atomically. Refuses a folder that does not exist (a
/// typo in `-o` must not become a new tree), any of `inputs`, and anything but a
/// regular file.
pub fn write_output(file: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), OutputError> {
    write_to(file, bytes, inputs, false)
}

/// [`write_output`] making the missing folders: for the default path the tool
/// chose (`reports/NAME.html`), and for `tradeoff sql --context`, whose folder is
/// where the engine's results go next (`--context summary/context.yaml`).
pub fn write_output_making_folders(
    file: &Path,
    bytes: &[u8],
    inputs: &[&Path],
) -> Result<(), OutputError> {
    write_to(file, bytes, inputs, true)
}

fn write_to(
    file: &Path,
    bytes: &[u8],
    inputs: &[&Path],
    create_folders: bool,
) -> Result<(), OutputError> {
    let error = |reason| OutputError::Write {
        file: file.to_owned(),
        reason,
    };
    let Some(name) = file.file_name().filter(|_| !ends_in_separator(file)) else {
        return Err(OutputError::NotAFile {
            file: file.to_owned(),
            kind: "a folder".to_owned(),
        });
    };
    // Checked before any folder is made, so a refused run creates nothing...
    check_target(file, &resolve(file), inputs)?;
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if !create_folders && !folder.exists() {
        return Err(OutputError::MissingFolder {
            file: file.to_owned(),
            folder,
        });
    }
    fs::create_dir_all(&folder).map_err(error)?;
    // ...and again on the folder as it now is, which is where the rename lands.
    let folder = fs::canonicalize(&folder).map_err(error)?;
    let target = folder.join(name);
    let existing = check_target(file, &target, inputs)?;
    // Linux: the bytes go to an unnamed file first (O_TMPFILE), which a SIGKILL
    // while they are written leaves nowhere; it gets a name only to be renamed.
    #[cfg(target_os = "linux")]
    if unnamed::write(&folder, &target, name, bytes, existing).map_err(error)? {
        return Ok(());
    }
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{}.", name.to_string_lossy()))
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(&folder)
        .map_err(error)?;
    if let Some(mode) = existing {
        temporary
            .as_file()
            .set_permissions(fs::Permissions::from_mode(mode))
            .map_err(error)?;
    }
    temporary.write_all(bytes).map_err(error)?;
    temporary.as_file().sync_all().map_err(error)?;
    // On failure the temporary file is removed when dropped.
    temporary
        .persist(&target)
        .map_err(|e| error(e.error))
        .map(drop)
}

/// Writing through an unnamed file (Linux's `O_TMPFILE`): written and synced with
/// no name, linked under an unpredictable name beside the target (`linkat` through
/// `/proc/self/fd`, which needs no privilege) and renamed over it at once. Where the
/// file system or `/proc` does not allow it, [`write`] says so and the caller
/// falls back to a named temporary file.
#[cfg(target_os = "linux")]
mod unnamed {
    use std::ffi::{CString, OsStr};
    use std::fs::{self, OpenOptions};
    use std::io::{self, Write as _};
    use std::os::fd::AsRawFd as _;
    use std::os::unix::ffi::OsStrExt as _;
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    use std::path::Path;

    /// Writes `bytes` over `target` (in `folder`) through an unnamed file; `false`
    /// when this system cannot make one, having written nothing.
    pub(super) fn write(
        folder: &Path,
        target: &Path,
        name: &OsStr,
        bytes: &[u8],
        mode: Option<u32>,
    ) -> io::Result<bool> {
        let opened = OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_TMPFILE)
            .mode(0o666)
            .open(folder);
        let mut file = match opened {
            Ok(file) => file,
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL | libc::ENOENT)
                ) =>
            {
                return Ok(false);
            }
            Err(e) => return Err(e),
        };
        if let Some(mode) = mode {
            file.set_permissions(fs::Permissions::from_mode(mode))?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        let source = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))
            .map_err(io::Error::other)?;
        let linked = tempfile::Builder::new()
            .prefix(&format!(".{}.", name.to_string_lossy()))
            .suffix(".tmp")
            .make_in(folder, |path| {
                let destination =
                    CString::new(path.as_os_str().as_bytes()).map_err(io::Error::other)?;
                // SAFETY: both arguments are NUL-terminated C strings that outlive
                // the call; linkat reads them and keeps no pointer.
                let status = unsafe {
                    libc::linkat(
                        libc::AT_FDCWD,
                        source.as_ptr(),
                        libc::AT_FDCWD,
                        destination.as_ptr(),
                        libc::AT_SYMLINK_FOLLOW,
                    )
                };
                if status == 0 {
                    Ok(())
                } else {
                    Err(io::Error::last_os_error())
                }
            });
        let linked = match linked {
            Ok(linked) => linked,
            // No /proc, or a file system that cannot link it: nothing was named.
            Err(e)
                if matches!(
                    e.raw_os_error(),
                    Some(libc::ENOENT | libc::EPERM | libc::EXDEV)
                ) =>
            {
                return Ok(false);
            }
            Err(e) => return Err(e),
        };
        // `linked` removes the name when dropped unless it is kept by the rename.
        linked.persist(target).map_err(|e| e.error)?;
        Ok(true)
    }
}

/// Whether `a` and `b` name the same file once their missing folders exist: by
/// resolved path, or by device and inode when both exist. For refusing one path
/// given for two outputs.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (ra, rb) = (resolve(a), resolve(b));
    ra == rb || matches!((identity(&ra), identity(&rb)), (Some(x), Some(y)) if x == y)
}

/// Refuses `target` (the resolved spelling of `file`) when it is an input or not a
/// regular file; the permission mode of the file there, if any.
fn check_target(file: &Path, target: &Path, inputs: &[&Path]) -> Result<Option<u32>, OutputError> {
    let found = target.symlink_metadata().ok();
    if let Some(found) = &found {
        let kind = found.file_type();
        let what = if kind.is_symlink() {
            let to = fs::read_link(target).unwrap_or_default();
            Some(format!("a symbolic link to {}", to.display()))
        } else if kind.is_dir() {
            Some("a folder".to_owned())
        } else if kind.is_block_device() || kind.is_char_device() {
            Some("a device".to_owned())
        } else if kind.is_fifo() {
            Some("a named pipe (FIFO)".to_owned())
        } else if kind.is_socket() {
            Some("a socket".to_owned())
        } else {
            None
        };
        if let Some(kind) = what {
            // An input named through a link is reported as the input it is.
            if let Some(input) = matching_input(target, inputs) {
                return Err(is_input(file, input));
            }
            return Err(OutputError::NotAFile {
                file: file.to_owned(),
                kind,
            });
        }
    }
    if let Some(input) = matching_input(target, inputs) {
        return Err(is_input(file, input));
    }
    Ok(found.map(|m| m.permissions().mode() & 0o7777))
}

/// The refusal to write `file` over `input`.
fn is_input(file: &Path, input: &Path) -> OutputError {
    OutputError::IsInput {
        file: file.to_owned(),
        also: if file == input {
            String::new()
        } else {
            format!(" ({})", input.display())
        },
    }
}

/// The first input that is `target`, by resolved path or by device and inode.
fn matching_input<'a>(target: &Path, inputs: &[&'a Path]) -> Option<&'a Path> {
    let id = identity(target);
    inputs.iter().copied().find(|input| {
        let resolved = resolve(input);
        resolved == target || (id.is_some() && identity(&resolved) == id)
    })
}

/// The device and inode of the file at `path`, following links.
fn identity(path: &Path) -> Option<(u64, u64)> {
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Whether the path ends in `/` (or `/.`), so names a folder.
fn ends_in_separator(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.ends_with(b"/") || bytes.ends_with(b"/.") || bytes == b"."
}

/// `path` as the kernel resolves it once the missing folders on the way exist:
/// each existing prefix is canonicalised (following links), a missing folder is
/// taken as a plain folder, so `missing/..` is where `missing` would be made. The
/// last component is kept as it is (a link there is the target, not followed).
pub fn resolve(path: &Path) -> PathBuf {
    let mut resolved = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let mut components = path.components().peekable();
    while let Some(component) = components.next() {
        let last = components.peek().is_none();
        match component {
            Component::Prefix(_) => {}
            Component::RootDir => resolved = PathBuf::from("/"),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved = match fs::canonicalize(resolved.join("..")) {
                    Ok(p) => p,
                    Err(_) => {
                        resolved.pop();
                        resolved
                    }
                };
            }
            Component::Normal(name) => {
                resolved.push(name);
                if !last && let Ok(p) = fs::canonicalize(&resolved) {
                    resolved = p;
                }
            }
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn linux_writes_through_an_unnamed_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report.html");
        let wrote = super::unnamed::write(
            dir.path(),
            &target,
            std::ffi::OsStr::new("report.html"),
            b"page",
            None,
        )
        .unwrap();
        // This machine's temporary folder supports O_TMPFILE: the unnamed path was
        // taken, and only the target is left in the folder.
        assert!(wrote);
        assert_eq!(std::fs::read(&target).unwrap(), b"page");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("report.html")]);
    }

    use super::*;

    #[test]
    fn writes_creates_folders_and_protects_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a/b/report.json");
        // A folder that is not there is refused, and nothing is created...
        let err = write_output(&out, b"one", &[]).unwrap_err();
        assert!(matches!(err, OutputError::MissingFolder { .. }), "{err}");
        assert!(err.to_string().contains("mkdir -p"), "{err}");
        assert!(!dir.path().join("a").exists());
        // ...unless the path is a default the tool chose.
        write_output_making_folders(&out, b"one", &[]).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"one");
        write_output(&out, b"two", &[]).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"two");
        let err = write_output(&out, b"three", &[out.as_path()]).unwrap_err();
        assert!(matches!(err, OutputError::IsInput { .. }));
        assert_eq!(fs::read(&out).unwrap(), b"two");
        let leftovers = fs::read_dir(dir.path().join("a/b")).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[test]
    fn a_path_through_a_missing_folder_is_still_checked_against_the_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("eval.csv");
        fs::write(&input, "score,label\n").unwrap();
        let out = dir.path().join("exists_not/../eval.csv");
        let err = write_output(&out, b"page", &[input.as_path()]).unwrap_err();
        assert!(matches!(err, OutputError::IsInput { .. }), "{err}");
        assert_eq!(fs::read(&input).unwrap(), b"score,label\n");
        assert!(
            !dir.path().join("exists_not").exists(),
            "nothing is created"
        );
    }

    #[test]
    fn a_hard_link_to_an_input_is_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("eval.csv");
        fs::write(&input, "x").unwrap();
        let link = dir.path().join("other.csv");
        fs::hard_link(&input, &link).unwrap();
        let err = write_output(&link, b"page", &[input.as_path()]).unwrap_err();
        assert!(matches!(err, OutputError::IsInput { .. }), "{err}");
    }

    #[test]
    fn links_folders_and_fifos_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.txt");
        fs::write(&elsewhere, "keep").unwrap();
        let link = dir.path().join("link.html");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let err = write_output(&link, b"page", &[]).unwrap_err();
        assert!(matches!(err, OutputError::NotAFile { .. }), "{err}");
        assert_eq!(fs::read(&elsewhere).unwrap(), b"keep");
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        let err = write_output(dir.path(), b"page", &[]).unwrap_err();
        assert!(matches!(err, OutputError::NotAFile { .. }), "{err}");
        let err = write_output(&dir.path().join("sub/"), b"page", &[]).unwrap_err();
        assert!(matches!(err, OutputError::NotAFile { .. }), "{err}");
        let err = write_output(Path::new("/dev/null"), b"page", &[]).unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
    }

    #[test]
    fn a_rewritten_file_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r.html");
        fs::write(&out, "old").unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(0o600)).unwrap();
        write_output(&out, b"new", &[]).unwrap();
        assert_eq!(
            fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(fs::read(&out).unwrap(), b"new");
    }

    #[test]
    fn the_temporary_name_is_not_predictable() {
        // A link planted at the old predictable name is left alone.
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "keep").unwrap();
        let planted = dir
            .path()
            .join(format!(".r.html.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_output(&dir.path().join("r.html"), b"page", &[]).unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep");
    }

    #[test]
    fn resolving_follows_dot_dot_through_missing_folders() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        assert_eq!(resolve(&base.join("a/b/../../c")), base.join("c"));
        assert_eq!(resolve(&base.join("./a/./c")), base.join("a/c"));
        assert!(same_file(&base.join("x/../r.json"), &base.join("r.json")));
        assert!(!same_file(&base.join("x/r.json"), &base.join("r.json")));
    }
}
