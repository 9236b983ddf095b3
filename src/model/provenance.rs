//! Where a report's numbers come from, so anyone can reproduce them: the model and
//! baseline versions, every input file's size and SHA-256 (the context included),
//! the tool's version and, inside a git work tree, the commit of the context file.

use crate::input::fingerprint::InputFile;

/// The context file's state in git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitState {
    /// The last commit that changed the file, and whether it has changed since.
    Committed {
        /// The commit's full hash.
        commit: String,
        /// Uncommitted changes to the file.
        modified: bool,
    },
    /// Inside a work tree, but never committed.
    Untracked,
}

/// Everything needed to reproduce a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    /// `tradeoff`'s version.
    pub tool_version: String,
    /// The context's `model`.
    pub model: Option<String>,
    /// The baseline's name, when there is one.
    pub baseline: Option<String>,
    /// The context, the evaluation data and any baseline file, in that order.
    pub inputs: Vec<InputFile>,
    /// `None` outside a git work tree (or without git).
    pub context_git: Option<GitState>,
}
