//! The context's markdown narrative as HTML that is safe to inline: every
//! pulldown-cmark option is set here, raw HTML is shown as text (never passed
//! through), links keep only http, https, mailto and in-page targets, images become
//! their alt text (the page loads nothing), and headings sit below the page's own.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// Markdown options used everywhere.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders `markdown` to sanitised HTML. The result is the only user-derived HTML
/// the page marks as safe.
pub(crate) fn render_narrative_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, options()).filter_map(|event| match event {
        // Raw HTML is shown, escaped, as the text the author typed.
        Event::Html(text) | Event::InlineHtml(text) => Some(Event::Text(text)),
        // An image would load from the network: keep only its alt text.
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Some(Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        })),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Some(Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(lower(level)))),
        other => Some(other),
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Page sections are `h2`; narrative headings start at `h3`.
fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let allowed = ["http://", "https://", "mailto:", "#"]
        .iter()
        .any(|p| lower.starts_with(p));
    if allowed { url } else { CowStr::Borrowed("#") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_links_are_inert() {
        let html = render_narrative_html(
            "# Plan\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) [ok](https://example.org) [j2]( JaVaScRiPt:alert(4))\n\n![tracker](https://evil.example/p.png)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<h3>Plan</h3>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.org">ok</a>"#),
            "{html}"
        );
        assert!(html.contains("tracker"), "alt text stays: {html}");
        assert!(!html.contains("evil.example"), "{html}");
    }

    #[test]
    fn ordinary_markdown_renders() {
        let html = render_narrative_html("**Why now.** Model *3.2*.\n\n- a\n- b\n");
        assert!(html.contains("<strong>Why now.</strong>"));
        assert!(html.contains("<li>a</li>"));
    }
}
