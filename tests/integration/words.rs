//! The page's words (issue 12): every sample and every bundled context in
//! `tests/data/contexts/` (real scikit-learn data, and the class names of the issue's
//! three headlines) rendered and read for a wrong plural — a class name with an "s"
//! it should not have, a doubled "ss", an "s" after a non-Latin letter, "1 … are" —
//! and for a threshold shown as 0.00 that is not zero.

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use serde_json::Value;

use crate::repo;
use crate::tradeoff;

/// What one `tradeoff report` run produced.
struct Run {
    context: PathBuf,
    /// The text of `<main>`, scripts left out.
    text: String,
    html: String,
    json: Value,
    stdout: String,
    stderr: String,
}

fn run(context: &Path) -> Run {
    let out = tempfile::tempdir().unwrap();
    let (html, json) = (out.path().join("r.html"), out.path().join("r.json"));
    let output = tradeoff()
        .arg("report")
        .arg(context)
        .arg("-o")
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}: {output:?}", context.display());
    let html = std::fs::read_to_string(html).unwrap();
    let page = Html::parse_document(&html);
    let main = page
        .select(&Selector::parse("main").unwrap())
        .next()
        .unwrap();
    let mut text = String::new();
    for node in main.descendants() {
        let in_script = node.ancestors().any(|a| {
            a.value()
                .as_element()
                .is_some_and(|e| e.name() == "script" || e.name() == "style")
        });
        if let (Some(t), false) = (node.value().as_text(), in_script) {
            text.push_str(t);
            text.push(' ');
        }
    }
    // Text nodes are joined with a space; runs of space are one.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Run {
        context: context.to_owned(),
        text,
        json: serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap(),
        html,
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Every sample's context and every bundled one.
fn contexts() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(repo("samples"))
        .unwrap()
        .map(|e| e.unwrap().path().join("context.yaml"))
        .filter(|p| p.is_file())
        .collect();
    all.extend(
        std::fs::read_dir(repo("tests/data/contexts"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml")),
    );
    all.sort();
    all
}

/// Plain-string class names of the bundled contexts that are simple English noun
/// phrases, with the plural a person would write.
const EXPECTED_PLURALS: [(&str, &str); 6] = [
    ("fraudulent transaction", "fraudulent transactions"),
    ("equipment failure", "equipment failures"),
    ("healthy unit", "healthy units"),
    (
        "wine from the first cultivar",
        "wines from the first cultivar",
    ),
    ("other wine", "other wines"),
    ("flower of another species", "flowers of another species"),
];

/// The class names as the context gives them: (one, other), with `other` from
/// [`EXPECTED_PLURALS`] for a plain string, or (label, None).
fn class_names(context: &Path) -> Vec<(String, Option<String>)> {
    let yaml: serde_json::Value =
        serde_norway::from_str(&std::fs::read_to_string(context).unwrap()).unwrap();
    ["positive", "negative"]
        .iter()
        .map(|key| match &yaml["business"][key] {
            Value::String(s) => (
                s.clone(),
                EXPECTED_PLURALS
                    .iter()
                    .find(|(one, _)| one == s)
                    .map(|(_, other)| (*other).to_owned()),
            ),
            forms => (
                forms["one"].as_str().unwrap().to_owned(),
                Some(forms["other"].as_str().unwrap().to_owned()),
            ),
        })
        .collect()
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every way the words can be wrong, each as a sentence naming the place.
fn problems(run: &Run) -> Vec<String> {
    let mut found = Vec::new();
    let texts = [
        ("page", run.text.as_str()),
        ("terminal", run.stdout.as_str()),
    ];
    let all_words: std::collections::HashSet<&str> =
        texts.iter().flat_map(|(_, t)| words(t)).collect();
    for (place, text) in texts {
        for w in words(text) {
            // A doubled plural: "transactionss" beside "transactions", or "sss".
            let lower = w.to_lowercase();
            if lower.ends_with("sss")
                || (lower.ends_with("ss") && all_words.contains(&w[..w.len() - 1]))
            {
                found.push(format!("{place}: doubled plural “{w}”"));
            }
        }
        // "1 … are": a lone 1 whose next few words, up to any punctuation or number,
        // hold "are" ("1 in 10" is another construction).
        for (i, _) in text.match_indices('1') {
            let before = text[..i].chars().next_back();
            let after = text[i + 1..].chars().next();
            let lone = !before.is_some_and(|c| c.is_alphanumeric() || ".,–-−".contains(c))
                && after == Some(' ');
            if !lone {
                continue;
            }
            let clause: String = text[i + 1..]
                .chars()
                .take_while(|c| !(c.is_ascii_digit() || ".,;:()—–".contains(*c)))
                .collect();
            let next: Vec<&str> = clause.split_whitespace().take(5).collect();
            let stop = next
                .iter()
                .position(|w| ["in", "of"].contains(w))
                .unwrap_or(next.len());
            if next[..stop].contains(&"are") {
                found.push(format!("{place}: “1 {}”", next.join(" ")));
            }
        }
        // "a" or "an" before a number, by how the number is said ("an 8.5%").
        for (i, _) in text.match_indices(' ') {
            let rest = &text[i + 1..];
            let Some((word, number)) = rest.split_once(' ') else {
                continue;
            };
            if !(word == "a" || word == "an") || !number.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let shown: String = number
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
                .collect();
            let whole: String = shown.split('.').next().unwrap().replace(',', "");
            let vowel = shown.starts_with('8')
                || (matches!(whole.len(), 2 | 5 | 8)
                    && (whole.starts_with("11") || whole.starts_with("18")));
            if vowel != (word == "an") {
                found.push(format!("{place}: “{word} {shown}”"));
            }
        }
        // An "s" straight after a letter of a non-Latin script ("欺诈交易s").
        let chars: Vec<char> = text.chars().collect();
        for pair in chars.windows(3) {
            let non_latin = pair[0].is_alphabetic() && pair[0] as u32 > 0x024F;
            if non_latin && pair[1] == 's' && !pair[2].is_alphanumeric() {
                found.push(format!(
                    "{place}: “{}{}” after a non-Latin letter",
                    pair[0], pair[1]
                ));
            }
        }
    }
    // A class name with an ending it does not have: "valids", "loan that goes bads",
    // "Betrugsfalls"; with both forms given, only `other` may follow a count.
    for (one, other) in class_names(&run.context) {
        for wrong in [format!("{one}s"), format!("{one}es")] {
            if other.as_deref() == Some(wrong.as_str()) {
                continue;
            }
            for (place, text) in texts {
                let at = text.match_indices(&wrong).any(|(i, _)| {
                    !text[i + wrong.len()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                });
                if at {
                    found.push(format!("{place}: “{wrong}”"));
                }
            }
        }
    }
    // A threshold that is not zero shown as 0.00: the negotiation table against the
    // JSON, and the headline's threshold.
    let page = Html::parse_document(&run.html);
    let cells =
        Selector::parse("#operating-points tbody tr:not(#what-if-row) td:nth-child(2)").unwrap();
    let shown: Vec<String> = page.select(&cells).map(|c| c.text().collect()).collect();
    let points = run.json["operating_points"].as_array().unwrap();
    assert_eq!(shown.len(), points.len(), "{}", run.context.display());
    for (text, point) in shown.iter().zip(points) {
        let threshold = point["threshold"].as_f64().unwrap();
        if text
            .trim_start_matches('-')
            .trim_matches(['0', '.'])
            .is_empty()
            && threshold != 0.0
        {
            found.push(format!("threshold {threshold} shown as {text}"));
        }
        let back: f64 = text.parse().unwrap();
        if (back - threshold).abs() > threshold.abs() * 0.01 {
            found.push(format!("threshold {threshold} shown as {text}"));
        }
    }
    found
}

#[test]
fn every_sample_and_bundled_context_reads_without_a_wrong_plural() {
    let all = contexts();
    assert!(all.len() >= 12, "{all:?}");
    for context in all {
        let run = run(&context);
        let found = problems(&run);
        assert!(
            found.is_empty(),
            "{}:\n{}",
            context.display(),
            found.join("\n")
        );
        // Meeting mode's word table holds the same forms.
        let data = between(&run.html, "id=\"meeting-data\">", "</script>");
        let data: Value = serde_json::from_str(data).unwrap();
        for ((one, other), key) in class_names(&context).into_iter().zip(["pos", "neg"]) {
            let forms = &data["words"][key];
            assert_eq!(forms[0], one.as_str(), "{}", context.display());
            if let Some(other) = other {
                assert_eq!(forms[1], other.as_str(), "{}", context.display());
            } else {
                // Not a phrase with a known plural: a label, with a warning.
                assert_eq!(forms[1], forms[0], "{}", context.display());
                let warning = format!("the name “{one}”");
                assert!(
                    run.stderr.contains(&warning),
                    "{}: {}",
                    context.display(),
                    run.stderr
                );
            }
        }
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap() + start.len();
    &text[from..from + text[from..].find(end).unwrap()]
}

/// A per-day count as the page writes it, made here independently of the crate.
fn per_day(v: f64) -> String {
    let tenths = (v * 10.0).round() / 10.0;
    if tenths < 10.0 {
        format!("{tenths:.1}")
    } else {
        let digits = format!("{:.0}", v.round());
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
}

fn day(run: &Run) -> (String, String, String) {
    let d = &run.json["operating_points"][0]["per_day"];
    let f = |k: &str| per_day(d[k].as_f64().unwrap());
    (f("false_alarms"), f("missed"), f("caught"))
}

fn context(name: &str) -> PathBuf {
    repo(&format!("tests/data/contexts/{name}.yaml"))
}

#[test]
fn issue_12_the_three_headlines_read_in_the_readers_words() {
    // With both forms: sentences, the plural where the count is not 1.
    for (name, negatives, positives) in [
        ("loan-forms", "loans that are repaid", "loans that go bad"),
        ("valid-forms", "valid cases", "fraudulent transactions"),
        ("betrug-forms", "gültige Transaktionen", "Betrugsfälle"),
    ] {
        let run = run(&context(name));
        let (false_alarms, missed, caught) = day(&run);
        let expected = format!(
            "On an average day {false_alarms} {negatives} are flagged and referred to an underwriter, {missed} {positives} are missed and {caught} are caught."
        );
        assert!(run.stdout.contains(&expected), "{name}: {}", run.stdout);
        assert!(run.text.contains(&expected), "{name}: the page's headline");
        assert!(
            !run.stderr.contains("no plural the tool can make safely"),
            "{name}: {}",
            run.stderr
        );
    }
    // From plain strings: the names as written, in a form that needs no plural, and a
    // warning naming the key to set.
    for (name, negative, positive, keys) in [
        (
            "loan-plain",
            "loan that is repaid",
            "loan that goes bad",
            &["business.positive", "business.negative"][..],
        ),
        (
            "valid-plain",
            "valid",
            "fraudulent transaction",
            &["business.negative"][..],
        ),
        (
            "betrug-plain",
            "gültige Transaktion",
            "Betrugsfall",
            &["business.positive", "business.negative"][..],
        ),
        (
            "fraud-chinese",
            "正常交易",
            "欺诈交易",
            &["business.positive", "business.negative"][..],
        ),
    ] {
        let run = run(&context(name));
        let (false_alarms, missed, caught) = day(&run);
        let expected = format!(
            "On an average day — {negative}: {false_alarms} flagged and referred to an underwriter; {positive}: {missed} missed and {caught} caught."
        );
        assert!(run.stdout.contains(&expected), "{name}: {}", run.stdout);
        for key in ["business.positive", "business.negative"] {
            let warned = run.stderr.lines().any(|l| {
                l.starts_with("warning: ")
                    && l.contains(key)
                    && l.contains(&format!("{key}: {{ one: …, other: … }}"))
            });
            assert_eq!(warned, keys.contains(&key), "{name} {key}: {}", run.stderr);
            // and on the page
            let on_page = run.text.contains(&format!("({key}) has no plural"));
            assert_eq!(on_page, keys.contains(&key), "{name} {key} on the page");
        }
    }
    // A plain string that is a simple English noun phrase is pluralised by its head.
    let run = run(&context("wine-alcohol"));
    assert!(
        run.stdout
            .contains(" wines from the first cultivar are missed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(" other wines are flagged"),
        "{}",
        run.stdout
    );
}

#[test]
fn issue_12_a_count_of_one_takes_the_singular() {
    // `volume_per_day` chosen so that the false alarms come to exactly 1 a day: the
    // evaluation's false-positive rate at 0.5 times the negatives' share of volume.
    let source = std::fs::read_to_string(context("loan-forms")).unwrap();
    let run0 = run(&context("loan-forms"));
    let point = &run0.json["operating_points"][0];
    let fpr = point["false_positive_rate"].as_f64().unwrap();
    let negatives_share = 1.0 - run0.json["business"]["prevalence"].as_f64().unwrap();
    // 10 a day at this volume: "10" is the plural, and so is "1.0" (CLDR).
    let volume = 10.0 / (fpr * negatives_share);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ten.yaml");
    std::fs::write(
        &file,
        source
            .replace("volume_per_day: 125", &format!("volume_per_day: {volume}"))
            .replace(
                "../breast_cancer.csv",
                repo("tests/data/breast_cancer.csv").to_str().unwrap(),
            ),
    )
    .unwrap();
    let ten = run(&file);
    assert!(
        ten.stdout
            .contains("day 10 loans that are repaid are flagged"),
        "{}",
        ten.stdout
    );
    std::fs::write(
        &file,
        source
            .replace(
                "volume_per_day: 125",
                &format!("volume_per_day: {}", volume / 10.0),
            )
            .replace(
                "../breast_cancer.csv",
                repo("tests/data/breast_cancer.csv").to_str().unwrap(),
            ),
    )
    .unwrap();
    let one = run(&file);
    assert!(
        one.stdout
            .contains("day 1.0 loans that are repaid are flagged"),
        "{}",
        one.stdout
    );
}

#[test]
fn issue_12_an_id_column_as_a_segment_keeps_the_page_and_the_json_small() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(repo("samples/fraud/context.yaml")).unwrap();
    let file = dir.path().join("ids.yaml");
    std::fs::write(
        &file,
        source
            .replace("segments: [country]", "segments: [transaction_id]")
            .replace(
                "path: eval.csv",
                &format!("path: {}", repo("samples/fraud/eval.csv").display()),
            ),
    )
    .unwrap();
    let run = run(&file);
    assert!(
        run.html.len() < 1_000_000,
        "page of {} bytes",
        run.html.len()
    );
    let json = serde_json::to_vec(&run.json).unwrap();
    assert!(json.len() < 100_000, "JSON of {} bytes", json.len());
    let segments = &run.json["segments"][0];
    assert_eq!(segments["rows"].as_array().unwrap().len(), 20);
    assert_eq!(segments["other"]["values"], 20_680);
    assert!(
        run.stderr
            .contains("segment column `transaction_id` has 20,700 values"),
        "{}",
        run.stderr
    );
    assert!(run.text.contains("All 20,680 other values"));
    assert!(run.text.contains(
        "transaction_id has 20,700 values: the 20 with the largest share of volume have a row each"
    ));
    // The full breakdown on request.
    let out = tempfile::tempdir().unwrap();
    let full = out.path().join("full.json");
    tradeoff()
        .arg("report")
        .arg(&file)
        .arg("-o")
        .arg(out.path().join("r.html"))
        .arg("--json")
        .arg(&full)
        .arg("--all-segment-values")
        .assert()
        .success();
    let full: Value = serde_json::from_slice(&std::fs::read(full).unwrap()).unwrap();
    assert_eq!(
        full["segments"][0]["rows"].as_array().unwrap().len(),
        20_700
    );
    assert!(full["segments"][0]["other"].is_null());
}

#[test]
fn issue_12_sweep_all_prints_distinct_tiny_thresholds_distinctly() {
    let output = tradeoff()
        .args(["sweep", "--all"])
        .arg(repo("tests/data/contexts/tiny_scores.csv"))
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let shown: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    let csv = tradeoff()
        .args(["sweep", "--all", "--format", "csv"])
        .arg(repo("tests/data/contexts/tiny_scores.csv"))
        .output()
        .unwrap();
    let exact: Vec<f64> = String::from_utf8(csv.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(shown.len(), exact.len());
    let mut distinct = shown.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), shown.len(), "two thresholds read the same");
    for (text, value) in shown.iter().zip(&exact) {
        let back: f64 = text.parse().unwrap();
        assert!(
            (back - value).abs() <= value.abs() * 0.01,
            "{value} shown as {text}"
        );
        assert_ne!(*text, "0.00");
    }
}

#[test]
fn the_word_check_catches_each_kind_of_mistake() {
    let page = |headline: &str, threshold_cell: &str| Run {
        context: context("valid-plain"),
        text: headline.to_owned(),
        html: format!(
            "<main><section id=\"operating-points\"><table><tbody><tr><td>Current</td><td class=\"num\">{threshold_cell}</td></tr></tbody></table></section></main>"
        ),
        json: serde_json::json!({ "operating_points": [{ "threshold": 1.5e-7 }] }),
        stdout: String::new(),
        stderr: String::new(),
    };
    let clean = page("On an average day — valid: 200 flagged.", "1.5e-7");
    assert!(problems(&clean).is_empty(), "{:?}", problems(&clean));
    for (text, cell, expected) in [
        (
            "On an average day 200 valids are flagged.",
            "1.5e-7",
            "“valids”",
        ),
        (
            "14 fraudulent transactionss are missed; 2 fraudulent transactions",
            "1.5e-7",
            "doubled plural",
        ),
        (
            "14 欺诈交易s are missed.",
            "1.5e-7",
            "after a non-Latin letter",
        ),
        (
            "With 1 fraudulent transaction are missed.",
            "1.5e-7",
            "“1 fraudulent transaction are",
        ),
        (
            "On an average day — valid: 200 flagged.",
            "0.00",
            "shown as 0.00",
        ),
    ] {
        let found = problems(&page(text, cell));
        assert!(
            found.iter().any(|f| f.contains(expected)),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn issue_12_a_class_name_without_its_plural_form_is_an_error_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(context("loan-forms")).unwrap();
    let file = dir.path().join("half.yaml");
    std::fs::write(
        &file,
        source.replace(
            "positive: { one: loan that goes bad, other: loans that go bad }",
            "positive: { one: loan that goes bad, others: loans that go bad }",
        ),
    )
    .unwrap();
    tradeoff()
        .arg("report")
        .arg(&file)
        .arg("-o")
        .arg(dir.path().join("r.html"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "half.yaml: key `business.positive` has an unknown key `others`",
        ))
        .stderr(predicates::str::contains("{ one: …, other: … }"));
}

#[test]
fn issue_12_meeting_mode_picks_the_same_words_as_the_static_page() {
    let Some(chromium) = crate::browser::chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(context("loan-forms"))
        .unwrap()
        .replace(
            "../breast_cancer.csv",
            repo("tests/data/breast_cancer.csv").to_str().unwrap(),
        );
    // At 0.3 the false-positive rate is 8.5%: "an 8.5%" on both pages.
    let moved = dir.path().join("moved.yaml");
    std::fs::write(&moved, source.replace("current: 0.5", "current: 0.3")).unwrap();
    let at_current = dir.path().join("current.yaml");
    std::fs::write(&at_current, &source).unwrap();
    let static_page = run(&moved);
    let live_page = run(&at_current);
    let page_file = dir.path().join("live.html");
    std::fs::write(&page_file, &live_page.html).unwrap();
    let mut browser = crate::cdp::Browser::launch(&chromium);
    let tab = browser.open(
        &format!("file://{}#threshold=0.3", page_file.display()),
        1280,
        900,
        true,
    );
    let live = browser.eval(&tab, "document.querySelector('#headline p').textContent");
    let expected = Html::parse_document(&static_page.html)
        .select(&Selector::parse("#headline p").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert_eq!(live.as_str().unwrap(), expected);
    assert!(
        expected.contains(" an 8.5% false-positive rate"),
        "{expected}"
    );
    assert!(
        static_page.stdout.contains(" an 8.5% false-positive rate"),
        "{}",
        static_page.stdout
    );
}
