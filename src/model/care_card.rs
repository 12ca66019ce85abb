//! Care cards in Markdown, for the model's scan of a body and the renderer alike.
//!
//! A care card is a fenced block whose info string is `care` and a kind:
//!
//! ````markdown
//! ```care urgent
//! Call your local emergency number now if:
//!
//! - you cannot feel your legs
//! ```
//! ````
//!
//! Its first line is the card's heading; the lines after it are Markdown. The heading sits one
//! level below the section the card is in (`h2` before any heading, `h3` in a `##` section), so
//! it takes its place in the page's outline, gets an id like any heading, and can be linked to.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, OffsetIter, Parser, Tag, TagEnd};

use super::dialect::{markdown_options, shown_level};
use crate::error::{ErrorKind, closest};

/// How urgent a care card's advice is. The theme decides how each looks and what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CareKind {
    /// Get help now: call an emergency number or get an urgent appointment.
    Urgent,
    /// See a doctor or another health professional.
    Doctor,
    /// Things a reader can do for themselves.
    SelfCare,
}

impl CareKind {
    pub const ALL: [CareKind; 3] = [CareKind::Urgent, CareKind::Doctor, CareKind::SelfCare];

    /// The kind as written after `care`, and as the theme receives it.
    pub fn name(self) -> &'static str {
        match self {
            CareKind::Urgent => "urgent",
            CareKind::Doctor => "doctor",
            CareKind::SelfCare => "self-care",
        }
    }

    fn parse(word: &str) -> Result<CareKind, ErrorKind> {
        if word.is_empty() {
            return Err(ErrorKind::CareCardWithoutKind);
        }
        Self::ALL
            .into_iter()
            .find(|k| k.name() == word)
            .ok_or_else(|| ErrorKind::UnknownCareCard {
                kind: word.to_string(),
                suggestion: closest(word, Self::ALL.map(CareKind::name)),
            })
    }
}

/// A care card of a body, in the order the cards appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CareCard {
    pub kind: CareKind,
    /// The level of the card's heading (2 to 6).
    pub level: u8,
}

/// The kind written after `care` in a fenced block's info string (empty when none is), or
/// `None` when the block is not a care card.
pub fn fence_kind(info: &str) -> Option<&str> {
    let mut words = info.split_whitespace();
    (words.next() == Some("care")).then(|| words.next().unwrap_or(""))
}

/// A card's text as a Markdown document of its own: the first non-blank line becomes a heading
/// of `level` (any `#` the author typed is dropped), and every line stays on its own line, so
/// line numbers carry over. `None` when the card has no heading.
pub fn card_markdown(text: &str, level: u8) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 8);
    let mut heading_done = false;
    for line in text.split_inclusive('\n') {
        if !heading_done && !line.trim().is_empty() {
            let heading = line.trim().trim_start_matches('#').trim();
            if heading.is_empty() {
                return None;
            }
            for _ in 0..level {
                out.push('#');
            }
            out.push(' ');
            out.push_str(heading);
            out.push('\n');
            heading_done = true;
        } else {
            out.push_str(line);
        }
    }
    heading_done.then_some(out)
}

/// A body's events with their byte ranges, where each care card's fenced text is replaced by
/// the events of its own Markdown (its heading first). Those events carry ranges that start on
/// the line of the body they came from, so lines reported for them are right.
pub struct Events<'a> {
    markdown: &'a str,
    outer: OffsetIter<'a>,
    inner: std::vec::IntoIter<(Event<'a>, Range<usize>)>,
    /// The level of the last heading outside cards: 1 before any.
    section: u8,
    /// Where each line of the body starts, found at the first card: finding them again for
    /// every card made a body of 20,000 cards take a minute.
    body_lines: Vec<usize>,
    /// The cards found so far, in order.
    pub cards: Vec<CareCard>,
    /// Problems with cards, by the byte offset of their fence.
    pub errors: Vec<(usize, ErrorKind)>,
}

impl<'a> Events<'a> {
    pub fn new(markdown: &'a str) -> Self {
        Events {
            markdown,
            outer: Parser::new_ext(markdown, markdown_options()).into_offset_iter(),
            inner: Vec::new().into_iter(),
            section: 1,
            body_lines: Vec::new(),
            cards: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// Reads the card whose fence starts at `fence` up to its closing fence, and queues its
    /// events (or records why it cannot be shown).
    fn card(&mut self, kind: &str, fence: usize) {
        let kind = CareKind::parse(kind);
        let mut text = String::new();
        for (event, _) in self.outer.by_ref() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let kind = match kind {
            Ok(kind) => kind,
            Err(e) => return self.errors.push((fence, e)),
        };
        let level = (self.section + 1).min(6);
        let Some(doc) = card_markdown(&text, level) else {
            return self.errors.push((fence, ErrorKind::CareCardWithoutHeading));
        };
        self.cards.push(CareCard { kind, level });

        // The card's text starts on the line after its fence.
        if self.body_lines.is_empty() {
            self.body_lines = line_starts(self.markdown).collect();
        }
        let body_lines = &self.body_lines;
        let fence_line = body_lines.partition_point(|&s| s <= fence) - 1;
        let doc_lines: Vec<usize> = line_starts(&doc).collect();
        let offset_in_body = |offset: usize| {
            let line = fence_line + doc_lines.partition_point(|&s| s <= offset);
            body_lines[line.min(body_lines.len() - 1)]
        };
        let mut events = Vec::new();
        for (event, range) in Parser::new_ext(&doc, markdown_options()).into_offset_iter() {
            let at = offset_in_body(range.start);
            if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event
                && fence_kind(info).is_some()
            {
                self.errors.push((at, ErrorKind::NestedCareCard));
            }
            events.push((event.into_static(), at..at));
        }
        self.inner = events.into_iter();
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(queued) = self.inner.next() {
                return Some(queued);
            }
            let (event, range) = self.outer.next()?;
            match &event {
                Event::Start(Tag::Heading { level, .. }) => self.section = shown_level(*level),
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    if let Some(kind) = fence_kind(info) {
                        let kind = kind.to_string();
                        self.card(&kind, range.start);
                        continue;
                    }
                }
                _ => {}
            }
            return Some((event, range));
        }
    }
}

fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(markdown: &str) -> Vec<(String, usize)> {
        let starts: Vec<usize> = line_starts(markdown).collect();
        Events::new(markdown)
            .filter_map(|(e, r)| match e {
                Event::Text(t) => Some((t.to_string(), starts.partition_point(|&s| s <= r.start))),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn fences_name_their_kind() {
        assert_eq!(fence_kind("care urgent"), Some("urgent"));
        assert_eq!(fence_kind("  care   self-care  "), Some("self-care"));
        assert_eq!(fence_kind("care"), Some(""));
        assert_eq!(fence_kind("rust"), None);
        assert_eq!(fence_kind("careful"), None);
    }

    #[test]
    fn the_first_line_is_the_heading_and_lines_stay_put() {
        assert_eq!(
            card_markdown("\n## See a doctor if:\n- it hurts\n", 3).as_deref(),
            Some("\n### See a doctor if:\n- it hurts\n")
        );
        assert_eq!(card_markdown("\n  \n", 2), None);
        assert_eq!(card_markdown("##\nText\n", 2), None);
    }

    #[test]
    fn a_card_becomes_its_own_events_on_the_lines_they_came_from() {
        let md = "Intro\n\n## Help\n\n```care urgent\nCall now if:\n\n- you *fell*\n```\n\nAfter\n";
        assert_eq!(
            lines_of(md),
            vec![
                ("Intro".to_string(), 1),
                ("Help".to_string(), 3),
                ("Call now if:".to_string(), 6),
                ("you ".to_string(), 8),
                ("fell".to_string(), 8),
                ("After".to_string(), 11),
            ]
        );
        let mut events = Events::new(md);
        let levels: Vec<_> = events
            .by_ref()
            .filter_map(|(e, _)| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(level as u8),
                _ => None,
            })
            .collect();
        assert_eq!(
            levels,
            vec![2, 3],
            "the card's heading is one below its section"
        );
        assert_eq!(
            events.cards,
            vec![CareCard {
                kind: CareKind::Urgent,
                level: 3
            }]
        );
        assert!(events.errors.is_empty());
    }

    #[test]
    fn unknown_kinds_missing_headings_and_nesting_are_errors() {
        let md = "```care urgnt\nX\n```\n\n```care\nX\n```\n\n```care doctor\n\n```\n\n````care self-care\nTry this\n```care urgent\nNo\n```\n````\n";
        let mut events = Events::new(md);
        events.by_ref().for_each(drop);
        let starts: Vec<usize> = line_starts(md).collect();
        let errors: Vec<_> = events
            .errors
            .iter()
            .map(|(at, e)| (starts.partition_point(|&s| s <= *at), e.to_string()))
            .collect();
        assert_eq!(
            errors,
            vec![
                (
                    1,
                    "unknown care card kind `urgnt`, did you mean `urgent`? (the kinds are `urgent`, `doctor` and `self-care`)".to_string()
                ),
                (5, ErrorKind::CareCardWithoutKind.to_string()),
                (9, ErrorKind::CareCardWithoutHeading.to_string()),
                (15, ErrorKind::NestedCareCard.to_string()),
            ]
        );
        assert_eq!(events.cards.len(), 1, "only the self-care card is shown");
    }
}
