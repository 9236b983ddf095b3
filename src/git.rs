//! The context file's commit, for the provenance: `git` run as a subprocess at the
//! edge, read-only (`--no-optional-locks`, so it never takes the index lock) and
//! running nothing the repository configures: no fsmonitor, no hooks, no filters
//! (a repository in a shared folder or an unpacked archive is not trusted). The
//! commit is the last one that changed the context file — not HEAD, which moves
//! with every commit, including the one that adds the report — so the same inputs
//! give the same bytes. No git, or a file outside a work tree, gives `None`.

use std::path::Path;
use std::process::Command;

use crate::model::provenance::GitState;

/// The git state of `file`; `None` outside a work tree or when git cannot run.
pub fn load_git_state(file: &Path) -> Option<GitState> {
    // A context given as text (the Python package's YAML string or dict) is no
    // file, so it has no commit.
    if !file.is_file() {
        return None;
    }
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = file.file_name()?;
    let git = |args: &[&std::ffi::OsStr]| -> Option<String> {
        let output = Command::new("git")
            .arg("--no-optional-locks")
            .arg("--no-pager")
            // The repository's own configuration may name programs to run: a
            // file-system monitor, hooks. None of them run for a report.
            .args(["-c", "core.fsmonitor=false"])
            .args(["-c", "core.hooksPath=/dev/null"])
            .args(["-c", "core.untrackedCache=false"])
            .arg("-C")
            .arg(folder)
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_OPTIONAL_LOCKS", "0")
            .env_remove("GIT_EXTERNAL_DIFF")
            .env_remove("GIT_PAGER")
            .stdin(std::process::Stdio::null())
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    if git(&[os("rev-parse"), os("--is-inside-work-tree")])? != "true" {
        return None;
    }
    // A repository without commits makes `git log` fail: nothing is committed yet.
    let commit = git(&[os("log"), os("-1"), os("--format=%H"), os("--"), name]).unwrap_or_default();
    if commit.is_empty() {
        return Some(GitState::Untracked);
    }
    // Modified: the file's bytes, hashed without the repository's filters (a
    // `filter.*.clean` command is the repository's to run, not ours), against the
    // last commit's. `git status` would run those filters and the fsmonitor.
    let committed = git(&[
        os("rev-parse"),
        os("--verify"),
        os("--quiet"),
        &head_path(name),
    ]);
    let current = git(&[os("hash-object"), os("--no-filters"), os("--"), name])?;
    Some(GitState::Committed {
        commit,
        modified: committed.as_deref() != Some(current.as_str()),
    })
}

/// `HEAD:./NAME`: the file's blob in the last commit, relative to the folder git runs in.
fn head_path(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let mut spec = std::ffi::OsString::from("HEAD:./");
    spec.push(name);
    spec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_work_tree_there_is_no_commit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("context.yaml");
        std::fs::write(&file, "title: T\n").unwrap();
        assert_eq!(load_git_state(&file), None);
    }

    /// Runs git in `dir` with a fixed author; whether it succeeded.
    fn ok(args: &[&str], dir: &Path) -> bool {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    #[test]
    fn a_committed_file_names_its_last_commit() {
        let dir = tempfile::tempdir().unwrap();
        if !ok(&["init", "-q"], dir.path()) {
            eprintln!("SKIPPED: git is not available");
            return;
        }
        let file = dir.path().join("context.yaml");
        std::fs::write(&file, "title: T\n").unwrap();
        assert_eq!(load_git_state(&file), Some(GitState::Untracked));
        assert!(ok(&["add", "context.yaml"], dir.path()));
        assert!(ok(&["commit", "-q", "-m", "one"], dir.path()));
        let Some(GitState::Committed { commit, modified }) = load_git_state(&file) else {
            panic!("expected a commit");
        };
        assert_eq!(commit.len(), 40);
        assert!(!modified);
        // Another file's commit does not move the context's.
        std::fs::write(dir.path().join("other.txt"), "x").unwrap();
        assert!(ok(&["add", "other.txt"], dir.path()));
        assert!(ok(&["commit", "-q", "-m", "two"], dir.path()));
        assert_eq!(
            load_git_state(&file),
            Some(GitState::Committed {
                commit: commit.clone(),
                modified: false
            })
        );
        std::fs::write(&file, "title: U\n").unwrap();
        assert_eq!(
            load_git_state(&file),
            Some(GitState::Committed {
                commit,
                modified: true
            })
        );
    }

    #[test]
    fn the_repository_s_own_programs_never_run() {
        let dir = tempfile::tempdir().unwrap();
        if !ok(&["init", "-q"], dir.path()) {
            eprintln!("SKIPPED: git is not available");
            return;
        }
        let file = dir.path().join("context.yaml");
        std::fs::write(&file, "title: T\n").unwrap();
        assert!(ok(&["add", "context.yaml"], dir.path()));
        assert!(ok(&["commit", "-q", "-m", "one"], dir.path()));
        // Planted after the commit, as a hostile archive or shared folder would.
        let marker = |what: &str| dir.path().join(format!("ran-{what}"));
        let touch = |what: &str| format!("touch '{}'; false", marker(what).display());
        for (key, value) in [
            ("core.fsmonitor", touch("fsmonitor")),
            ("filter.evil.clean", touch("filter")),
            ("core.pager", touch("pager")),
        ] {
            assert!(ok(&["config", key, &value], dir.path()));
        }
        let hooks = dir.path().join(".git/hooks");
        std::fs::create_dir_all(&hooks).unwrap();
        for hook in ["post-index-change", "reference-transaction"] {
            let path = hooks.join(hook);
            std::fs::write(&path, format!("#!/bin/sh\n{}\n", touch(hook))).unwrap();
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::write(dir.path().join(".gitattributes"), "*.yaml filter=evil\n").unwrap();
        std::fs::write(&file, "title: U\n").unwrap();
        let state = load_git_state(&file);
        assert!(
            matches!(state, Some(GitState::Committed { modified: true, .. })),
            "{state:?}"
        );
        std::fs::write(&file, "title: T\n").unwrap();
        let state = load_git_state(&file);
        assert!(
            matches!(
                state,
                Some(GitState::Committed {
                    modified: false,
                    ..
                })
            ),
            "{state:?}"
        );
        for what in [
            "fsmonitor",
            "filter",
            "pager",
            "post-index-change",
            "reference-transaction",
        ] {
            assert!(!marker(what).exists(), "the repository's {what} ran");
        }
    }
}
