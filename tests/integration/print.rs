//! The page on paper (issue 12): in print media the threshold bar and everything
//! meeting mode adds are hidden, charts, cards and table rows are kept whole and table
//! headers repeat; printing while the threshold is moved prints the current threshold;
//! the fraud page prints to A4 and Letter PDFs (written to target/browser-screenshots/
//! to be looked at).

use base64::Engine as _;
use serde_json::json;

use crate::browser::chromium;
use crate::cdp::Browser;
use crate::repo;
use crate::tradeoff;

#[test]
fn the_printed_page_is_the_static_report_with_nothing_cut() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("fraud.html");
    tradeoff()
        .current_dir(repo(""))
        .args(["report", "samples/fraud/context.yaml", "-o"])
        .arg(&page)
        .assert()
        .success();
    let mut browser = Browser::launch(&chromium);
    let url = format!("file://{}#threshold=0.35", page.display());
    let tab = browser.open(&url, 1280, 900, true);
    let headline = "document.querySelector('#headline p').textContent";
    let moved = browser.eval(&tab, headline);
    assert!(
        moved.as_str().unwrap().contains("threshold 0.35"),
        "{moved}"
    );
    // Printing shows the current threshold, and the screen comes back afterwards.
    let printed = browser.eval(
        &tab,
        &format!("window.dispatchEvent(new Event('beforeprint')); {headline}"),
    );
    assert!(
        printed.as_str().unwrap().contains("threshold 0.50"),
        "{printed}"
    );
    let back = browser.eval(
        &tab,
        &format!("window.dispatchEvent(new Event('afterprint')); {headline}"),
    );
    assert_eq!(back, moved);
    // Print media: what is hidden, kept whole and repeated.
    browser.eval(&tab, "window.dispatchEvent(new Event('beforeprint'))");
    browser.call(
        Some(&tab.session),
        "Emulation.setEmulatedMedia",
        json!({ "media": "print" }),
    );
    let style = browser.eval(
        &tab,
        r##"(() => {
          const css = (selector, property) => {
            const el = document.querySelector(selector);
            return el ? getComputedStyle(el)[property] : "absent";
          };
          return {
            bar: css("#meeting", "display"),
            whatIf: css("#what-if-row", "display"),
            thead: css("#operating-points thead", "display"),
            figure: css("figure", "breakInside"),
            card: css(".card", "breakInside"),
            cards: css(".cards", "breakInside"),
            row: css("#operating-points tbody tr", "breakInside"),
          };
        })()"##,
    );
    assert_eq!(
        style,
        json!({ "bar": "none", "whatIf": "none", "thead": "table-header-group",
                "figure": "avoid", "card": "avoid", "cards": "avoid", "row": "avoid" })
    );
    // A4 and Letter PDFs, each a handful of pages.
    for (name, width, height) in [("A4", 8.27, 11.69), ("Letter", 8.5, 11.0)] {
        let pdf = browser.call(
            Some(&tab.session),
            "Page.printToPDF",
            json!({ "paperWidth": width, "paperHeight": height, "printBackground": true,
                    "marginTop": 0.55, "marginBottom": 0.55, "marginLeft": 0.47, "marginRight": 0.47 }),
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(pdf["data"].as_str().unwrap())
            .unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let pages = text.matches("/Type /Page\n").count()
            + text.matches("/Type /Page ").count()
            + text.matches("/Type /Page/").count()
            + text.matches("/Type /Page>").count();
        assert!((4..=12).contains(&pages), "{name}: {pages} pages");
        let out = repo(&format!("target/browser-screenshots/fraud-{name}.pdf"));
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        std::fs::write(out, bytes).unwrap();
    }
}
