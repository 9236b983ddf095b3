//! Hostile content opened in a real browser: headless Chromium loads a report built
//! from data, column names, YAML and markdown full of scripts and event handlers, and
//! nothing may run. Skipped (saying so) where Chromium is not installed, unless
//! `TRADEOFF_REQUIRE_BROWSER=1` (set by `.ci/run`) makes it mandatory.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::tradeoff;

/// The Chromium binary, or `None` (after saying so) when it is absent.
pub(crate) fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .map(|name| {
            std::env::var_os("PATH")
                .into_iter()
                .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
        .find_map(|p| p);
    if found.is_none() {
        assert!(
            std::env::var_os("TRADEOFF_REQUIRE_BROWSER").is_none(),
            "TRADEOFF_REQUIRE_BROWSER is set but Chromium is not installed"
        );
        eprintln!("SKIPPED: browser test, Chromium is not installed (apt-get install chromium)");
    }
    found
}

/// The DOM after Chromium has loaded `page` and run whatever scripts it would.
fn dump_dom(chromium: &Path, page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Process::new(chromium)
        .args(crate::cdp::FLAGS)
        .arg("--virtual-time-budget=2000")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

const PWN: &str = "document.body.setAttribute('data-pwned','yes')";

#[test]
fn hostile_report_runs_nothing_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();

    // The detector works: a page that does run the payload is caught.
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        format!("<html><body><script>{PWN}</script></body></html>"),
    )
    .unwrap();
    assert!(
        dump_dom(&chromium, &control).contains("data-pwned=\"yes\""),
        "control payload did not run"
    );

    let script = format!("<script>{PWN}</script>");
    let image = format!("<img src=x onerror=\"{PWN}\">");
    let quote_break = format!("\" onmouseover=\"{PWN}\" x=\"");
    let cell = format!("{script}{image}{quote_break}").replace('"', "\"\"");
    let mut csv = format!("score,label,\"{}\",id\n", image.replace('"', "'"));
    for i in 0..30 {
        csv.push_str(&format!(
            "0.{:02},{},\"{cell}\",\"{cell}{i}\"\n",
            (i * 13) % 100,
            i % 2
        ));
    }
    std::fs::write(dir.path().join("eval.csv"), csv).unwrap();
    let yaml = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let column = yaml(&image.replace('"', "'"));
    let context = format!(
        "title: \"{t}\"\nowner: \"{q}\"\ndata:\n  path: eval.csv\n  id: id\n  show: [\"{column}\"]\nbusiness:\n  positive: \"{t}\"\n  negative: \"{q}\"\n  action: \"{i}\"\n  volume_per_day: 100\nthresholds:\n  current: 0.5\n  candidates:\n    - {{ name: \"{q}\", threshold: 0.3 }}\nnarrative: |\n  {script} {image}\n  [click](javascript:{PWN}) <a href=\"#\" onclick=\"{p}\">x</a>\n",
        t = yaml(&script),
        q = yaml(&quote_break),
        i = yaml(&image),
        p = yaml(PWN),
    );
    std::fs::write(dir.path().join("context.yaml"), context).unwrap();
    tradeoff()
        .current_dir(dir.path())
        .args(["report", "context.yaml", "-o", "report.html"])
        .assert()
        .success();
    let dom = dump_dom(&chromium, &dir.path().join("report.html"));
    assert!(dom.contains("id=\"examples\""), "the report did not load");
    assert!(
        !dom.contains("data-pwned=\"yes\""),
        "a hostile payload ran in the browser"
    );
}
