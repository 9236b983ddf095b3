//! The page's Content-Security-Policy: a second wall behind askama's escaping. The
//! page tells the browser that only its own inline scripts may run — named by the
//! SHA-256 of their exact text, computed here from the rendered page so the hash
//! always matches what is embedded — and that nothing may be fetched or sent:
//! `default-src 'none'`, images only from `data:`, inline styles (the page and its
//! SVG charts use them), no forms, no `<base>`. The policy goes in a `<meta
//! http-equiv>` as the first element of `<head>`.
//!
//! Sources: W3C Content Security Policy Level 3, §2.3.1 (hash sources) and §6.1
//! (fetch directives); hashes are base64 of the SHA-256 of the script element's
//! text, as in `'sha256-…'`.

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// What the template writes where the policy goes; replaced by [`with_policy`].
pub(crate) const PLACEHOLDER: &str = "tradeoff-content-security-policy";

/// The policy for a page whose executable inline scripts have `hashes`
/// (`'sha256-…'` sources): `script-src 'none'` when there are none.
pub(crate) fn content_security_policy(hashes: &[String]) -> String {
    let scripts = if hashes.is_empty() {
        "'none'".to_owned()
    } else {
        hashes.join(" ")
    };
    format!(
        "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"
    )
}

/// `html` with the placeholder replaced by the policy for the inline scripts it
/// holds. A script element counts when its tag is exactly `<script>` (executable
/// JavaScript); data blocks such as `<script type="application/json">` never run
/// and need no hash. Text from users cannot open a `<script>` tag: askama escapes it.
pub(crate) fn with_policy(html: &str) -> String {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script>") {
        let body = &rest[start + "<script>".len()..];
        let Some(end) = body.find("</script>") else {
            break;
        };
        let digest = Sha256::digest(&body.as_bytes()[..end]);
        let hash = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        );
        if !hashes.contains(&hash) {
            hashes.push(hash);
        }
        rest = &body[end..];
    }
    html.replacen(PLACEHOLDER, &content_security_policy(&hashes), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_each_inline_script_by_its_hash() {
        let page = format!(
            "<head><meta http-equiv=\"Content-Security-Policy\" content=\"{PLACEHOLDER}\"></head><script type=\"application/json\">{{}}</script><script>alert(1)</script>"
        );
        let sealed = with_policy(&page);
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert!(
            sealed.contains("script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
            "{sealed}"
        );
        assert!(sealed.contains("default-src 'none'"));
        assert!(!sealed.contains("unsafe-eval") && !sealed.contains("script-src 'unsafe-inline'"));
        assert!(!sealed.contains(PLACEHOLDER));
    }

    #[test]
    fn a_page_without_scripts_allows_none() {
        let sealed = with_policy(PLACEHOLDER);
        assert!(sealed.contains("script-src 'none'"));
    }
}
