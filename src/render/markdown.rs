//! Markdown to HTML: pulldown-cmark events pass through small adapters, each doing one rewrite,
//! then pulldown-cmark writes the HTML.
//!
//! 1. `as_text`: raw HTML in Markdown is shown as text, never run (authors paste from anywhere);
//! 2. `heading_ids`: headings get the ids the model gave them (the anchors links were checked against);
//! 3. `page_links`: `@/` links become relative links to the page;
//! 4. `scrollable_tables`: tables sit in a focusable box that scrolls sideways on a phone.

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use crate::model::body::{markdown_options, shown_level};
use crate::model::{Body, LinkTarget};

/// Renders `body`. `href` turns a resolved link target into the href to print on this page.
pub fn to_html(body: &Body, href: &dyn Fn(&LinkTarget) -> String) -> String {
    let events = Parser::new_ext(&body.markdown, markdown_options());
    let events = as_text(events);
    let events = heading_ids(events, body);
    let events = page_links(events, body, href);
    let events = scrollable_tables(events);
    let mut html = String::with_capacity(body.markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

fn as_text<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    events.map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        other => other,
    })
}

fn heading_ids<'a>(
    events: impl Iterator<Item = Event<'a>>,
    body: &'a Body,
) -> impl Iterator<Item = Event<'a>> {
    let mut ids = body.headings.iter();
    events.map(move |event| match event {
        Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) => {
            let id = ids.next().map(|h| CowStr::Borrowed(h.id.as_str()));
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

fn level_of(n: u8) -> pulldown_cmark::HeadingLevel {
    pulldown_cmark::HeadingLevel::try_from(n as usize).unwrap_or(pulldown_cmark::HeadingLevel::H6)
}

fn page_links<'a>(
    events: impl Iterator<Item = Event<'a>>,
    body: &'a Body,
    href: &'a dyn Fn(&LinkTarget) -> String,
) -> impl Iterator<Item = Event<'a>> {
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

fn scrollable_tables<'a>(
    events: impl Iterator<Item = Event<'a>>,
) -> impl Iterator<Item = Event<'a>> {
    events.flat_map(|event| {
        let (before, after) = match &event {
            Event::Start(Tag::Table(_)) => {
                (Some("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">"), None)
            }
            Event::End(TagEnd::Table) => (None, Some("</div>")),
            _ => (None, None),
        };
        before
            .map(|h| Event::Html(CowStr::Borrowed(h)))
            .into_iter()
            .chain(std::iter::once(event))
            .chain(after.map(|h| Event::Html(CowStr::Borrowed(h))))
    })
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
        let html = to_html(
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
    fn headings_get_ids_and_h1_becomes_h2() {
        let html = to_html(&body("# Top\n\n## Why it hurts?\n", &[]), &href);
        assert_eq!(
            html,
            "<h2 id=\"top\">Top</h2>\n<h2 id=\"why-it-hurts\">Why it hurts?</h2>\n"
        );
    }

    #[test]
    fn page_links_become_relative() {
        let target = LinkTarget {
            page: PageRef::Article(0),
            anchor: Some("why".into()),
        };
        let html = to_html(
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
        let html = to_html(&body("![](wave.svg \"decorative\")\n", &[]), &href);
        assert_eq!(html, "<p><img src=\"wave.svg\" alt=\"\" /></p>\n");
    }

    #[test]
    fn tables_scroll() {
        let html = to_html(&body("| a | b |\n|---|---|\n| 1 | 2 |\n", &[]), &href);
        assert!(html.starts_with("<div class=\"table-scroll\""), "{html}");
        assert!(
            html.trim_end().ends_with("</table>\n</div>") || html.trim_end().ends_with("</div>"),
            "{html}"
        );
    }
}
