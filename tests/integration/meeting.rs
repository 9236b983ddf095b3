//! Meeting mode in a real browser (headless Chromium over the DevTools protocol):
//! the fraud sample's report is opened at several `#threshold=` addresses and moved
//! with the keyboard and the number field, and what it shows is checked against a
//! static report made at that threshold and against `tradeoff sweep`. No console
//! errors, no network. Screenshots go to `target/browser-screenshots/`. Skipped
//! (saying so) without Chromium unless `TRADEOFF_REQUIRE_BROWSER=1`.

use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::browser::chromium;
use crate::cdp::{Browser, Tab};
use crate::repo;
use crate::tradeoff;

const VOLUME: f64 = 8280.0;
const PREVALENCE: f64 = 0.033816425;

/// Writes the fraud sample's context with `current` as its threshold (data path made
/// absolute) and makes its report and JSON summary in `dir`.
fn fraud_report(dir: &Path, name: &str, current: &str) -> (PathBuf, Value) {
    let yaml = std::fs::read_to_string(repo("samples/fraud/context.yaml"))
        .unwrap()
        .replace(
            "path: eval.csv",
            &format!("path: {}", repo("samples/fraud/eval.csv").display()),
        )
        .replace("  current: 0.5\n", &format!("  current: {current}\n"));
    assert!(yaml.contains(&format!("current: {current}\n")));
    let context = dir.join(format!("{name}.yaml"));
    std::fs::write(&context, yaml).unwrap();
    let html = dir.join(format!("{name}.html"));
    let json = dir.join(format!("{name}.json"));
    tradeoff()
        .arg("report")
        .arg(&context)
        .arg("-o")
        .arg(&html)
        .arg("--json")
        .arg(&json)
        .assert()
        .success();
    let summary = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (html, summary)
}

fn url(page: &Path, hash: &str) -> String {
    format!("file://{}{hash}", page.display())
}

/// What a reader sees at one threshold, from the page as it is now.
const READ_PAGE: &str = r#"(() => {
  const text = (el) => el ? el.textContent : null;
  const cells = (row) => row ? [...row.cells].slice(1).map((td) =>
      td.children.length ? [...td.children].slice(0, 2).map(text).join('') : td.textContent) : [];
  const ids = (id) => [...document.querySelectorAll('#rows-' + id + ' tr')].map((tr) => tr.cells[0].textContent);
  return {
    headline: text(document.querySelector('#headline p')),
    cards: [...document.querySelectorAll('.card')].map((c) =>
        [text(c.querySelector('[data-per-day]')), text(c.querySelector('.range')), text(c.querySelector('.what'))]),
    notes: [...document.querySelector('#per-day ul.notes').querySelectorAll('li')].map(text),
    row: cells(document.querySelector('#what-if-row')),
    current_row: cells(document.querySelector('#operating-points tr.current')),
    what_if_shown: !document.querySelector('#what-if-row').hidden,
    false_alarms: ids('false-alarms'),
    misses: ids('misses'),
    heading: text(document.querySelector('#examples h2')),
    field: document.getElementById('threshold').value,
    hash: location.hash,
    status: text(document.getElementById('threshold-status')),
    markers: [...document.querySelectorAll('g.what-if')].filter((g) => g.getAttribute('visibility') === 'visible').length,
  };
})()"#;

/// The same from a static page, read with an HTML parser.
fn read_static(html: &Path) -> Value {
    let page = Html::parse_document(&std::fs::read_to_string(html).unwrap());
    let one = |css: &str| {
        page.select(&Selector::parse(css).unwrap())
            .next()
            .map(|e| e.text().collect::<String>())
    };
    let all =
        |css: &str| -> Vec<ElementRef> { page.select(&Selector::parse(css).unwrap()).collect() };
    let text = |e: &ElementRef| e.text().collect::<String>();
    let ids = |id: &str| -> Vec<String> {
        all(&format!("#rows-{id} tr"))
            .iter()
            .map(|tr| {
                tr.select(&Selector::parse("td").unwrap())
                    .next()
                    .map(|td| text(&td))
                    .unwrap()
            })
            .collect()
    };
    let card_part = |c: &ElementRef, css: &str| {
        c.select(&Selector::parse(css).unwrap())
            .next()
            .map(|e| text(&e))
    };
    serde_json::json!({
        "headline": one("#headline p"),
        "cards": all(".card").iter().map(|c| vec![card_part(c, "[data-per-day]"), card_part(c, ".range"), card_part(c, ".what")]).collect::<Vec<_>>(),
        "notes": all("#per-day ul.notes").first().map(|ul| ul.select(&Selector::parse("li").unwrap()).map(|li| text(&li)).collect::<Vec<_>>()),
        "current_row": all("#operating-points tr.current td").iter().skip(1).map(text).collect::<Vec<_>>(),
        "false_alarms": ids("false-alarms"),
        "misses": ids("misses"),
        "heading": one("#examples h2"),
    })
}

/// A per-day count as the page writes it: one decimal below 10, else whole with
/// thousands separators (issue 12).
fn count(v: f64) -> String {
    let tenths = (v.abs() * 10.0).round() / 10.0;
    if tenths < 10.0 {
        return format!("{tenths:.1}");
    }
    let digits = format!("{:.0}", v.round().abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Per-day counts at `threshold` from `tradeoff sweep` and PRODUCT.md's formulas:
/// flagged, caught, missed, false alarms.
fn per_day_from_sweep(threshold: &str) -> [f64; 4] {
    let output = tradeoff()
        .args(["sweep", "--format", "json", "--thresholds", threshold])
        .arg(repo("samples/fraud/eval.csv"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    let row = &rows.as_array().unwrap()[0];
    let n = |k: &str| row[k].as_f64().unwrap();
    let tpr = n("tp") / (n("tp") + n("fn"));
    let fpr = n("fp") / (n("fp") + n("tn"));
    let caught = VOLUME * PREVALENCE * tpr;
    let false_alarms = VOLUME * (1.0 - PREVALENCE) * fpr;
    [
        caught + false_alarms,
        caught,
        VOLUME * PREVALENCE * (1.0 - tpr),
        false_alarms,
    ]
}

fn screenshots() -> PathBuf {
    repo("target/browser-screenshots")
}

fn assert_clean(browser: &mut Browser, tab: &Tab, page: &Path) {
    let errors = browser.errors(tab);
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let file = format!("file://{}", page.display());
    let requests: Vec<String> = browser
        .requests(tab)
        .into_iter()
        .filter(|u| u.split('#').next() != Some(file.as_str()))
        .collect();
    assert!(requests.is_empty(), "the page asked for: {requests:?}");
}

#[test]
fn meeting_mode_shows_what_a_report_at_that_threshold_shows() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (page, summary) = fraud_report(dir.path(), "fraud", "0.5");
    let target = summary["operating_points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "max_flagged_per_day")
        .unwrap()["threshold"]
        .as_f64()
        .unwrap();
    let current_day = &summary["operating_points"][0]["per_day"];
    let mut browser = Browser::launch(&chromium);
    // A round threshold below, one above, a target's exact threshold, the current one.
    for threshold in ["0.2", "0.35", &target.to_string(), "0.5", "0.81"] {
        let tab = browser.open(
            &url(&page, &format!("#threshold={threshold}")),
            1366,
            900,
            true,
        );
        let live = browser.eval(&tab, READ_PAGE);
        let (other, other_summary) =
            fraud_report(dir.path(), &format!("at-{threshold}"), threshold);
        let expected = read_static(&other);
        for key in [
            "headline",
            "cards",
            "notes",
            "false_alarms",
            "misses",
            "heading",
        ] {
            assert_eq!(live[key], expected[key], "{key} at {threshold}");
        }
        let moved = threshold != "0.5";
        assert_eq!(live["what_if_shown"], moved, "what-if row at {threshold}");
        if moved {
            assert_eq!(
                live["row"], expected["current_row"],
                "what-if row at {threshold}"
            );
            assert!(
                live["markers"].as_u64().unwrap() >= 3,
                "chart markers at {threshold}: {}",
                live["markers"]
            );
        } else {
            assert_eq!(live["markers"], 0);
        }
        // The per-day counts are PRODUCT.md's formulas on the sweep's counts.
        let from_sweep = per_day_from_sweep(threshold);
        for (card, value) in live["cards"].as_array().unwrap().iter().zip(from_sweep) {
            assert_eq!(card[0], count(value), "per-day count at {threshold}");
        }
        // The change from current under each count in the what-if row.
        if moved {
            let day = &other_summary["operating_points"][0]["per_day"];
            let row = live["row"].as_array().unwrap();
            let deltas = browser.eval(
                &tab,
                "[...document.querySelectorAll('#what-if-row .delta')].map((s) => s.textContent)",
            );
            for (i, key) in ["flagged", "caught", "missed", "false_alarms"]
                .iter()
                .enumerate()
            {
                let change = day[key].as_f64().unwrap() - current_day[key].as_f64().unwrap();
                let shown = count(change);
                let change = if shown.chars().all(|c| c == '0' || c == '.') {
                    0.0
                } else {
                    change
                };
                let sign = if change > 0.0 {
                    "+"
                } else if change < 0.0 {
                    "−"
                } else {
                    "±"
                };
                assert_eq!(
                    deltas[3 + i],
                    if change == 0.0 {
                        "±0 vs current".to_owned()
                    } else {
                        format!("{sign}{shown} vs current")
                    },
                    "{key} at {threshold}: {row:?}"
                );
            }
        }
        assert_eq!(live["hash"], format!("#threshold={threshold}"));
        assert_clean(&mut browser, &tab, &page);
    }
}

#[test]
fn the_control_moves_by_keyboard_and_field_and_resets() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = fraud_report(dir.path(), "fraud", "0.5");
    let mut browser = Browser::launch(&chromium);
    let tab = browser.open(&url(&page, ""), 1366, 900, true);
    let start = browser.eval(&tab, READ_PAGE);
    assert_eq!(start["field"], "0.50");
    assert_eq!(start["hash"], "");
    assert_eq!(start["what_if_shown"], false);
    let examples_html = "document.getElementById('examples').innerHTML";
    let original = browser.eval(&tab, examples_html);

    // Keyboard: two steps right on the slider land on 0.501, then the target 0.5014…
    browser.eval(&tab, "document.getElementById('threshold-slider').focus()");
    browser.press(&tab, "ArrowRight", 39);
    let one = browser.eval(&tab, READ_PAGE);
    assert_eq!(one["field"], "0.501");
    assert_eq!(one["hash"], "#threshold=0.501");
    assert!(
        one["headline"]
            .as_str()
            .unwrap()
            .starts_with("With threshold 0.501 ")
    );
    browser.press(&tab, "ArrowLeft", 37);
    browser.press(&tab, "ArrowLeft", 37);
    assert_eq!(browser.eval(&tab, READ_PAGE)["field"], "0.499");

    // Typing a threshold between grid points lands on the nearest and says so.
    browser.eval(&tab, "(() => { const f = document.getElementById('threshold'); f.value = '0.3504'; f.dispatchEvent(new Event('change')); })()");
    let typed = browser.eval(&tab, READ_PAGE);
    assert_eq!(typed["field"], "0.35");
    assert_eq!(typed["hash"], "#threshold=0.35");
    assert!(
        typed["status"]
            .as_str()
            .unwrap()
            .contains("nearest threshold on the page to 0.3504: 0.35"),
        "{}",
        typed["status"]
    );
    assert_ne!(browser.eval(&tab, examples_html), original);

    // The address drives it too.
    browser.eval(&tab, "location.hash = '#threshold=0.7'");
    browser.eval(&tab, "new Promise((r) => setTimeout(r, 50))");
    assert_eq!(browser.eval(&tab, READ_PAGE)["field"], "0.70");
    let bad = browser.eval(&tab, "location.hash = '#threshold=abc'; new Promise((r) => setTimeout(r, 50)).then(() => document.getElementById('threshold-status').textContent)");
    assert!(bad.as_str().unwrap().contains("not a number"), "{bad}");

    // Reset: back to the current threshold, the static lists restored.
    browser.eval(&tab, "document.getElementById('threshold-reset').click()");
    let reset = browser.eval(&tab, READ_PAGE);
    assert_eq!(reset["field"], "0.50");
    assert_eq!(reset["what_if_shown"], false);
    assert_eq!(reset["markers"], 0);
    assert_eq!(reset["headline"], start["headline"]);
    assert_eq!(browser.eval(&tab, examples_html), original);
    assert_clean(&mut browser, &tab, &page);
}

#[test]
fn without_javascript_the_page_is_the_static_report() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = fraud_report(dir.path(), "fraud", "0.5");
    let mut browser = Browser::launch(&chromium);
    let tab = browser.open(&url(&page, "#threshold=0.35"), 1366, 900, false);
    // Scripts are off for the page, not for the test's own evaluation.
    let shown = browser.eval(&tab, "[getComputedStyle(document.getElementById('meeting')).display, document.querySelector('#headline p').textContent, getComputedStyle(document.getElementById('what-if-row')).display]");
    assert_eq!(
        shown[0], "none",
        "the control needs JavaScript and stays hidden"
    );
    assert!(
        shown[1]
            .as_str()
            .unwrap()
            .starts_with("With threshold 0.50 ")
    );
    assert_eq!(shown[2], "none");
}

#[test]
fn screenshots_at_three_thresholds() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (page, _) = fraud_report(dir.path(), "fraud", "0.5");
    let mut browser = Browser::launch(&chromium);
    for threshold in ["0.35", "0.5", "0.7"] {
        let tab = browser.open(
            &url(&page, &format!("#threshold={threshold}")),
            1366,
            900,
            true,
        );
        let shot = screenshots().join(format!("fraud-threshold-{threshold}.png"));
        browser.screenshot(&tab, &shot);
        let size = std::fs::metadata(&shot).unwrap().len();
        assert!(size > 100_000, "{} is only {size} bytes", shot.display());
        assert_clean(&mut browser, &tab, &page);
    }
}

/// Issue 22: a rare-event model whose scores lie below 1e-6 (the shared case
/// `tiny-scores`). The slider and the field's arrow keys move between thresholds
/// there, each step a threshold of its own, and what the page shows follows.
#[test]
fn the_control_moves_between_scores_below_one_in_a_million() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("tiny.html");
    tradeoff()
        .arg("report")
        .arg(repo("tests/data/seams/tiny-scores/context.yaml"))
        .arg("-o")
        .arg(&page)
        .assert()
        .success();
    let mut browser = Browser::launch(&chromium);
    let tab = browser.open(&url(&page, ""), 1366, 900, true);
    let field = |browser: &mut Browser| -> f64 {
        browser.eval(&tab, READ_PAGE)["field"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    let start = field(&mut browser);
    assert_eq!(start, 1.5e-7);
    let headline = browser.eval(&tab, READ_PAGE)["headline"].clone();
    browser.eval(&tab, "document.getElementById('threshold-slider').focus()");
    let mut seen = vec![start];
    for _ in 0..3 {
        browser.press(&tab, "ArrowRight", 39);
        seen.push(field(&mut browser));
    }
    assert!(
        seen.windows(2).all(|w| w[0] < w[1]) && seen[3] < 1e-6,
        "slider steps {seen:?}"
    );
    assert_ne!(browser.eval(&tab, READ_PAGE)["headline"], headline);
    // The number field's arrow keys step over the same points.
    browser.eval(&tab, "document.getElementById('threshold').focus()");
    browser.press(&tab, "ArrowUp", 38);
    let up = field(&mut browser);
    assert!(
        up > seen[3] && up < 1e-6,
        "ArrowUp from {} gave {up}",
        seen[3]
    );
    browser.press(&tab, "ArrowDown", 40);
    browser.press(&tab, "ArrowDown", 40);
    assert_eq!(field(&mut browser), seen[2]);
    std::fs::create_dir_all(screenshots()).unwrap();
    browser.screenshot(&tab, &screenshots().join("tiny-scores-moved.png"));
    assert_clean(&mut browser, &tab, &page);
}
