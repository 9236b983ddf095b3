//! A cheap look at the context's nesting before the YAML parser sees it: the
//! parser's time grows with the square of the nesting (100,000 nested lists took
//! over 20 s), and no context nests more than a few levels. Counts flow brackets
//! (`[`, `{`) outside quotes and comments, and the `- ` / `? ` markers that open a
//! block collection on one line; over [`MAX_DEPTH`] is refused at once.

/// The deepest nesting read; serde_norway itself stops at 128.
pub(super) const MAX_DEPTH: usize = 64;

/// The line and column (from 1) where `text` first nests deeper than
/// [`MAX_DEPTH`]; `None` when it never does.
pub(super) fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut flow = 0usize;
    for (number, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        // Block markers at the start of the line: `- - - x`.
        let mut markers = 0usize;
        let mut at_start = true;
        let mut previous = ' ';
        let mut chars = line.char_indices().peekable();
        while let Some((column, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            match (quote, c) {
                (Some('\''), '\'') if next == Some('\'') => {
                    chars.next();
                }
                (Some(q), _) if c == q && !(q == '"' && previous == '\\') => quote = None,
                (Some(_), _) => {}
                (None, '#') if previous == ' ' || previous == '\t' || column == 0 => break,
                (None, '\'' | '"') => {
                    quote = Some(c);
                    at_start = false;
                }
                (None, '[' | '{') => {
                    flow += 1;
                    at_start = false;
                }
                (None, ']' | '}') => {
                    flow = flow.saturating_sub(1);
                    at_start = false;
                }
                (None, '-' | '?') if at_start && matches!(next, None | Some(' ' | '\t')) => {
                    markers += 1;
                }
                (None, ' ' | '\t') => {}
                _ => at_start = false,
            }
            if flow + markers > MAX_DEPTH {
                return Some((number + 1, column + 1));
            }
            previous = if previous == '\\' && c == '\\' {
                ' '
            } else {
                c
            };
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_contexts_pass_and_deep_ones_are_found() {
        assert_eq!(too_deep("a:\n  - [1, {b: [2]}]\n  - '[[[['\n"), None);
        assert_eq!(too_deep("t: \"[[[[\\\"[[[[\"\n# [[[[[[[[[[\n"), None);
        let flow = "[".repeat(100_000);
        assert_eq!(too_deep(&flow), Some((1, MAX_DEPTH + 1)));
        let block = "- ".repeat(100_000);
        assert_eq!(
            too_deep(&format!("a:\n{block}x\n")),
            Some((2, 2 * MAX_DEPTH + 1))
        );
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&fine), None);
    }
}
