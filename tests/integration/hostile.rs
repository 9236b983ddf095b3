//! Messy and hostile input: odd but valid files work, broken ones get a clear error,
//! nothing is lost on failure, and no input makes the loaders panic.

use crate::tradeoff;
use predicates::prelude::*;
use proptest::prelude::*;
use tradeoff::input::context::parse_context;
use tradeoff::input::eval::{ColumnSpec, load_eval};

/// A temporary folder holding `eval.csv` and `context.yaml`.
fn folder(eval: impl AsRef<[u8]>, context: impl AsRef<str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("eval.csv"), eval).unwrap();
    std::fs::write(dir.path().join("context.yaml"), context.as_ref()).unwrap();
    dir
}

const CONTEXT: &str = "title: T\ndata:\n  path: eval.csv\n  show: [note]\nbusiness:\n  positive: fraud\n  negative: valid\n  action: reviewed\n  volume_per_day: 1000\nthresholds:\n  current: 0.5\n";

#[test]
fn bom_crlf_quotes_scientific_notation_and_spaces_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = b"\xef\xbb\xbfscore,label,note\r\n 0.9 ,1,\"a, \"\"quoted\"\"\nline\"\r\n1e-1,0,x\r\n6E-1,0,y\r\n0.4 ,1,z\r\n";
    std::fs::write(dir.path().join("eval.csv"), csv).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args([
            "sweep",
            "eval.csv",
            "--thresholds",
            "0.5",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout("threshold,tp,fp,tn,fn\n0.5,1,1,1,1\n");
}

#[test]
fn latin1_text_is_read_lossily_with_a_warning() {
    let dir = folder(
        b"score,label,note\n0.9,1,caf\xe9\n0.1,0,ok\n0.6,0,b\n0.3,1,c\n",
        CONTEXT,
    );
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not valid UTF-8"));
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains("not valid UTF-8"));
}

#[test]
fn logit_scores_work_and_the_page_speaks_of_scores() {
    let dir = folder(
        "score,label,note\n-2.5,0,a\n3.1,1,b\n0.7,0,c\n1.5,1,d\n",
        CONTEXT.replace("current: 0.5", "current: 1.0"),
    );
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .success()
        .stderr(predicate::str::contains("not probabilities"));
}

#[test]
fn a_one_megabyte_cell_is_shortened_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "x".repeat(1 << 20);
    std::fs::write(
        dir.path().join("eval.csv"),
        format!("score,label,note\n0.9,0,{huge}\n0.1,1,b\n0.6,1,c\n0.3,0,d\n"),
    )
    .unwrap();
    std::fs::write(dir.path().join("context.yaml"), CONTEXT).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html"])
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.len() < 400_000, "page is {} bytes", html.len());
    assert!(html.contains("more characters not shown"));
}

#[test]
fn broken_files_get_clear_errors() {
    let cases: [(&[u8], &str); 3] = [
        (b"", "eval.csv: the file has no data rows"),
        (
            b"score,label,score\n0.9,1,1\n0.1,0,2\n",
            "the column name `score` appears more than once",
        ),
        (
            b"score,label\n0.9,1\n0.1,0\n0.2,1\n0.3,yes\n",
            "row 4: label `yes` is neither the positive value `1` nor the negative value `0`",
        ),
    ];
    for (csv, message) in cases {
        let dir = folder(csv, CONTEXT);
        tradeoff()
            .current_dir(dir.path())
            .args(["sweep", "eval.csv"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn an_unwritable_output_is_an_error_and_a_failed_run_keeps_the_old_report() {
    let dir = folder("score,label,note\n0.9,1,a\n0.1,0,b\n", CONTEXT);
    std::fs::write(dir.path().join("a-file"), "").unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "a-file/r.html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot write a-file/r.html"));

    // A folder that is not there is named, not made (a typo in -o).
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "out/r.html"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the folder out does not exist: create it first (mkdir -p out)",
        ));
    assert!(!dir.path().join("out").exists(), "no folder is made");
    std::fs::create_dir(dir.path().join("out")).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "out/r.html"])
        .assert()
        .success();
    let before = std::fs::read(dir.path().join("out/r.html")).unwrap();
    std::fs::write(
        dir.path().join("eval.csv"),
        "score,label,note\n0.9,1,a\nbad,0,b\n",
    )
    .unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "out/r.html"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read(dir.path().join("out/r.html")).unwrap(),
        before,
        "a failed run changed the report"
    );
    let files: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
    assert_eq!(files.len(), 1, "no temporary file is left behind");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Fuzz: any bytes as a context file give a context or an error, never a panic.
    #[test]
    fn context_parsing_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_context(&text, std::path::Path::new("fuzz.yaml"));
    }

    /// Fuzz: YAML-shaped mutations of a valid context never panic either.
    #[test]
    fn mutated_contexts_never_panic(position in 0usize..CONTEXT.len(), insert in "[ :\\-\\[\\]{}'\"#&*!|>%@`0-9a-z\\n]{0,12}") {
        let mut text = CONTEXT.to_owned();
        let at = (0..=position).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        text.insert_str(at, &insert);
        let _ = parse_context(&text, std::path::Path::new("fuzz.yaml"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    /// Fuzz: any bytes as a CSV evaluation file load or fail cleanly, never panic.
    #[test]
    fn data_loading_never_panics(body in prop::collection::vec(prop_oneof![
        Just(b','), Just(b'\n'), Just(b'"'), Just(b'\r'), Just(b'.'), Just(b'-'), Just(b'e'), b'0'..=b'9', any::<u8>()
    ], 0..300)) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("fuzz.csv");
        let mut bytes = b"score,label\n".to_vec();
        bytes.extend(body);
        std::fs::write(&file, bytes).unwrap();
        let spec = ColumnSpec { score: "score".into(), label: "label".into(), ..ColumnSpec::default() };
        let _ = load_eval(&file, &spec);
    }
}

#[test]
fn drop_invalid_leaves_out_bad_rows_and_says_how_many() {
    let dir = tempfile::tempdir().unwrap();
    let csv =
        "score,label,note\n0.9,1,a\nNaN,0,b\n0.2,0,c\n,1,d\n0.7,,e\ninf,1,f\n0.4,1,g\n0.6,0,h\n";
    std::fs::write(dir.path().join("eval.csv"), csv).unwrap();
    std::fs::write(dir.path().join("context.yaml"), CONTEXT).unwrap();
    // By default: an error with the count and the first row.
    tradeoff()
        .current_dir(dir.path())
        .args(["sweep", "eval.csv"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("column `score` has 2 missing value(s), the first in row 2")
                .and(predicate::str::contains("--drop-invalid")),
        );
    // Dropped: rows 2, 4, 5 and 6 go, the four valid rows stay.
    tradeoff()
        .current_dir(dir.path())
        .args([
            "sweep",
            "eval.csv",
            "--drop-invalid",
            "--thresholds",
            "0.5",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout("threshold,tp,fp,tn,fn\n0.5,1,1,1,1\n")
        .stderr(predicate::str::contains(
            "4 evaluation rows with a missing, NaN or infinite score or label were left out",
        ));
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "r.html", "--drop-invalid"])
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(html.contains(
        "4 evaluation rows with a missing, NaN or infinite score or label were left out"
    ));
    // Examples keep their file rows and text: the false alarm at 0.6 is row 8, "h".
    assert!(html.contains("row 8"), "examples name the file row");
    assert!(html.contains(">h<"), "examples show the right row's text");
}

#[test]
fn missing_labels_are_an_error_with_count_and_first_row() {
    let dir = folder("score,label\n0.9,1\n0.1,\n0.5,0\n0.4,\n", CONTEXT);
    tradeoff()
        .current_dir(dir.path())
        .args(["sweep", "eval.csv"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "column `label` has 2 missing value(s), the first in row 2: every row needs a label",
        ));
}
