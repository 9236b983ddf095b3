//! How a CSV file is written: which character separates the fields, whether the
//! first line is Excel's `sep=;` hint, and which decimal mark numbers use. Read
//! from the first lines of text only; the reading itself is polars'.

/// What the context says about the CSV's dialect; `None` means "detect it".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field separator (`data.separator`).
    pub separator: Option<u8>,
    /// `Some(true)` for a decimal comma (`data.decimal: ","`), `Some(false)` for a
    /// decimal point.
    pub decimal_comma: Option<bool>,
}

/// The decimal mark numbers in a CSV use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalMark {
    /// `0.512`.
    Point,
    /// `0,512` (`data.decimal: ","`).
    Comma,
    /// Either: a number that only reads with a comma (`0,512`) is read so. Used for
    /// files separated by something other than commas, where a comma inside a
    /// number can only be a decimal mark.
    Either,
}

/// The dialect of one CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    /// The field separator.
    pub(crate) separator: u8,
    /// Lines before the header (1 after Excel's `sep=` line).
    pub(crate) skip_lines: usize,
    /// How numbers write their decimals.
    pub(crate) decimal: DecimalMark,
}

/// The separators detected without being told.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Why the separator could not be told from the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AmbiguousSeparator {
    /// The header line as read (shortened).
    pub(crate) header: String,
    /// The separators that split it equally well, as people write them.
    pub(crate) candidates: Vec<String>,
}

/// A separator byte as people write it: `,`, `;`, `tab`, `|`.
pub fn separator_name(separator: u8) -> String {
    match separator {
        b'\t' => "tab".to_owned(),
        other => (other as char).to_string(),
    }
}

/// The dialect of a CSV whose first bytes are `head` (the start of the file, any
/// length; a BOM is skipped). The context's choices win; otherwise the separator is
/// the candidate that occurs most often in the header outside quotes, ties settled
/// by which keeps the same number of fields on the next lines.
pub(crate) fn detect_dialect(
    head: &str,
    options: &CsvOptions,
) -> Result<Dialect, AmbiguousSeparator> {
    let text = head.strip_prefix('\u{feff}').unwrap_or(head);
    let lines = logical_lines(text, 21);
    let (excel, skip_lines) = match lines.first().and_then(|l| excel_separator(l)) {
        Some(separator) => (Some(separator), 1),
        None => (None, 0),
    };
    let header = lines.get(skip_lines).map(String::as_str).unwrap_or("");
    let separator = match options.separator.or(excel) {
        Some(s) => s,
        None => detect_separator(header, &lines[(skip_lines + 1).min(lines.len())..])?,
    };
    let decimal = match options.decimal_comma {
        Some(true) => DecimalMark::Comma,
        Some(false) => DecimalMark::Point,
        None if separator == b',' => DecimalMark::Point,
        None => DecimalMark::Either,
    };
    Ok(Dialect {
        separator,
        skip_lines,
        decimal,
    })
}

/// Excel's first line `sep=;` (any one character) names the separator.
fn excel_separator(line: &str) -> Option<u8> {
    let rest = line.trim_end_matches(['\r', '\n']);
    let (key, value) = rest.split_at_checked(4)?;
    let value = value.trim_end();
    (key.eq_ignore_ascii_case("sep=") && value.len() == 1).then(|| value.as_bytes()[0])
}

fn detect_separator(header: &str, following: &[String]) -> Result<u8, AmbiguousSeparator> {
    let counts: Vec<(u8, usize)> = CANDIDATES
        .iter()
        .map(|&c| (c, fields(header, c) - 1))
        .collect();
    let most = counts.iter().map(|&(_, n)| n).max().unwrap_or(0);
    if most == 0 {
        // One column: any separator reads it the same.
        return Ok(b',');
    }
    let best: Vec<u8> = counts
        .iter()
        .filter(|&&(_, n)| n == most)
        .map(|&(c, _)| c)
        .collect();
    if let [only] = best[..] {
        return Ok(only);
    }
    // A tie in the header: keep the candidates that split every following line
    // into as many fields as the header.
    let consistent: Vec<u8> = best
        .iter()
        .copied()
        .filter(|&c| {
            !following.is_empty()
                && following
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .all(|l| fields(l, c) == most + 1)
        })
        .collect();
    match consistent[..] {
        [only] => Ok(only),
        _ => Err(AmbiguousSeparator {
            header: shorten(header),
            candidates: best.into_iter().map(separator_name).collect(),
        }),
    }
}

/// The number of fields `line` splits into at `separator`, quotes respected.
fn fields(line: &str, separator: u8) -> usize {
    let mut quoted = false;
    let mut count = 1;
    for byte in line.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b if b == separator && !quoted => count += 1,
            _ => {}
        }
    }
    count
}

/// Up to `limit` lines of `text`, a quoted field's line breaks kept inside its
/// line. The last line is dropped when `text` may have cut it short.
fn logical_lines(text: &str, limit: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            '\n' if !quoted => {
                lines.push(
                    std::mem::take(&mut current)
                        .trim_end_matches('\r')
                        .to_owned(),
                );
                if lines.len() == limit {
                    return lines;
                }
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

fn shorten(text: &str) -> String {
    const LIMIT: usize = 80;
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        format!("{}…", text.chars().take(LIMIT).collect::<String>())
    }
}

/// Reads a number written with the file's decimal mark: `0.512`, ` 1e-3 `, and with
/// a decimal comma `0,512` or `-1,5e-3`. `None` when it is not a number.
pub(crate) fn parse_number(text: &str, decimal: DecimalMark) -> Option<f64> {
    let text = text.trim();
    match decimal {
        DecimalMark::Point => text.parse().ok(),
        DecimalMark::Comma => text
            .replacen(',', ".", 1)
            .parse()
            .ok()
            .filter(|_| !text.contains('.')),
        DecimalMark::Either => text.parse().ok().or_else(|| {
            (text.matches(',').count() == 1 && !text.contains('.'))
                .then(|| text.replacen(',', ".", 1).parse().ok())
                .flatten()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(head: &str) -> Result<Dialect, AmbiguousSeparator> {
        detect_dialect(head, &CsvOptions::default())
    }

    #[test]
    fn the_separator_is_read_from_the_header() {
        assert_eq!(detect("score,label\n0.5,1\n").unwrap().separator, b',');
        assert_eq!(detect("score;label\n0,512;1\n").unwrap().separator, b';');
        assert_eq!(detect("score\tlabel\n0.5\t1\n").unwrap().separator, b'\t');
        assert_eq!(detect("score|label\n0.5|1\n").unwrap().separator, b'|');
        // Quoted separators do not count: R quotes every header field.
        assert_eq!(
            detect("\"\",\"a;b\",\"label\"\n\"1\",0.5,1\n")
                .unwrap()
                .separator,
            b','
        );
        // A single column reads the same whatever the separator.
        assert_eq!(detect("score\n0.5\n").unwrap().separator, b',');
    }

    #[test]
    fn excel_sep_line_wins_and_is_skipped() {
        let d = detect("\u{feff}sep=;\r\nscore,x;label\r\n0,5;1\r\n").unwrap();
        assert_eq!((d.separator, d.skip_lines), (b';', 1));
        assert_eq!(d.decimal, DecimalMark::Either);
    }

    #[test]
    fn a_tie_is_settled_by_the_next_lines_or_reported() {
        // Header `a,b;c` splits once at each, but the data keeps two `;` fields.
        assert_eq!(detect("a,b;c\n1;2\n3;4\n").unwrap().separator, b';');
        let err = detect("a,b;c\n1,2;3\n").unwrap_err();
        assert_eq!(err.candidates, vec![",", ";"]);
        assert_eq!(err.header, "a,b;c");
        // The context's separator settles it.
        let options = CsvOptions {
            separator: Some(b';'),
            decimal_comma: None,
        };
        assert_eq!(
            detect_dialect("a,b;c\n1,2;3\n", &options)
                .unwrap()
                .separator,
            b';'
        );
    }

    #[test]
    fn numbers_read_with_the_decimal_mark() {
        assert_eq!(parse_number(" 1e-3 ", DecimalMark::Point), Some(0.001));
        assert_eq!(parse_number("0,512", DecimalMark::Point), None);
        assert_eq!(parse_number("0,512", DecimalMark::Comma), Some(0.512));
        assert_eq!(parse_number("-1,5e-3", DecimalMark::Comma), Some(-0.0015));
        assert_eq!(parse_number("1.5", DecimalMark::Comma), None);
        assert_eq!(parse_number("0,512", DecimalMark::Either), Some(0.512));
        assert_eq!(parse_number("0.512", DecimalMark::Either), Some(0.512));
        assert_eq!(parse_number("1,2,3", DecimalMark::Either), None);
    }
}
