//! The HTML report: sections and numbers checked with CSS selectors against the JSON,
//! a golden copy of `<main>` for the fraud sample, hostile input kept inert, and the
//! committed `reports/` kept current.

use std::path::Path;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::repo;
use crate::tradeoff;

const SECTIONS: [&str; 8] = [
    "headline",
    "per-day",
    "operating-points",
    "tradeoff",
    "examples",
    "narrative",
    "data",
    "appendix",
];

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

/// Runs `tradeoff report` from `dir` and returns (html, json). Each run writes to its
/// own temporary folder, so tests running side by side never share an output.
fn report(dir: &Path, context: &str) -> (String, Value) {
    let out = tempfile::tempdir().unwrap();
    let (html, json) = (
        out.path().join("report.html"),
        out.path().join("summary.json"),
    );
    tradeoff()
        .current_dir(dir)
        .arg("report")
        .arg(context)
        .arg("-o")
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .assert()
        .success();
    let html = std::fs::read_to_string(html).unwrap();
    let json = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    (html, json)
}

/// The fraud sample, run from the repository root as the README does.
fn fraud() -> (String, Value) {
    report(&repo(""), "samples/fraud/context.yaml")
}

#[test]
fn every_section_exists_and_per_day_numbers_equal_the_json() {
    let (html, json) = fraud();
    let page = Html::parse_document(&html);
    for id in SECTIONS {
        assert_eq!(
            select(&page, &format!("section#{id}")).len(),
            1,
            "section #{id}"
        );
    }
    let current = &json["operating_points"][0];
    for key in ["flagged", "caught", "missed", "false_alarms"] {
        let cells = select(&page, &format!("#per-day [data-per-day=\"{key}\"]"));
        assert_eq!(cells.len(), 1, "{key}");
        let shown: f64 = cells[0]
            .text()
            .collect::<String>()
            .replace(',', "")
            .parse()
            .unwrap();
        // One decimal below 10, whole numbers above (issue 12).
        let value = current["per_day"][key].as_f64().unwrap();
        let expected = if value < 9.95 {
            (value * 10.0).round() / 10.0
        } else {
            value.round()
        };
        assert_eq!(shown, expected, "{key}");
    }
    let headline: String = select(&page, "#headline p")[0].text().collect();
    assert!(headline.contains("200 valid transactions are flagged and sent to manual review, 14 fraudulent transactions are missed and 266 are caught"), "{headline}");
    // One table row per operating point, current first (and meeting mode's hidden
    // "what if" row).
    let rows = select(&page, "#operating-points tbody tr:not(#what-if-row)");
    assert_eq!(
        rows.len(),
        json["operating_points"].as_array().unwrap().len()
    );
    assert!(rows[0].value().classes().any(|c| c == "current"));
    // Six charts (per day, ROC/PR, scores, days, calibration, cost), each with a
    // caption and a legend.
    assert_eq!(select(&page, "#tradeoff figure svg").len(), 6);
    assert_eq!(select(&page, "#tradeoff figure figcaption").len(), 6);
    assert_eq!(select(&page, "#tradeoff figure .legend").len(), 6);
    // Ten of each kind of mistake.
    for group in ["false-alarms", "misses", "borderline"] {
        let rows = select(&page, &format!("#{group} + p + table tbody tr"));
        assert_eq!(rows.len(), 10, "{group}");
    }
}

#[test]
fn the_page_is_self_contained_and_bounded() {
    let (html, _) = fraud();
    for forbidden in [
        "<link",
        "<img",
        "<iframe",
        "src=",
        "url(",
        "@import",
        "fetch(",
        "XMLHttpRequest",
        "sendBeacon",
        "WebSocket",
    ] {
        assert!(!html.contains(forbidden), "page contains {forbidden}");
    }
    // Meeting mode's data is bounded: about a thousand grid points (plus at most
    // 200 of the sweep's own where round steps pile cases, issue 22), a few
    // hundred example rows, whatever the number of evaluation rows.
    let data = assert_only_our_scripts(&Html::parse_document(&html));
    let points = data["points"].as_array().unwrap();
    assert!(
        (1001..=1230).contains(&points.len()),
        "{} grid points",
        points.len()
    );
    assert!(
        data["examples"]["rows"].as_array().unwrap().len()
            <= 2 * tradeoff::model::mistakes::POOL_BINS + 3 * 10
    );
    // The number field steps through the grid and starts at the current threshold.
    assert!(html.contains(
        r#"<input id="threshold" type="number" min="0" max="1" step="0.001" value="0.50">"#
    ));
    // Exact at the current threshold: its grid point is 0.5 itself.
    assert_eq!(points[data["current"].as_u64().unwrap() as usize][0], 0.5);
    assert!(html.len() < 1_000_000, "page is {} bytes", html.len());
}

/// The page's only scripts are meeting mode's JSON data and its inline script,
/// byte for byte the one in `templates/`; returns the data.
fn assert_only_our_scripts(page: &Html) -> serde_json::Value {
    let scripts = select(page, "script");
    assert_eq!(scripts.len(), 2, "expected the data and the script only");
    assert_eq!(scripts[0].value().attr("type"), Some("application/json"));
    assert_eq!(scripts[0].value().attrs().count(), 2, "type and id only");
    assert_eq!(scripts[1].value().attrs().count(), 0, "no src, no type");
    let ours = std::fs::read_to_string(crate::repo("templates/meeting.js")).unwrap();
    assert_eq!(scripts[1].text().collect::<String>().trim(), ours.trim());
    serde_json::from_str(&scripts[0].text().collect::<String>()).expect("the data is JSON")
}

#[test]
fn same_inputs_same_bytes() {
    let (a, ja) = fraud();
    let (b, jb) = fraud();
    assert!(a == b, "two runs gave different HTML");
    assert_eq!(ja, jb);
}

/// `<main>` with the tool version and the context file's git state masked.
fn masked_main(html: &str) -> String {
    let start = html.find("<main>").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    without_git_state(&html[start..end]).replace(env!("CARGO_PKG_VERSION"), "[version]")
}

/// The page with the appendix's git state of the context file masked: it names the
/// last commit that changed the file, which a squash, a rebase or a copy without
/// `.git` changes while the report's numbers do not.
pub(crate) fn without_git_state(html: &str) -> String {
    const OPEN: &str = "<dd id=\"provenance-git\">";
    let Some(start) = html.find(OPEN) else {
        return html.to_owned();
    };
    let from = start + OPEN.len();
    let end = from + html[from..].find("</dd>").unwrap_or(0);
    format!("{}[git state]{}", &html[..from], &html[end..])
}

#[test]
fn golden_main_of_the_fraud_report() {
    let (html, _) = fraud();
    let main = masked_main(&html);
    let golden = repo("tests/golden/fraud_main.html");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &main).unwrap();
    }
    let expected = std::fs::read_to_string(&golden)
        .expect("golden file exists; run with UPDATE_GOLDEN=1 to create it");
    assert!(
        main == expected,
        "<main> differs from tests/golden/fraud_main.html; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff"
    );
}

#[test]
fn committed_reports_are_current() {
    let mut samples: Vec<String> = std::fs::read_dir(repo("samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| repo(&format!("samples/{name}/context.yaml")).is_file())
        .collect();
    samples.sort();
    assert!(samples.contains(&"fraud".to_owned()));
    for name in samples {
        let context = format!("samples/{name}/context.yaml");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("r.html");
        tradeoff()
            .current_dir(repo(""))
            .args(["report", &context, "-o"])
            .arg(&out)
            .assert()
            .success();
        let now = without_git_state(&std::fs::read_to_string(&out).unwrap());
        let then = without_git_state(
            &std::fs::read_to_string(repo(&format!("reports/{name}.html"))).unwrap_or_default(),
        );
        assert!(
            now == then,
            "reports/{name}.html is stale: run `cargo run -- report {context}` and commit the result"
        );
    }
}

#[test]
fn hostile_strings_are_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let evil = r#"<script>alert(1)</script><img src=x onerror="alert(2)">"#;
    let csv_evil = evil.replace('"', "\"\"");
    // polars keeps doubled quotes inside a quoted header name, so the hostile column
    // name uses single quotes.
    let column = evil.replace('"', "'");
    let mut csv = format!("score,label,\"{column}\",id\n");
    for i in 0..40 {
        csv.push_str(&format!(
            "0.{:02},{},\"{csv_evil} \"\" onclick=\"\"x\",\"id{i}{csv_evil}\"\n",
            (i * 7) % 100,
            i % 3 == 0
        ));
    }
    std::fs::write(dir.path().join("eval.csv"), csv).unwrap();
    let yaml_evil = evil.replace('\\', "\\\\").replace('"', "\\\"");
    let yaml_column = column.replace('"', "\\\"");
    let context = format!(
        "title: \"{yaml_evil}\"\nmodel: \"{yaml_evil}\"\ndata:\n  path: eval.csv\n  id: id\n  show: [\"{yaml_column}\"]\n  positive: true\nbusiness:\n  positive: \"{yaml_evil}\"\n  negative: \"x\\\" onmouseover=\\\"alert(3)\"\n  action: \"{yaml_evil}\"\n  volume_per_day: 100\nthresholds:\n  current: 0.5\n  candidates:\n    - {{ name: \"{yaml_evil}\", threshold: 0.3 }}\nnarrative: |\n  <script>alert(4)</script> [x](javascript:alert(5)) <a href=\"#\" onclick=\"alert(6)\">y</a>\n"
    );
    std::fs::write(dir.path().join("context.yaml"), context).unwrap();
    let (html, _) = report(dir.path(), "context.yaml");
    let page = Html::parse_document(&html);
    assert!(
        select(&page, "img, iframe").is_empty(),
        "an element was injected"
    );
    // Meeting mode's data holds the hostile text intact, as data.
    let data = assert_only_our_scripts(&page);
    let rows = data["examples"]["rows"].as_array().unwrap();
    assert!(
        rows.iter()
            .any(|r| r[5][0].as_str().is_some_and(|c| c.starts_with(evil))),
        "the examples in the data keep the hostile text as text"
    );
    for element in select(&page, "*") {
        for (name, value) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler attribute {name}={value}"
            );
            assert!(
                !value.to_lowercase().contains("javascript:"),
                "javascript: URL in {name}"
            );
        }
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn a_production_mix_unlike_the_evaluation_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(crate::repo("samples/fraud/context.yaml"))
        .unwrap()
        .replace(
            "path: eval.csv",
            &format!("path: {}", crate::repo("samples/fraud/eval.csv").display()),
        );
    let rare = replace_line(&yaml, "  prevalence: ", "  prevalence: 0.01");
    std::fs::write(dir.path().join("rare.yaml"), rare).unwrap();
    let (html, json) = report(dir.path(), "rare.yaml");
    let page = Html::parse_document(&html);
    let note: String = select(&page, "#prevalence + p")[0].text().collect();
    let current = &json["operating_points"][0];
    let on_evaluation = current["precision"].as_f64().unwrap();
    let in_production = current["precision_in_production"].as_f64().unwrap();
    assert!(in_production < on_evaluation);
    for expected in [
        "Positives are 1.0% of production but 3.4% of the evaluation set".to_owned(),
        format!(
            "{:.1}% of flags are fraudulent transactions on the evaluation set but {:.1}% in production",
            on_evaluation * 100.0,
            in_production * 100.0
        ),
        "fewer fraudulent transactions to catch".to_owned(),
    ] {
        assert!(note.contains(&expected), "{expected} not in: {note}");
    }
    // The sample itself plans with the evaluation's own mix: no such paragraph.
    let (html, _) = fraud();
    assert!(select(&Html::parse_document(&html), "#prevalence").is_empty());
}

/// `text` with the rest of the line after `key` replaced by `line`.
fn replace_line(text: &str, key: &str, line: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with(key) {
                line.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Issue 10: the whole report runs in-process through `app::report`, with no binary
/// spawned, and says what the binary would print.
#[test]
fn the_report_command_runs_in_process() {
    let dir = tempfile::tempdir().unwrap();
    let built = tradeoff::app::report(&tradeoff::app::ReportRequest {
        context_file: repo("samples/fraud/context.yaml"),
        output: Some(dir.path().join("fraud.html")),
        json: None,
        examples: 10,
        ..tradeoff::app::ReportRequest::default()
    })
    .unwrap();
    assert!(built.printed.stdout.starts_with("With threshold 0.50"));
    assert_eq!(built.report.current.threshold, 0.5);
    assert_eq!(std::fs::read_to_string(&built.output).unwrap(), built.html);
    assert!(built.printed.stderr.contains("wrote "));
}
