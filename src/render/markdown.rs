//! Markdown to HTML: pulldown-cmark events pass through small adapters, each doing one rewrite,
//! then pulldown-cmark writes the HTML.
//!
//! 1. `as_text`: raw HTML in Markdown is shown as text, never run (authors paste from anywhere);
//! 2. `care_cards`: each ```` ```care ```` block becomes the theme's care card, its text rendered
//!    through these same passes;
//! 3. `heading_ids`: headings get the ids the model gave them (the anchors links were checked against);
//! 4. `page_links`: `@/` links become relative links to the page;
//! 5. `scrollable_tables`: tables sit in a focusable box that scrolls sideways on a phone, named
//!    after the heading they follow;
//! 6. `footnote_ids`: footnote labels become ids of their own (`fn--` and the label's words), so
//!    `[^main_content]` can never take the theme's ids or a heading's.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

use crate::model::care_card::{CareCard, card_markdown, fence_kind};
use crate::model::dialect::{markdown_options, shown_level};
use crate::model::slug::{UniqueIds, words_id};
use crate::model::{Body, LinkTarget};
use crate::render::strings::Strings;

/// A care card as the theme's `care_card` component receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareCardHtml<'a> {
    /// `urgent`, `doctor` or `self-care`.
    pub kind: &'static str,
    /// The heading's level and id, and its text (not yet escaped).
    pub level: u8,
    pub id: &'a str,
    pub heading: String,
    /// The card's Markdown as HTML.
    pub content: String,
}

/// Writes a care card's HTML with the theme, or says why it could not.
pub type CareCardWriter<'w> = dyn Fn(&CareCardHtml) -> Result<String, String> + 'w;

/// Renders `body`. `href` turns a resolved link target into the href to print on this page.
/// Care cards get knead's own plain markup (see `plain_care_card`).
pub fn to_html(body: &Body, href: &dyn Fn(&LinkTarget) -> String) -> String {
    let plain = |card: &CareCardHtml| Ok(plain_care_card(card));
    to_html_with_cards(body, href, &plain, Strings::built_in()).unwrap_or_default()
}

/// Renders `body` as `to_html` does, with `care_card` writing each care card (the theme's
/// component). Fails only when `care_card` does.
pub fn to_html_with_cards(
    body: &Body,
    href: &dyn Fn(&LinkTarget) -> String,
    care_card: &CareCardWriter,
    strings: &Strings,
) -> Result<String, String> {
    let cx = Cards {
        body,
        href,
        strings,
        write: care_card,
        next_heading: Cell::new(0),
        footnotes: RefCell::default(),
        failure: RefCell::new(None),
    };
    let events = Parser::new_ext(&body.markdown, markdown_options());
    let events = as_text(events);
    let events = care_cards(events, &cx);
    let events = heading_ids(events, body, &cx.next_heading);
    let events = page_links(events, body, href);
    let events = scrollable_tables(events, strings);
    let events = footnote_ids(events, &cx.footnotes);
    let html = write_html(events, body.markdown.len() * 3 / 2);
    match cx.failure.into_inner() {
        Some(message) => Err(message),
        None => Ok(html),
    }
}

/// A care card for a theme with no `care_card` component: a section with the same classes as
/// the default theme's, so a theme's styles can still apply.
pub fn plain_care_card(card: &CareCardHtml) -> String {
    format!(
        "<section class=\"care-card care-card-{kind}\"><h{level} class=\"care-card-heading\" id=\"{id}\">{heading}</h{level}><div class=\"care-card-content\">{content}</div></section>",
        kind = card.kind,
        level = card.level,
        id = escape_attribute(card.id),
        heading = escape_attribute(&card.heading),
        content = card.content,
    )
}

/// The events as HTML, by pulldown-cmark's writer, made compact.
fn write_html<'a>(events: impl Iterator<Item = Event<'a>>, capacity: usize) -> String {
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, events);
    compact(&html)
}

/// The line breaks pulldown-cmark writes after tags (`</p>\n<h2>`, `<li>\n<p>`, `<br />\n`)
/// dropped, outside `<pre>`, so the article's HTML is as compact as the minified templates around
/// it. With soft breaks written as spaces (see `as_text`) and text escaped, a line break right
/// after a `>` is always one of those, never the page's text.
fn compact(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while !rest.is_empty() {
        let (outside, pre) = match rest.find("<pre") {
            Some(start) => {
                let end = rest[start..]
                    .find("</pre>")
                    .map_or(rest.len(), |e| start + e + "</pre>".len());
                (&rest[..start], &rest[start..end])
            }
            None => (rest, ""),
        };
        let mut pieces = outside.split('\n');
        if let Some(first) = pieces.next() {
            out.push_str(first);
        }
        for piece in pieces {
            if !out.ends_with('>') {
                out.push('\n');
            }
            out.push_str(piece);
        }
        out.push_str(pre);
        rest = &rest[outside.len() + pre.len()..];
    }
    out
}

fn as_text<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    events.map(|event| match event {
        // A line break inside a paragraph shows as a space; writing one keeps `compact` simple.
        Event::SoftBreak => Event::Text(" ".into()),
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        other => other,
    })
}

/// What the care card pass needs: the body (its cards and heading ids, in order), the link
/// rewriter, the theme's writer, and the first failure of that writer.
struct Cards<'c> {
    body: &'c Body,
    href: &'c dyn Fn(&LinkTarget) -> String,
    write: &'c CareCardWriter<'c>,
    strings: &'c Strings,
    /// The index in `body.headings` of the next heading to be shown, shared with `heading_ids`
    /// so headings inside cards and outside them take their ids in page order.
    next_heading: Cell<usize>,
    /// Shared with the cards' own passes, so ids stay unique across the whole page.
    footnotes: RefCell<FootnoteIds>,
    failure: RefCell<Option<String>>,
}

impl Cards<'_> {
    /// The card's HTML: its text is Markdown with a heading first (see `card_markdown`).
    fn render(&self, card: &CareCard, text: &str) -> String {
        // The model refused cards without a heading, so this is always a document.
        let doc = card_markdown(text, card.level).unwrap_or_default();
        let mut events = Parser::new_ext(&doc, markdown_options());
        let mut heading = String::new();
        for event in as_text(events.by_ref()) {
            match event {
                Event::Text(t) | Event::Code(t) => heading.push_str(&t),
                Event::End(TagEnd::Heading(_)) => break,
                _ => {}
            }
        }
        let index = self.next_heading.get();
        self.next_heading.set(index + 1);
        let id = self.body.headings.get(index).map_or("", |h| h.id.as_str());
        let content = as_text(events);
        let content = heading_ids(content, self.body, &self.next_heading);
        let content = page_links(content, self.body, self.href);
        let content = scrollable_tables(content, self.strings);
        let content = footnote_ids(content, &self.footnotes);
        let html = write_html(content, text.len() * 3 / 2);
        let card = CareCardHtml {
            kind: card.kind.name(),
            level: card.level,
            id,
            heading: heading.trim().to_string(),
            content: html,
        };
        (self.write)(&card).unwrap_or_else(|message| {
            self.failure.borrow_mut().get_or_insert(message);
            String::new()
        })
    }
}

fn care_cards<'a, 'c>(
    mut events: impl Iterator<Item = Event<'a>> + 'c,
    cx: &'c Cards<'c>,
) -> impl Iterator<Item = Event<'a>> + 'c {
    let mut cards = cx.body.care_cards.iter();
    std::iter::from_fn(move || {
        let event = events.next()?;
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &event else {
            return Some(event);
        };
        if fence_kind(info).is_none() {
            return Some(event);
        }
        let mut text = String::new();
        for inner in events.by_ref() {
            match inner {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let html = cards
            .next()
            .map_or_else(String::new, |card| cx.render(card, &text));
        Some(Event::Html(CowStr::from(html)))
    })
}

fn heading_ids<'a, 'c>(
    events: impl Iterator<Item = Event<'a>> + 'c,
    body: &'c Body,
    next: &'c Cell<usize>,
) -> impl Iterator<Item = Event<'a>> + 'c {
    events.map(move |event| match event {
        Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) => {
            let index = next.get();
            next.set(index + 1);
            let id = body.headings.get(index).map(|h| CowStr::from(h.id.clone()));
            let level = level_of(shown_level(level));
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            })
        }
        Event::End(TagEnd::Heading(level)) => {
            Event::End(TagEnd::Heading(level_of(shown_level(level))))
        }
        other => other,
    })
}

/// Footnote ids, unique within a page and apart from every other id on it: `fn--` and the
/// label's words. Heading ids and the theme's ids never hold `--`.
#[derive(Default)]
struct FootnoteIds {
    by_label: HashMap<String, String>,
    defined: HashSet<String>,
    ids: UniqueIds,
}

impl FootnoteIds {
    /// The id a reference to `label` links to (labels match whatever their case).
    fn reference(&mut self, label: &str) -> String {
        let key = label.to_lowercase();
        if let Some(id) = self.by_label.get(&key) {
            return id.clone();
        }
        let id = self.fresh(&key);
        self.by_label.insert(key, id.clone());
        id
    }

    /// The id of a definition of `label`; a second definition of one label gets an id of its own.
    fn definition(&mut self, label: &str) -> String {
        let id = self.reference(label);
        if self.defined.insert(id.clone()) {
            id
        } else {
            let again = self.fresh(&label.to_lowercase());
            self.defined.insert(again.clone());
            again
        }
    }

    fn fresh(&mut self, key: &str) -> String {
        let words = words_id(key);
        let base = format!("fn--{}", if words.is_empty() { "note" } else { &words });
        self.ids.unique(base, 2)
    }
}

fn footnote_ids<'a, 'c>(
    events: impl Iterator<Item = Event<'a>> + 'c,
    ids: &'c RefCell<FootnoteIds>,
) -> impl Iterator<Item = Event<'a>> + 'c {
    events.map(move |event| match event {
        Event::FootnoteReference(label) => {
            Event::FootnoteReference(CowStr::from(ids.borrow_mut().reference(&label)))
        }
        Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
            CowStr::from(ids.borrow_mut().definition(&label)),
        )),
        other => other,
    })
}

fn level_of(n: u8) -> pulldown_cmark::HeadingLevel {
    pulldown_cmark::HeadingLevel::try_from(n as usize).unwrap_or(pulldown_cmark::HeadingLevel::H6)
}

fn page_links<'a, 'c>(
    events: impl Iterator<Item = Event<'a>> + 'c,
    body: &'c Body,
    href: &'c dyn Fn(&LinkTarget) -> String,
) -> impl Iterator<Item = Event<'a>> + 'c {
    let rewrite = move |dest: CowStr<'a>| match body.links.get(dest.as_ref()) {
        Some(target) => CowStr::from(href(target)),
        None => dest,
    };
    events.map(move |event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rewrite(dest_url),
            // "decorative" marks an image with no alt text on purpose; it is not a tooltip.
            title: if title.trim().eq_ignore_ascii_case("decorative") {
                CowStr::Borrowed("")
            } else {
                title
            },
            id,
        }),
        other => other,
    })
}

/// Wraps each table in a box that scrolls sideways. The box is a named region, so a screen
/// reader can tell what it is about: the heading the table follows, or, before any heading,
/// the table's column headers. A second table under one heading gets " (2)", and so on.
fn scrollable_tables<'a: 'c, 'c>(
    mut events: impl Iterator<Item = Event<'a>> + 'c,
    strings: &'c Strings,
) -> impl Iterator<Item = Event<'a>> + 'c {
    let mut heading: Option<String> = None;
    let mut in_heading = false;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut queued: VecDeque<Event<'a>> = VecDeque::new();
    std::iter::from_fn(move || {
        if let Some(event) = queued.pop_front() {
            return Some(event);
        }
        let event = events.next()?;
        match &event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(t);
                }
            }
            Event::Start(Tag::Table(_)) => {
                let mut columns: Vec<String> = Vec::new();
                let mut in_head = false;
                queued.push_back(event);
                for inner in events.by_ref() {
                    match &inner {
                        Event::Start(Tag::TableHead) => in_head = true,
                        Event::End(TagEnd::TableHead) => in_head = false,
                        Event::Start(Tag::TableCell) if in_head => columns.push(String::new()),
                        Event::Text(t) | Event::Code(t) if in_head => {
                            if let Some(c) = columns.last_mut() {
                                c.push_str(t);
                            }
                        }
                        _ => {}
                    }
                    let end = matches!(inner, Event::End(TagEnd::Table));
                    queued.push_back(inner);
                    if end {
                        break;
                    }
                }
                queued.push_back(Event::Html(CowStr::Borrowed("</div>")));
                let columns: Vec<&str> = columns
                    .iter()
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                    .collect();
                let mut label = match heading.as_deref().map(str::trim) {
                    Some(h) if !h.is_empty() => h.to_string(),
                    _ if !columns.is_empty() => strings.table_of_columns(&columns.join(", ")),
                    _ => strings.table.clone(),
                };
                let n = seen.entry(label.clone()).or_insert(0);
                *n += 1;
                if *n > 1 {
                    label = format!("{label} ({n})");
                }
                return Some(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">",
                    escape_attribute(&label)
                ))));
            }
            _ => {}
        }
        Some(event)
    })
}

/// Text for a double-quoted attribute (`&`, `<`, `>` and `"` escaped), by pulldown-cmark's own
/// escaping, as its HTML writer does.
fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PageRef;
    use crate::model::body::scan;
    use std::collections::BTreeMap;

    fn body(markdown: &str, links: &[(&str, LinkTarget)]) -> Body {
        let links = links
            .iter()
            .cloned()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<BTreeMap<_, _>>();
        Body::new(&scan(markdown, 1), links)
    }

    /// A care card as `kind|level|id|heading|content`, to see what the theme receives.
    fn card(c: &CareCardHtml) -> Result<String, String> {
        Ok(format!(
            "[{}|{}|{}|{}|{}]",
            c.kind, c.level, c.id, c.heading, c.content
        ))
    }

    fn render(body: &Body, href: &dyn Fn(&LinkTarget) -> String) -> String {
        to_html_with_cards(body, href, &card, Strings::built_in())
            .expect("the test writer never fails")
    }

    fn href(t: &LinkTarget) -> String {
        let base = match t.page {
            PageRef::Home => "../../".to_string(),
            _ => "../../causes/a/".to_string(),
        };
        match &t.anchor {
            Some(a) => format!("{base}#{a}"),
            None => base,
        }
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render(
            &body("<script>alert(1)</script>\n\nHi <b>x</b>\n", &[]),
            &href,
        );
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn line_breaks_between_tags_go_and_preformatted_text_keeps_its_own() {
        let html = render(
            &body(
                "One line\nand the next  \nafter a hard break.\n\n- a\n\n- b\n\n```\n<x>\n\n  y\n```\n\n> quote\n",
                &[],
            ),
            &href,
        );
        assert_eq!(
            html,
            "<p>One line and the next<br />after a hard break.</p>\
             <ul><li><p>a</p></li><li><p>b</p></li></ul>\
             <pre><code>&lt;x&gt;\n\n  y\n</code></pre>\
             <blockquote><p>quote</p></blockquote>"
        );
    }

    #[test]
    fn headings_get_ids_and_h1_becomes_h2() {
        let html = render(&body("# Top\n\n## Why it hurts?\n", &[]), &href);
        assert_eq!(
            html,
            "<h2 id=\"top\">Top</h2><h2 id=\"why-it-hurts\">Why it hurts?</h2>"
        );
    }

    #[test]
    fn page_links_become_relative() {
        let target = LinkTarget {
            page: PageRef::Article(0),
            anchor: Some("why".into()),
        };
        let html = render(
            &body(
                "[a](@/causes/a.md#why) [h](https://x.org)\n",
                &[("@/causes/a.md#why", target)],
            ),
            &href,
        );
        assert!(html.contains("href=\"../../causes/a/#why\""), "{html}");
        assert!(html.contains("href=\"https://x.org\""), "{html}");
    }

    #[test]
    fn decorative_images_have_empty_alt_and_no_title() {
        let html = render(&body("![](wave.svg \"decorative\")\n", &[]), &href);
        assert_eq!(html, "<p><img src=\"wave.svg\" alt=\"\" /></p>");
    }

    #[test]
    fn tables_scroll_in_a_region_named_after_their_heading() {
        let html = render(
            &body(
                "| a | b |\n|---|---|\n| 1 | 2 |\n\n## How \"long\" to sit\n\n| c |\n|---|\n| 3 |\n\n| d |\n|---|\n| 4 |\n",
                &[],
            ),
            &href,
        );
        let boxes: Vec<&str> = html
            .match_indices("<div class=\"table-scroll\"")
            .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
            .collect();
        assert_eq!(
            boxes,
            vec![
                "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table: a, b\" tabindex=\"0\">",
                "<div class=\"table-scroll\" role=\"region\" aria-label=\"How “long” to sit\" tabindex=\"0\">",
                "<div class=\"table-scroll\" role=\"region\" aria-label=\"How “long” to sit (2)\" tabindex=\"0\">",
            ]
        );
        assert_eq!(html.matches("</table></div>").count(), 3, "{html}");
    }

    #[test]
    fn care_cards_go_to_the_theme_with_their_markdown_rendered() {
        let target = LinkTarget {
            page: PageRef::Article(0),
            anchor: None,
        };
        let html = render(
            &body(
                "## Help\n\n```care urgent\nCall *now* if:\n\n- see [a](@/causes/a.md) <b>\n```\n\n## Help\n",
                &[("@/causes/a.md", target)],
            ),
            &href,
        );
        assert_eq!(
            html,
            "<h2 id=\"help\">Help</h2>\
             [urgent|3|call-now-if|Call now if:|<ul><li>see <a href=\"../../causes/a/\">a</a> &lt;b&gt;</li></ul>]\n\
             <h2 id=\"help-1\">Help</h2>"
        );
    }

    #[test]
    fn a_failing_card_writer_fails_the_page() {
        let failing = |_: &CareCardHtml| Err("no such component".to_string());
        let result = to_html_with_cards(
            &body("```care self-care\nRest\n```\n", &[]),
            &href,
            &failing,
            Strings::built_in(),
        );
        assert_eq!(result, Err("no such component".to_string()));
        assert_eq!(
            to_html(&body("```care self-care\nRest <b>\n```\n", &[]), &href),
            "<section class=\"care-card care-card-self-care\"><h2 class=\"care-card-heading\" id=\"rest\">Rest &lt;b&gt;</h2><div class=\"care-card-content\"></div></section>",
            "without a theme component, cards get knead's plain markup"
        );
    }
}
