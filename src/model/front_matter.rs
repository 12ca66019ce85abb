//! Splits a Markdown file into its YAML front matter and its body, remembering on which line each
//! starts so that later errors point at the right line of the file.

use crate::error::ErrorKind;

/// A file cut in two at its front matter fences.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// Line number of the opening `---` (1, or 1 after a byte-order mark).
    pub open_line: usize,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// Line number in the file of the first line of `body`.
    pub body_line: usize,
}

/// Cuts `text` at a first line `---` and the next line that is exactly `---`.
/// Accepts a UTF-8 byte-order mark and Windows line endings, as word processors write them.
pub fn split(text: &str) -> Result<Split<'_>, (usize, ErrorKind)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((1, ErrorKind::MissingFrontMatter));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                open_line: 1,
                body: &text[offset + line.len()..],
                // Line 1 is the opening fence, the YAML starts on line 2, this fence is line index + 2.
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err((1, ErrorKind::UnterminatedFrontMatter))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\ntitle: A\n---\n\nHello\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "\nHello\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn missing_and_unterminated() {
        assert_eq!(
            split("title: A\n").unwrap_err().1,
            ErrorKind::MissingFrontMatter
        );
        assert_eq!(
            split("---\ntitle: A\n").unwrap_err().1,
            ErrorKind::UnterminatedFrontMatter
        );
        assert_eq!(split("").unwrap_err().1, ErrorKind::MissingFrontMatter);
    }

    #[test]
    fn a_thematic_break_in_the_body_is_not_a_fence() {
        let s = split("---\na: 1\n---\ntext\n\n---\nmore\n").unwrap();
        assert_eq!(s.body, "text\n\n---\nmore\n");
    }
}
