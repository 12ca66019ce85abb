//! Text from authors is shown, never run: titles and summaries are escaped wherever they appear,
//! raw HTML in Markdown is text, and `javascript:` links are refused.

use serde_json::Value;

use crate::html::{Tag, between, decode_entities, meta, tags, text};
use crate::support::{Site, article};

const TITLE: &str = "<img src=x onerror=alert(1)>";
const SUMMARY: &str = "He said \"quotes\" </script> & more";

fn hostile() -> Site {
    Site::new(&[
        (
            "site.yaml",
            "title: Test site\nbase_url: https://example.org/\n",
        ),
        (
            "content/causes/hostile.md",
            &article(
                "title: '<img src=x onerror=alert(1)>'\nsummary: 'He said \"quotes\" </script> & more'\nslug: hostile\nreviewed: 2025-01-01\ntags: ['<b>bold</b>']",
                "<script>alert(1)</script>\n\nA paragraph with <em onclick=\"alert(2)\">inline</em> HTML.\n",
            ),
        ),
    ])
}

/// No page has an element or attribute that came from the hostile text.
fn assert_no_injected_markup(html: &str, path: &str) {
    for tag in tags(html) {
        assert_ne!(tag.name, "img", "{path}: an <img> was injected");
        assert_ne!(tag.name, "em", "{path}: an <em> was injected");
        assert_ne!(tag.name, "b", "{path}: a <b> was injected");
        for (name, _) in &tag.attrs {
            assert!(
                !name.starts_with("on"),
                "{path}: an `{name}` attribute was injected"
            );
        }
        if tag.name == "script" {
            assert!(
                is_theme_script(&tag) || tag.attr("type") == Some("application/ld+json"),
                "{path}: a script was injected"
            );
        }
    }
}

#[test]
fn no_page_contains_injected_markup() {
    let site = hostile();
    let build = site.build(&[]).ok();
    for (path, bytes) in build.files() {
        if path.ends_with(".html") {
            assert_no_injected_markup(&String::from_utf8(bytes).unwrap(), &path);
        }
    }
}

#[test]
fn title_and_summary_are_escaped_in_the_article_head_and_heading() {
    let site = hostile();
    let page = site.build(&[]).ok().read("causes/hostile/index.html");
    // <title> holds text only (a `<` there starts no tag), so only references are decoded.
    assert_eq!(
        decode_entities(between(&page, "<title>", "</title>")),
        format!("{TITLE} – Test site")
    );
    assert_eq!(text(between(&page, "<h1>", "</h1>")), TITLE);
    assert_eq!(meta(&page, "name", "description").as_deref(), Some(SUMMARY));
    assert_eq!(
        meta(&page, "property", "og:description").as_deref(),
        Some(SUMMARY)
    );
    assert_eq!(meta(&page, "property", "og:title").as_deref(), Some(TITLE));
    assert_eq!(text(between(&page, "<p class=lede>", "</p>")), SUMMARY);
}

#[test]
fn title_and_summary_are_escaped_in_collection_cards() {
    let site = hostile();
    let page = site.build(&[]).ok().read("causes/index.html");
    let card = between(&page, "<ul class=cards>", "</ul>");
    assert_eq!(text(between(card, "<h2 class=card-title>", "</h2>")), TITLE);
    assert_eq!(text(between(card, "<p>", "</p>")), SUMMARY);
}

#[test]
fn json_ld_cannot_be_closed_by_the_text() {
    let site = hostile();
    let page = site.build(&[]).ok().read("causes/hostile/index.html");
    let block = between(&page, "<script type=application/ld+json>", "</script>");
    assert!(!block.contains('<'), "raw `<` inside JSON-LD: {block}");
    let data: Value = serde_json::from_str(block).expect("JSON-LD parses whole");
    assert_eq!(data["name"], TITLE);
    assert_eq!(data["description"], SUMMARY);
    let scripts: Vec<_> = tags(&page)
        .into_iter()
        .filter(|t| t.name == "script" && !is_theme_script(t))
        .collect();
    assert_eq!(
        scripts.len(),
        1,
        "only the JSON-LD block is an inline script"
    );
}

#[test]
fn raw_html_in_markdown_is_shown_as_text() {
    let site = hostile();
    let page = site.build(&[]).ok().read("causes/hostile/index.html");
    let prose = text(between(&page, "<div class=prose>", "</div>"));
    assert!(prose.contains("<script>alert(1)</script>"), "{prose}");
    assert!(
        prose.contains("<em onclick=\"alert(2)\">inline</em>"),
        "{prose}"
    );
}

#[test]
fn tag_names_are_escaped() {
    let site = hostile();
    let build = site.build(&[]).ok();
    let page = build.read("tags/b-bold-b/index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), "<b>bold</b>");
}

#[test]
fn javascript_link_in_the_body_is_an_error() {
    let site = Site::new(&[
        ("site.yaml", "title: Test site\n"),
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: S",
                "Intro.\n\nClick [x](javascript:alert(1)).\n",
            ),
        ),
    ]);
    let build = site.build(&[]).failed();
    assert_eq!(
        build.errors(),
        vec![
            "content/causes/a.md:8: link `javascript:alert(1)` is not allowed: use https://, http://, mailto:, tel:, a relative link or an `@/` link"
        ]
    );
}

#[test]
fn javascript_url_in_sources_is_an_error() {
    let site = Site::new(&[
        ("site.yaml", "title: Test site\n"),
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: S\nsources:\n  - title: Evil\n    url: javascript:alert(1)",
                "Text.\n",
            ),
        ),
    ]);
    let build = site.build(&[]).failed();
    // Reported on the `sources:` line: knead knows the lines of top-level keys.
    assert_eq!(
        build.errors(),
        vec![
            "content/causes/a.md:4: link `javascript:alert(1)` is not allowed: use https://, http://, mailto:, tel:, a relative link or an `@/` link"
        ]
    );
}

#[test]
fn title_cannot_close_the_title_element() {
    let site = Site::new(&[
        ("site.yaml", "title: Test site\n"),
        (
            "content/causes/a.md",
            &article(
                "title: '</title><script>alert(1)</script>'\nsummary: S",
                "Text.\n",
            ),
        ),
    ]);
    let page = site.build(&[]).ok().read("causes/a/index.html");
    assert_eq!(
        decode_entities(between(&page, "<title>", "</title>")),
        "</title><script>alert(1)</script> – Test site"
    );
    assert!(
        !tags(&page)
            .iter()
            .any(|t| t.name == "script" && !is_theme_script(t)),
        "{page}"
    );
}

#[test]
fn feed_escapes_titles_and_summaries() {
    let site = hostile();
    let feed = site.build(&[]).ok().read("feed.xml");
    assert!(!feed.contains("<img"), "{feed}");
    assert!(
        feed.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{feed}"
    );
}

#[test]
fn site_title_is_escaped_on_every_page_and_in_the_feed() {
    let site = Site::new(&[
        ("site.yaml", "title: 'Backs & <i>Hips</i>'\n"),
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S\nreviewed: 2025-01-01", "Text.\n"),
        ),
    ]);
    let build = site.build(&[]).ok();
    for (path, bytes) in build.files() {
        if path.ends_with(".html") {
            let page = String::from_utf8(bytes).unwrap();
            assert!(
                !tags(&page).iter().any(|t| t.name == "i"),
                "{path}: an <i> was injected"
            );
            assert_eq!(
                meta(&page, "property", "og:site_name").as_deref(),
                Some("Backs & <i>Hips</i>"),
                "{path}"
            );
        }
    }
    let feed = build.read("feed.xml");
    assert!(
        feed.contains("<title>Backs &amp; &lt;i&gt;Hips&lt;/i&gt;</title>"),
        "{feed}"
    );
}

/// The theme's own scripts: loaded from a `.js` file of the site (relative, or from the
/// fixture's base URL on the 404 page), never written inline.
fn is_theme_script(tag: &Tag) -> bool {
    tag.attr("src").is_some_and(|src| {
        let src = src.strip_prefix("https://example.org/").unwrap_or(src);
        let path = src.split('?').next().unwrap_or_default();
        path.ends_with(".js") && !path.contains("://") && !path.contains('<')
    })
}
