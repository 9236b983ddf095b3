//! Size and SHA-256 of the input files, for the appendix: a reader can check that a
//! report was made from the files they have.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

/// An input file as listed in the appendix.
#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    /// What the file is ("Evaluation data").
    pub role: String,
    /// The path as given.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
}

/// Reads `path` once, streaming, and returns its size and SHA-256 in hex.
pub fn load_fingerprint(role: &str, path: &Path) -> io::Result<InputFile> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(InputFile {
        role: role.to_owned(),
        path: path.display().to_string(),
        bytes,
        sha256,
    })
}
