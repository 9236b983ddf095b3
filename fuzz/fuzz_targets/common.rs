//! What every loader harness does: write the input to a file with the format's
//! extension, load it with one of a few column specs (the first byte picks which),
//! and, when that works, fetch the id and `show` cells of a few rows as the page
//! does. Any result is fine; a panic is a finding.

use std::path::PathBuf;

use tradeoff::input::eval::{ColumnSpec, CsvOptions, EpochUnit, load_cells, load_eval};

/// A file in a folder of this process's own.
fn scratch(extension: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tradeoff-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir.join(format!("input.{extension}"))
}

/// Loads `bytes` as a file with `extension`.
pub fn load(extension: &str, bytes: &[u8]) {
    let Some((&choice, body)) = bytes.split_first() else {
        return;
    };
    let file = scratch(extension);
    if std::fs::write(&file, body).is_err() {
        return;
    }
    let full = choice & 1 == 1;
    let spec = ColumnSpec {
        score: "score".into(),
        label: "label".into(),
        positive: match choice >> 1 & 3 {
            0 => None,
            1 => Some("1.0".into()),
            2 => Some("true".into()),
            _ => Some("Fraud".into()),
        },
        weight: full.then(|| "weight".into()),
        id: full.then(|| "id".into()),
        timestamp: full.then(|| "ts".into()),
        segments: if full { vec!["segment".into()] } else { Vec::new() },
        drop_invalid: choice & 8 != 0,
        timestamp_unit: (choice & 16 != 0).then_some(EpochUnit::Seconds),
        csv: CsvOptions {
            separator: (choice & 32 != 0).then_some(b';'),
            decimal_comma: (choice & 64 != 0).then_some(true),
        },
        ..ColumnSpec::default()
    };
    if let Ok(data) = load_eval(&file, &spec) {
        let rows: Vec<usize> = (0..data.scores.len().min(3)).map(|i| data.file_row(i)).collect();
        let columns: Vec<String> = if full { vec!["id".into(), "segment".into()] } else { vec!["label".into()] };
        let _ = load_cells(&file, &spec.csv, &columns, &rows);
    }
}
