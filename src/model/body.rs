//! A page's Markdown body as the model sees it: its headings (with their unique ids) and the
//! links it contains, each with its line, found in one pass of pulldown-cmark.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::care_card::{self, CareCard};
use super::dialect::shown_level;
use super::slug::UniqueIds;

/// A heading of the body. A `#` heading in the body is shown as a second-level heading, because
/// the page title is the page's only `h1`.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// A link or image destination as written, with its line in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct RawLink {
    pub dest: String,
    pub line: usize,
}

/// What the model learns from a body before links are resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ScannedBody {
    pub markdown: String,
    pub headings: Vec<Heading>,
    pub links: Vec<RawLink>,
    /// Images with no alt text that are not marked decorative (`![](x.png "decorative")`).
    pub images_without_alt: Vec<RawLink>,
    /// Images marked decorative, to be checked by a person.
    pub decorative_images: Vec<RawLink>,
    /// Number of words, for the reading-time and table-of-contents decisions.
    pub words: usize,
    /// The line where lists, quotes or inline styles first nest deeper than `MAX_NESTING`.
    pub too_deep: Option<usize>,
    /// Care cards (```` ```care urgent ```` blocks), in order.
    pub care_cards: Vec<CareCard>,
    /// Care cards that cannot be shown, with their lines.
    pub care_card_errors: Vec<(usize, crate::error::ErrorKind)>,
    /// Heading texts and sentences, read in the same pass; shared with the model's `Body`, not
    /// copied.
    pub text: std::sync::Arc<PlainText>,
}

/// How deeply lists, block quotes, emphasis and the like may nest inside each other. Real pages
/// rarely go past five; the limit keeps thousands of nested levels (typed by mistake or pasted
/// from a converter) from exhausting the stack of the HTML writer and minifier downstream.
pub const MAX_NESTING: usize = 100;

/// The first control character in `markdown` that a page cannot show (see
/// `yaml::is_forbidden_control`), with its line.
pub fn control_character(markdown: &str, first_line: usize) -> Option<(usize, char)> {
    let (offset, c) = markdown
        .char_indices()
        .find(|(_, c)| crate::yaml::is_forbidden_control(*c))?;
    let line = first_line + markdown[..offset].matches('\n').count();
    Some((line, c))
}

/// Reads headings and links out of `markdown`, whose first line is line `first_line` of its file.
pub fn scan(markdown: &str, first_line: usize) -> ScannedBody {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut scanner = Scanner {
        line_of: &|offset: usize| first_line + line_starts.partition_point(|&s| s <= offset) - 1,
        ids: UniqueIds::default(),
        headings: Vec::new(),
        links: Vec::new(),
        words: 0,
        heading: None,
        image: None,
        images_without_alt: Vec::new(),
        decorative_images: Vec::new(),
        depth: 0,
        too_deep: None,
        text: TextCollector::default(),
    };
    // Care cards are read as the Markdown they hold, so their headings and links count too.
    let mut events = care_card::Events::new(markdown);
    for (event, range) in events.by_ref() {
        scanner.text.event(&event);
        scanner.nesting(&event, range.start);
        scanner.event(event, range.start);
    }
    let line_of = scanner.line_of;
    ScannedBody {
        markdown: markdown.to_string(),
        headings: scanner.headings,
        links: scanner.links,
        images_without_alt: scanner.images_without_alt,
        decorative_images: scanner.decorative_images,
        words: scanner.words,
        too_deep: scanner.too_deep,
        care_card_errors: events
            .errors
            .into_iter()
            .map(|(offset, kind)| (line_of(offset), kind))
            .collect(),
        care_cards: events.cards,
        text: std::sync::Arc::new(scanner.text.finish()),
    }
}

/// What `scan` gathers as the events go by.
struct Scanner<'l> {
    line_of: &'l dyn Fn(usize) -> usize,
    ids: UniqueIds,
    headings: Vec<Heading>,
    links: Vec<RawLink>,
    words: usize,
    /// The heading being read: its shown level and text so far.
    heading: Option<(u8, String)>,
    /// The image being read: its link, whether it is marked decorative, and its alt text so far.
    image: Option<(RawLink, bool, String)>,
    images_without_alt: Vec<RawLink>,
    decorative_images: Vec<RawLink>,
    depth: usize,
    too_deep: Option<usize>,
    text: TextCollector,
}

impl Scanner<'_> {
    /// Counts how deeply the event at `offset` is nested. A list item always sits in its list,
    /// so an item adds no level of its own.
    fn nesting(&mut self, event: &Event, offset: usize) {
        match event {
            Event::Start(tag) if !matches!(tag, Tag::Item) => {
                self.depth += 1;
                if self.depth > MAX_NESTING && self.too_deep.is_none() {
                    self.too_deep = Some((self.line_of)(offset));
                }
            }
            Event::End(end) if !matches!(end, TagEnd::Item) => {
                self.depth = self.depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn event(&mut self, event: Event, offset: usize) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((shown_level(level), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = self.heading.take() {
                    let text = text.trim().to_string();
                    let id = self.ids.next(&text);
                    self.headings.push(Heading { level, text, id });
                }
            }
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let line = (self.line_of)(offset);
                let dest = dest_url.to_string();
                self.links.push(RawLink { dest, line });
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let line = (self.line_of)(offset);
                let link = RawLink {
                    dest: dest_url.to_string(),
                    line,
                };
                self.links.push(link.clone());
                let decorative = title.trim().eq_ignore_ascii_case("decorative");
                self.image = Some((link, decorative, String::new()));
            }
            Event::End(TagEnd::Image) => self.end_image(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        self.words += text.split_whitespace().count();
        if let Some((_, heading)) = self.heading.as_mut() {
            heading.push_str(text);
        }
        if let Some((_, _, alt)) = self.image.as_mut() {
            alt.push_str(text);
        }
    }

    fn end_image(&mut self) {
        if let Some((link, decorative, alt)) = self.image.take() {
            if decorative {
                self.decorative_images.push(link);
            } else if alt.trim().is_empty() {
                self.images_without_alt.push(link);
            }
        }
    }
}

/// A body's sentences, kept one after another in a single string: one allocation per page
/// rather than one per sentence, since the search index and `check` read every page's.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Sentences {
    text: String,
    /// Where each sentence ends in `text`.
    ends: Vec<u32>,
}

impl Sentences {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Sentence `i`, with its runs of white space folded to single spaces.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Adds `sentence` with its runs of white space folded to single spaces, unless it is blank.
    pub fn push(&mut self, sentence: &str) {
        let start = self.text.len();
        let trimmed = sentence.trim_ascii();
        if is_tidy(trimmed) {
            // Most sentences: ASCII words with single spaces between them.
            self.text.push_str(trimmed);
        } else {
            for word in trimmed.split_whitespace() {
                if self.text.len() > start {
                    self.text.push(' ');
                }
                self.text.push_str(word);
            }
        }
        if self.text.len() > start {
            self.ends.push(self.text.len() as u32);
        }
    }

    /// Each sentence changed by `change`, which appends its result to the string it is given.
    /// A sentence that `change` empties stays, so sentence numbers are kept.
    pub fn map(&self, change: impl Fn(&str, &mut String)) -> Sentences {
        let mut out = Sentences {
            text: String::with_capacity(self.text.len()),
            ends: Vec::with_capacity(self.ends.len()),
        };
        for sentence in self.iter() {
            change(sentence, &mut out.text);
            out.ends.push(out.text.len() as u32);
        }
        out
    }
}

/// Whether `text` is ASCII with single spaces between its words and none at either end, so
/// folding its white space would leave it as it is.
fn is_tidy(text: &str) -> bool {
    let mut after_space = true;
    for &byte in text.as_bytes() {
        if !byte.is_ascii() {
            return false;
        }
        let space = matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
        if space && (byte != b' ' || after_space) {
            return false;
        }
        after_space = space;
    }
    !after_space
}

/// A body as plain text: its heading texts and its sentences, for the search index and the
/// reading grade.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PlainText {
    pub headings: Vec<String>,
    pub sentences: Sentences,
}

/// A Markdown body as plain text.
pub fn plain_text(markdown: &str) -> PlainText {
    let mut text = TextCollector::default();
    for (event, _) in care_card::Events::new(markdown) {
        text.event(&event);
    }
    text.finish()
}

/// Gathers a body's plain text from its events, so the model's one pass of pulldown-cmark can
/// produce it.
#[derive(Default)]
struct TextCollector {
    text: PlainText,
    /// The paragraph, list item, table cell or heading being read.
    block: String,
    in_heading: bool,
}

impl TextCollector {
    fn event(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.flush();
                self.in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.text.headings.push(self.block.trim().to_string());
                self.block.clear();
                self.in_heading = false;
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                self.block.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => self.block.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) if !self.in_heading => {
                self.block.push(' ');
                self.flush();
            }
            _ => {}
        }
    }

    fn flush(&mut self) {
        split_sentences(&self.block, &mut self.text.sentences);
        self.block.clear();
    }

    fn finish(mut self) -> PlainText {
        self.flush();
        self.text
    }
}

/// Cuts a block of text after `.`, `?` or `!` followed by a space.
fn split_sentences(block: &str, out: &mut Sentences) {
    let mut start = 0;
    let bytes = block.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'?' | b'!')
            && bytes.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
        {
            out.push(&block[start..=i]);
            start = i + 1;
        }
    }
    out.push(&block[start..]);
}

/// Whether a link destination uses a scheme a health page may link to. Relative links,
/// `#anchors` and `@/` links have no scheme and are allowed.
pub fn is_allowed_url(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return true;
    };
    let scheme = &dest[..colon];
    let looks_like_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    // A colon after a `/`, `?` or `#` is part of a path, not a scheme.
    if !looks_like_scheme {
        return !dest[..colon].contains(|c: char| c.is_whitespace() || c.is_control());
    }
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "mailto" | "tel"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_headings_with_unique_ids() {
        let body = scan(
            "# Top\n\n## What it is\n\ntext\n\n## What it is\n\n### `Code` here\n",
            1,
        );
        let got: Vec<_> = body
            .headings
            .iter()
            .map(|h| (h.level, h.id.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "top"),
                (2, "what-it-is"),
                (2, "what-it-is-1"),
                (3, "code-here")
            ]
        );
    }

    #[test]
    fn links_carry_their_file_line() {
        let body = scan("Intro\n\nSee [a](@/causes/a.md) and\n![b](pic.png)\n", 5);
        assert_eq!(
            body.links,
            vec![
                RawLink {
                    dest: "@/causes/a.md".into(),
                    line: 7
                },
                RawLink {
                    dest: "pic.png".into(),
                    line: 8
                },
            ]
        );
    }

    #[test]
    fn images_need_alt_text_unless_decorative() {
        let body = scan(
            "![](a.png)\n\n![A hip](b.png)\n\n![](c.png \"decorative\")\n",
            1,
        );
        assert_eq!(
            body.images_without_alt,
            vec![RawLink {
                dest: "a.png".into(),
                line: 1
            }]
        );
    }

    #[test]
    fn nesting_is_measured_in_lists_and_quotes() {
        let fine = format!("Intro\n\n{}deep\n", "- ".repeat(MAX_NESTING - 1));
        assert_eq!(scan(&fine, 1).too_deep, None);
        let lists = format!("Intro\n\n{}deep\n", "- ".repeat(MAX_NESTING + 1));
        assert_eq!(scan(&lists, 3).too_deep, Some(5));
        let quotes = format!("{} deep\n", ">".repeat(10_000));
        assert_eq!(scan(&quotes, 1).too_deep, Some(1));
    }

    #[test]
    fn plain_text_keeps_headings_apart() {
        let markdown =
            "Intro text. Second one!\n\n## Why it hurts\n\n- a list item\n- [link](x) text\n";
        let PlainText {
            headings,
            sentences,
        } = plain_text(markdown);
        assert_eq!(*scan(markdown, 1).text, plain_text(markdown));
        assert_eq!(headings, vec!["Why it hurts"]);
        assert_eq!(
            sentences.iter().collect::<Vec<_>>(),
            vec!["Intro text.", "Second one!", "a list item", "link text"]
        );
        assert_eq!(sentences.get(1), "Second one!");
        let shouted = sentences.map(|s, out| out.push_str(&s.to_uppercase()));
        assert_eq!(shouted.get(3), "LINK TEXT");
        let emptied = sentences.map(|s, out| out.push_str(&s[..s.len().min(1)].replace('I', "")));
        assert_eq!(emptied.iter().collect::<Vec<_>>(), vec!["", "S", "a", "l"]);
    }

    #[test]
    fn sentences_fold_white_space_like_split_whitespace() {
        for text in [
            "  a \t b\r\n\u{0b}c\u{0c} ",
            "\u{0b}lead",
            "trail\u{0b}",
            "two  spaces",
            " one space around ",
            "tidy words here.",
            "non\u{a0}breaking\u{2003}em space",
            "   ",
            "x",
        ] {
            let mut sentences = Sentences::default();
            sentences.push(text);
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let got: Vec<&str> = sentences.iter().collect();
            if expected.is_empty() {
                assert!(got.is_empty(), "{text:?}");
            } else {
                assert_eq!(got, vec![expected.as_str()], "{text:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_sentence_is_folded_like_split_whitespace(text in "[ a-z.\t\n\r\u{0b}\u{0c}\u{a0}\u{2003}é]{0,30}") {
            let mut sentences = Sentences::default();
            sentences.push(&text);
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let got: Vec<&str> = sentences.iter().collect();
            if expected.is_empty() {
                proptest::prop_assert!(got.is_empty());
            } else {
                proptest::prop_assert_eq!(got, vec![expected.as_str()]);
            }
        }
    }

    #[test]
    fn dangerous_schemes_are_refused() {
        for ok in [
            "https://nhs.uk",
            "mailto:a@b.c",
            "../x/",
            "#top",
            "@/a/b.md",
            "page?x=a:b",
        ] {
            assert!(is_allowed_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!is_allowed_url(bad), "{bad}");
        }
    }
}
