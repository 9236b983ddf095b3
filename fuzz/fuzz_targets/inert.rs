//! Fuzz target: any text made inert. Escaped for markdown, it renders (with every
//! pulldown-cmark extension) as text only — no HTML, link, image, emphasis, code,
//! maths or footnote — inside a table cell that stays one cell; for a terminal, it
//! holds no control character but line feeds and tabs.
#![no_main]

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use tradeoff::present::inert::{markdown, terminal};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let escaped = markdown(&text);
    for doc in [
        format!("| a | b |\n|---|---|\n| {escaped} | x |\n"),
        format!("{escaped}\n"),
        format!("- {escaped}\n"),
    ] {
        let mut cells = 0;
        for event in Parser::new_ext(&doc, Options::all()) {
            match event {
                Event::Text(_) | Event::SoftBreak => {}
                Event::Start(Tag::TableCell) => cells += 1,
                Event::Start(
                    Tag::Paragraph
                    | Tag::Table(_)
                    | Tag::TableHead
                    | Tag::TableRow
                    | Tag::List(_)
                    | Tag::Item,
                )
                | Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Table
                    | TagEnd::TableHead
                    | TagEnd::TableRow
                    | TagEnd::TableCell
                    | TagEnd::List(_)
                    | TagEnd::Item,
                ) => {}
                other => panic!("{text:?} escaped as {escaped:?} gave {other:?}"),
            }
        }
        assert!(!doc.starts_with('|') || cells == 4, "{text:?} split a cell");
    }
    let shown = terminal(&text);
    assert!(
        !shown
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{shown:?}"
    );
});
