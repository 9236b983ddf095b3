//! The YAML library's messages, said for people: every place the library gives is
//! kept (libyaml often gives two — where a problem was noticed and where what it
//! concerns began — and the second is the useful one: an unclosed quote is noticed
//! at the end of the file), the commonest problems are put in words, and serde's
//! type names become "a number".

use std::path::Path;

use super::ContextError;
use crate::input::suggest::closest;

/// A place in the YAML text, as the library reports it (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    line: usize,
    column: usize,
}

impl std::fmt::Display for Mark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// The message split at its places: `problem at line L column C, while context at
/// line L2 column C2` gives the texts `problem`, `, while context` and the marks.
fn split_marks(message: &str) -> (Vec<String>, Vec<Mark>) {
    const AT: &str = " at line ";
    let mut texts = Vec::new();
    let mut marks = Vec::new();
    let mut rest = message;
    while let Some(i) = rest.find(AT) {
        let after = &rest[i + AT.len()..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let line_len = digits(after);
        let Some(tail) = after[line_len..].strip_prefix(" column ") else {
            break;
        };
        let column_len = digits(tail);
        let (Ok(line), Ok(column)) = (after[..line_len].parse(), tail[..column_len].parse()) else {
            break;
        };
        texts.push(rest[..i].to_owned());
        marks.push(Mark { line, column });
        rest = &tail[column_len..];
    }
    texts.push(rest.to_owned());
    (texts, marks)
}

/// Turns a serde_norway error into one that names the key and its places, with a
/// suggestion for a mistyped key. `text` is the YAML, to see what stands at a place.
pub(super) fn yaml_error(error: &serde_norway::Error, file: &Path, text: &str) -> ContextError {
    let message = error.to_string();
    let location = error.location().map(|l| Mark {
        line: l.line(),
        column: l.column(),
    });
    if let Some(key) = between(&message, "unknown field `", "`") {
        let expected: Vec<&str> = message
            .split("expected ")
            .nth(1)
            .map(|rest| rest.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let hint = match closest(key, expected.iter().copied()) {
            Some(near) => format!(": did you mean `{near}`?"),
            None if expected.is_empty() => String::new(),
            None => format!(": valid keys here are {}", expected.join(", ")),
        };
        let Mark { line, column } = location.unwrap_or(Mark { line: 0, column: 0 });
        return ContextError::UnknownKey {
            file: file.to_owned(),
            key: key.to_owned(),
            line,
            column,
            hint,
        };
    }
    let (texts, marks) = split_marks(&message);
    let (place, words) = match in_words(&texts, &marks, location, text) {
        Some((place, words)) => (Some(place), words),
        None => {
            // Not one we know: the library's words, every place kept (the first
            // goes up front when it is the error's own).
            let mut words = String::new();
            let mut place = location;
            for (i, piece) in texts.iter().enumerate() {
                words.push_str(piece);
                if let Some(mark) = marks.get(i) {
                    if i == 0 && place.is_none_or(|p| p == *mark) {
                        place = Some(*mark);
                    } else {
                        words.push_str(&format!(" at {mark}"));
                    }
                }
            }
            let words = words
                .replace("expected f64", "expected a number")
                .replace("expected i64", "expected a whole number")
                .replace(
                    "data did not match any variant of untagged enum RawCost",
                    "a cost is money per case (a number such as 5) or `{ column: NAME }` to take each case's own from a column",
                );
            let missing = if words.contains("missing field") {
                missing_required(text)
            } else {
                Vec::new()
            };
            let words = if missing.is_empty() {
                words
            } else {
                format!(
                    "{words}: the context needs every one of {}; add {}",
                    REQUIRED.join(", "),
                    missing.join(", ")
                )
            };
            (
                place,
                format!("{words} (every key, its type and an example: {REFERENCE})"),
            )
        }
    };
    ContextError::Syntax {
        file: file.to_owned(),
        location: place.map_or_else(String::new, |m| format!(":{}:{}", m.line, m.column)),
        message: words,
    }
}

/// The guide's page listing every key of the context, by its path in the repository.
pub(crate) const REFERENCE: &str = "docs/src/reference/context.md";

/// The keys every context must have, dotted.
const REQUIRED: [&str; 7] = [
    "title",
    "data.path",
    "business.positive",
    "business.negative",
    "business.action",
    "business.volume_per_day",
    "thresholds.current",
];

/// The required keys `text` lacks, so one run names all of them rather than serde's
/// first; empty when the text is not a YAML mapping.
fn missing_required(text: &str) -> Vec<&'static str> {
    let Ok(value) = serde_norway::from_str::<serde_norway::Value>(text) else {
        return Vec::new();
    };
    if !value.is_mapping() {
        return Vec::new();
    }
    REQUIRED
        .into_iter()
        .filter(|path| {
            let mut node = &value;
            for part in path.split('.') {
                match node.get(part) {
                    Some(next) => node = next,
                    None => return true,
                }
            }
            false
        })
        .collect()
}

/// The commonest libyaml problems in words, placed where they start.
fn in_words(
    texts: &[String],
    marks: &[Mark],
    location: Option<Mark>,
    text: &str,
) -> Option<(Mark, String)> {
    // "problem at …, while context at …", or without a place: "problem, while context".
    let first = texts.first()?.as_str();
    let (problem, context) = match first.find(", while ") {
        Some(i) => (&first[..i], &first[i..]),
        None => (first, texts.get(1).map_or("", String::as_str)),
    };
    let noticed = marks.first().copied().or(location)?;
    let started = marks.get(1).copied();
    match (problem, context) {
        ("found unexpected end of stream", ", while scanning a quoted scalar") => {
            let opened = started?;
            Some((
                opened,
                format!(
                    "the quoted text opened on {opened} is never closed (the file ends at {noticed}): add the closing quote"
                ),
            ))
        }
        ("did not find expected ',' or ']'", ", while parsing a flow sequence")
        | ("did not find expected ',' or '}'", ", while parsing a flow mapping") => {
            let opened = started?;
            let (open, close) = if context.ends_with("sequence") {
                ("[", "]")
            } else {
                ("{", "}")
            };
            Some((
                opened,
                format!(
                    "the `{open}` opened on {opened} is never closed: at {noticed} a `,` or `{close}` was expected"
                ),
            ))
        }
        ("mapping values are not allowed in this context", _) => Some((
            noticed,
            format!(
                "a `: ` at {noticed} where no key can start: put text that holds `: ` in quotes, or check the indentation"
            ),
        )),
        ("did not find expected key", _) | ("did not find expected '-' indicator", _) => {
            let block =
                started.map_or_else(String::new, |s| format!(" of the block that starts on {s}"));
            Some((
                noticed,
                format!(
                    "{noticed} does not line up with the lines{block}: check the indentation (spaces only)"
                ),
            ))
        }
        ("found a tab character that violates indentation", _) => Some((
            noticed,
            format!("a tab at {noticed}: YAML is indented with spaces, never tabs"),
        )),
        ("found character that cannot start any token", _) => {
            let place = location.unwrap_or(noticed);
            let tab = text
                .lines()
                .nth(place.line.checked_sub(1)?)
                .and_then(|l| l.chars().nth(place.column.checked_sub(1)?))
                == Some('\t');
            Some((
                place,
                if tab {
                    format!("a tab at {place}: YAML is indented with spaces, never tabs")
                } else {
                    format!(
                        "a character at {place} that cannot start a YAML value (such as `@` or `` ` ``): put the value in quotes"
                    )
                },
            ))
        }
        _ => None,
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        let e = serde_norway::from_str::<serde_norway::Value>(text).unwrap_err();
        yaml_error(&e, Path::new("c.yaml"), text).to_string()
    }

    #[test]
    fn an_unclosed_quote_is_placed_where_it_opens() {
        assert_eq!(
            error("title: \"abc\ndata: 1\n"),
            "c.yaml:1:8: the quoted text opened on line 1, column 8 is never closed (the file ends at line 3, column 1): add the closing quote"
        );
    }

    #[test]
    fn unclosed_brackets_keep_both_places() {
        let e = error("a: [1, 2\nb: 3\n");
        assert!(
            e.starts_with("c.yaml:1:4: the `[` opened on line 1, column 4 is never closed: at line 2, column 2"),
            "{e}"
        );
        let e = error("a: {x: 1\n");
        assert!(e.contains("the `{` opened on line 1, column 4"), "{e}");
    }

    #[test]
    fn tabs_and_stray_colons_are_named() {
        assert!(error("a: 1\n\tb: 2\n").contains("a tab at line 2, column 1"));
        assert!(error("\ta: 1\n").contains("a tab at line 1, column 1"));
        assert!(error("a:\n\t- x\n").contains("a tab at line 2, column 1"));
        let e = error("a: b: c\n");
        assert!(
            e.starts_with("c.yaml:1:5: a `: ` at line 1, column 5"),
            "{e}"
        );
        let e = error("a:\n  - x\n - y\n");
        assert!(e.contains("line 3, column 2 does not line up"), "{e}");
    }

    #[test]
    fn other_messages_keep_every_place() {
        let (texts, marks) =
            split_marks("x at line 3 column 1, while y at line 1 column 8 and more");
        assert_eq!(texts, ["x", ", while y", " and more"]);
        assert_eq!(
            marks,
            [Mark { line: 3, column: 1 }, Mark { line: 1, column: 8 }]
        );
        let e = error("? [\n");
        assert!(
            e.contains("line 2, column 1") || e.starts_with("c.yaml:2:1:"),
            "{e}"
        );
    }
}
