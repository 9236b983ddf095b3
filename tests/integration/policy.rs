//! The page's Content-Security-Policy in a real browser (issue 17): the report opened
//! under its own policy logs no violation and meeting mode still moves; a tampered
//! copy with an injected inline script and a remote image has both blocked, and the
//! DevTools protocol reports the violations. Skipped without Chromium unless
//! `TRADEOFF_REQUIRE_BROWSER=1`.

use std::path::Path;

use scraper::{Html, Selector};

use crate::browser::chromium;
use crate::cdp::{Browser, Tab};
use crate::repo;
use crate::tradeoff;

/// The fraud sample's report, written to `dir`.
fn fraud_report(dir: &Path) -> std::path::PathBuf {
    let html = dir.join("fraud.html");
    tradeoff()
        .current_dir(repo(""))
        .args(["report", "samples/fraud/context.yaml", "-o"])
        .arg(&html)
        .assert()
        .success();
    html
}

/// What the browser said about the policy: every event mentioning it.
fn violations(browser: &mut Browser, tab: &Tab) -> Vec<String> {
    browser
        .events_of(tab)
        .into_iter()
        .map(|e| e.to_string())
        .filter(|e| e.contains("Content Security Policy") || e.contains("Content-Security-Policy"))
        .collect()
}

const FLAGGED: &str = "document.querySelector('[data-per-day=\"flagged\"]').textContent";

#[test]
fn every_page_carries_the_policy_first_in_its_head() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(fraud_report(dir.path())).unwrap();
    let page = Html::parse_document(&html);
    let first = page
        .select(&Selector::parse("head > *").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        first.value().attr("http-equiv"),
        Some("Content-Security-Policy")
    );
    let policy = first.value().attr("content").unwrap();
    for part in [
        "default-src 'none'",
        "script-src 'sha256-",
        "img-src data:",
        "form-action 'none'",
        "base-uri 'none'",
    ] {
        assert!(policy.contains(part), "{part} missing from {policy}");
    }
    assert!(!policy.contains("unsafe-eval"));
    assert!(!policy.contains("script-src 'unsafe-inline'"));
    assert!(!policy.contains("connect-src"));
}

#[test]
fn the_report_runs_under_its_policy_and_a_tampered_copy_is_blocked() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = fraud_report(dir.path());
    let mut browser = Browser::launch(&chromium);

    // The report as written: no violation, and meeting mode moves.
    let url = format!("file://{}", page.display());
    let tab = browser.open(&url, 1280, 900, true);
    let at_current = browser.eval(&tab, FLAGGED);
    browser.eval(
        &tab,
        "location.hash = '#threshold=0.35'; new Promise((done) => setTimeout(done, 300))",
    );
    let moved = browser.eval(&tab, FLAGGED);
    assert_ne!(
        at_current, moved,
        "meeting mode did not move under the policy"
    );
    assert_eq!(violations(&mut browser, &tab), Vec::<String>::new());

    // A copy with an injected inline script and a remote image: both are blocked and
    // reported; the copy without its policy lets the script run (the test sees it).
    let html = std::fs::read_to_string(&page).unwrap();
    let injected = html.replace(
        "</body>",
        "<script>document.body.setAttribute('data-pwned','yes')</script><img src=\"https://example.invalid/x.png\"></body>",
    );
    let tampered = dir.path().join("tampered.html");
    std::fs::write(&tampered, &injected).unwrap();
    let tab = browser.open(&format!("file://{}", tampered.display()), 1280, 900, true);
    let pwned = browser.eval(&tab, "document.body.getAttribute('data-pwned')");
    assert_eq!(pwned, serde_json::Value::Null, "the injected script ran");
    let seen = violations(&mut browser, &tab);
    assert!(
        seen.iter().any(|v| v.contains("script")),
        "no script violation reported: {seen:?}"
    );
    assert!(
        seen.iter()
            .any(|v| v.contains("img-src") || v.contains("example.invalid")),
        "no image violation reported: {seen:?}"
    );
    // Chromium announces the request, then fails it with the reason "csp".
    let blocked = browser
        .events_of(&tab)
        .iter()
        .any(|e| e["method"] == "Network.loadingFailed" && e["params"]["blockedReason"] == "csp");
    assert!(blocked, "the remote image was not blocked by the policy");

    let start = injected
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let end = start + injected[start..].find('>').unwrap() + 1;
    let unprotected = dir.path().join("unprotected.html");
    std::fs::write(
        &unprotected,
        format!("{}{}", &injected[..start], &injected[end..]),
    )
    .unwrap();
    let tab = browser.open(
        &format!("file://{}", unprotected.display()),
        1280,
        900,
        true,
    );
    let pwned = browser.eval(&tab, "document.body.getAttribute('data-pwned')");
    assert_eq!(
        pwned,
        serde_json::json!("yes"),
        "the control page should run the script"
    );
}

/// Every page the tool writes carries the policy: the monitoring page too (it has
/// no script, so none may run).
#[test]
fn the_monitoring_page_carries_the_policy() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("monitor.html");
    tradeoff()
        .current_dir(repo(""))
        .args(["monitor", "samples/fraud-monitoring/fraud.yaml", "-o"])
        .arg(&html)
        .assert()
        .success();
    let text = std::fs::read_to_string(&html).unwrap();
    let page = Html::parse_document(&text);
    let first = page
        .select(&Selector::parse("head > *").unwrap())
        .next()
        .unwrap();
    assert_eq!(
        first.value().attr("http-equiv"),
        Some("Content-Security-Policy")
    );
    let policy = first.value().attr("content").unwrap();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(policy.contains("script-src 'none'"), "{policy}");
}
