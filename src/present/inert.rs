//! Text from a file or a context made inert for where it goes. One function per
//! destination, used by every writer for that destination:
//!
//! - [`markdown`]: for the markdown summaries (`report --markdown`, the release
//!   review's, `monitor --markdown`), read by GitHub's cmark-gfm and any
//!   CommonMark renderer: no HTML, image, link, autolink, bare URL, e-mail link,
//!   `@mention`, issue reference, emphasis, strikethrough, code, maths or table cell
//!   boundary can come out of user text, and it renders as written;
//! - [`terminal`]: for everything printed on standard output and standard error,
//!   so a data cell cannot move the cursor, retitle the terminal or clear it;
//! - [`page`]: for the HTML pages, on top of askama's escaping, so a name cannot
//!   reorder the text around it (bidirectional overrides).
//!
//! Control characters and bidirectional formatting characters are shown, not
//! obeyed: as `\u{1b}`, `\u{202e}` (as U+FFFD in pages).

/// Whether `c` is a control character or a bidirectional formatting character:
/// C0 (but tab and line feed), DEL, C1, the embeddings and overrides U+202A–U+202E,
/// the isolates U+2066–U+2069 and the marks U+200E, U+200F and U+061C.
fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Pushes `c`, or its visible spelling (`\u{1b}`) if it is hidden.
fn push_visible(out: &mut String, c: char) {
    if is_hidden(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// Text for a terminal: control characters (ESC, CR, the C1 range, …) and
/// bidirectional overrides shown as `\u{1b}`, so nothing printed can drive the
/// terminal. Line feeds and tabs are kept.
pub fn terminal(text: &str) -> String {
    if !text.chars().any(is_hidden) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    out
}

/// An HTML page as rendered by askama, with the bidirectional formatting characters
/// and stray control characters of user text replaced by U+FFFD (askama escapes
/// markup, not these; a visible `\u{202e}` would break the JSON data blocks). The
/// templates hold none of them, so the whole page can go through here.
pub fn page(html: String) -> String {
    let hidden = |c: char| is_hidden(c) && c != '\r';
    if !html.chars().any(hidden) {
        return html;
    }
    html.chars()
        .map(|c| if hidden(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// The word joiner: invisible, and breaks what GitHub would link (`@name`,
/// `a@b.example`, `#12`, `owner/repo#12`) without changing how the text reads.
const JOINER: char = '\u{2060}';

/// User text for markdown, inline (a table cell, a heading, a sentence, a list
/// item): renders as written, and nothing in it is markup.
///
/// - every ASCII character that opens or closes inline syntax is backslash-escaped
///   (CommonMark lets any ASCII punctuation be escaped): `\ ` * _ [ ] < > | ~ & ! $ ^`,
///   which covers raw HTML and comments, entities, links, images, footnotes,
///   autolinks `<…>`, emphasis, code, strikethrough, maths and table cells; the
///   colon of `://` is escaped, which stops GFM's bare `http://…` links, and a `.`
///   after `www`, which stops its `www.…` links;
/// - `@` and a `#` before a letter or digit get a word joiner after them, so
///   neither e-mail autolinks, `@mentions` nor issue references form (GitHub finds
///   these in the rendered text, where a backslash no longer is);
/// - line breaks become spaces; control and bidirectional characters are shown as
///   `\u{202e}`;
/// - leading blanks are dropped and a first character that could open a block (a
///   list, a heading, a quote, a rule, a setext underline) is escaped.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Leading blanks would make an indented code block; a renderer drops them anyway.
    let mut chars = text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .chars()
        .peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '$' | '^' => {
                out.push('\\');
                out.push(c);
            }
            // `http://…`, `ftp://…`: a bare URL. A colon elsewhere is left as written.
            ':' if chars.peek() == Some(&'/') => out.push_str("\\:"),
            '.' if out
                .get(out.len().saturating_sub(3)..)
                .is_some_and(|w| w.eq_ignore_ascii_case("www")) =>
            {
                out.push_str("\\.");
            }
            '@' => {
                out.push(c);
                out.push(JOINER);
            }
            '#' if chars.peek().is_some_and(|n| n.is_alphanumeric()) => {
                out.push(c);
                out.push(JOINER);
            }
            '\n' | '\r' => out.push(' '),
            _ => push_visible(&mut out, c),
        }
    }
    // A list item ("- x", "+ x", "1. x", "1) x"), a heading ("# x") or a setext
    // underline ("===") at the start of a line: escape its marker.
    let ends_marker = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    let hashes = out.chars().take_while(|c| *c == '#').count();
    let rule = |mark: char| out.chars().all(|c| c == mark || c == ' ' || c == '\t');
    let opens_block = (out.starts_with(['-', '+']) && ends_marker(&out[1..]))
        || (out.starts_with(['-', '+']) && (rule('-') || rule('+')))
        || out.starts_with(':')
        || (hashes > 0 && ends_marker(&out[hashes..]))
        || (!out.is_empty() && out.chars().all(|c| c == '='));
    if opens_block {
        out.insert(0, '\\');
    } else if (1..=9).contains(&digits)
        && out[digits..].starts_with(['.', ')'])
        && ends_marker(&out[digits + 1..])
    {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// The events of `doc` rendered with every extension pulldown-cmark has but
    /// smart punctuation (which GitHub does not do, and which rewrites the text).
    fn events(doc: &str) -> Vec<Event<'_>> {
        let options = Options::all().difference(Options::ENABLE_SMART_PUNCTUATION);
        Parser::new_ext(doc, options).collect()
    }

    /// The text `escaped` renders to, in a table cell and in a paragraph, after
    /// checking that it holds nothing but text.
    fn rendered_text(escaped: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for doc in [
            format!("| a | b |\n|---|---|\n| {escaped} | x |\n"),
            format!("Before {escaped} after\n"),
            format!("{escaped}\n"),
        ] {
            let mut text = String::new();
            let mut cells = 0;
            for event in events(&doc) {
                match event {
                    Event::Text(t) => text.push_str(&t),
                    Event::Start(Tag::TableCell) => cells += 1,
                    Event::Start(
                        Tag::Paragraph | Tag::Table(_) | Tag::TableHead | Tag::TableRow,
                    )
                    | Event::End(
                        TagEnd::Paragraph
                        | TagEnd::Table
                        | TagEnd::TableHead
                        | TagEnd::TableRow
                        | TagEnd::TableCell,
                    ) => {}
                    other => panic!("{escaped:?} in {doc:?} gave {other:?}"),
                }
            }
            if doc.starts_with('|') {
                assert_eq!(cells, 4, "{escaped:?} split a table cell");
                texts.push(text["ab".len()..text.len() - 1].to_owned());
            } else if doc.starts_with("Before") {
                texts.push(text["Before ".len()..text.len() - " after".len()].to_owned());
            } else {
                texts.push(text);
            }
        }
        texts
    }

    /// What the reader sees: the text without its joiners.
    fn seen(text: &str) -> String {
        text.replace(JOINER, "")
    }

    #[test]
    fn escaping_keeps_text_as_written() {
        assert_eq!(markdown("fraud-gbm 3.1 (old)"), "fraud-gbm 3.1 (old)");
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("<script>"), "\\<script\\>");
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("1. item"), "1\\. item");
        assert_eq!(markdown("2026 plan"), "2026 plan");
        assert_eq!(markdown("0.9938"), "0.9938");
        assert_eq!(markdown("+9 (4 to 15)"), "+9 (4 to 15)");
        assert_eq!(markdown("+ item"), "\\+ item");
        assert_eq!(markdown("## x"), "\\## x");
        assert_eq!(markdown("==="), "\\===");
        assert_eq!(markdown("a\nb"), "a b");
        assert_eq!(markdown("a ~ b & c"), "a \\~ b \\& c");
    }

    #[test]
    fn hostile_text_renders_as_text_and_as_written() {
        let hostile = [
            "<img src=https://tracker.example/p.gif>",
            "<img src=x onerror=alert(1)>",
            "<details><summary>x</summary>y</details>",
            "<!-- hidden -->",
            "€ | 5",
            "![pixel](https://tracker.example/p.gif)",
            "[click](javascript:alert(1))",
            "[ref]\n\n[ref]: https://evil.example",
            "<https://evil.example>",
            "https://evil.example/path",
            "www.evil.example",
            "mail me@evil.example",
            "cc @octocat and @org/team",
            "fixes #12 and owner/repo#3",
            "**bold** _em_ ~~gone~~ `code`",
            "$x^2$ and $$y$$",
            "&lt;script&gt; &amp; &#x3C;",
            "footnote[^1]",
            "\u{1b}]0;owned\u{7}\u{202e}txt.exe",
            "- [ ] task",
            "> quote",
            "    indented",
            "1) one",
            "#",
            "---",
            "- - -",
            "www.x www.y",
            "a€www.b",
        ];
        for text in hostile {
            let escaped = markdown(text);
            let expected = seen(&terminal(&text.replace('\n', " ")));
            for rendered in rendered_text(&escaped) {
                let rendered = seen(&rendered);
                // An indented line is a paragraph's continuation, its spaces dropped.
                assert_eq!(rendered.trim_start(), expected.trim_start(), "{text:?}");
            }
            assert!(!escaped.contains("http:") && !escaped.contains("https:"));
            assert!(!seen(&escaped).contains('@') || escaped.contains("@\u{2060}"));
        }
    }

    #[test]
    fn control_and_bidirectional_characters_are_shown() {
        assert_eq!(terminal("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal("line\nnext\ttab"), "line\nnext\ttab");
        assert_eq!(terminal("\u{9b}31m\r\u{7f}"), "\\u{9b}31m\\u{d}\\u{7f}");
        assert_eq!(terminal("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(terminal("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(
            page("<p>abc\u{202e}fed</p>\r\n".to_owned()),
            "<p>abc\u{FFFD}fed</p>\r\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_renders_as_text(text in "[ -~\\n@#:.éw€|<>\\[\\]()!*_`~&$\\\\]{0,40}") {
            let escaped = markdown(&text);
            let expected = seen(&text.replace('\n', " "));
            for rendered in rendered_text(&escaped) {
                let rendered = seen(&rendered);
                proptest::prop_assert_eq!(rendered.trim(), expected.trim());
            }
        }
    }
}
