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
            let data = ["application/ld+json", "application/json"];
            assert!(
                is_theme_script(&tag) || tag.attr("type").is_some_and(|t| data.contains(&t)),
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
    let card = element_after(&page, "class=cards", "</ul>");
    assert_eq!(text(element_after(card, "card-title", "</h2>")), TITLE);
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
    // Reported on the line of the `url:` itself.
    assert_eq!(
        build.errors(),
        vec![
            "content/causes/a.md:6: link `javascript:alert(1)` is not allowed: use https://, http://, mailto:, tel:, a relative link or an `@/` link"
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

/// The inside of the element whose opening tag holds `marker` (an attribute, minified or not),
/// up to `close`.
#[track_caller]
fn element_after<'a>(html: &'a str, marker: &str, close: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` not found in:\n{html}"));
    let start = at + html[at..].find('>').expect("the tag ends") + 1;
    let end = start + html[start..].find(close).expect("the element is closed");
    &html[start..end]
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

/// Text that tries every way out of where it is put: element text, a quoted attribute, a script
/// block, an HTML comment.
const BREAKOUT: &str = "\"><img src=x onerror=alert(1)> </script><!-- -->";

/// A site with `BREAKOUT` in every front matter value, headings, a tag, quiz text and a sentence
/// that the search index keeps as an excerpt.
fn breakout_site() -> Site {
    let value = format!("'{}'", BREAKOUT.replace('\'', "''"));
    Site::new(&[
        (
            "site.yaml",
            "title: Test site\nbase_url: https://example.org/\n",
        ),
        (
            "content/causes/a.md",
            &article(
                &format!(
                    "title: {value}\nsummary: {value}\nauthor: {value}\nreviewer: {value}\nevidence: {value}\n\
                     reviewed: 2025-01-01\ntags: [{value}]\nsources:\n  - title: {value}\n    url: 'https://example.org/?q=\"><img src=x onerror=alert(1)>'"
                ),
                &format!(
                    "Massage may ease the lower back.\n\n## {BREAKOUT} one\n\nText.\n\n## {BREAKOUT} two\n\nText.\n\n\
                     ## {BREAKOUT} three\n\nPress \"here\" </script><!-- then --> for stiffness.\n"
                ),
            ),
        ),
        (
            "content/quiz.yaml",
            &format!(
                "title: {value}\nintro: {value}\nred_flags:\n  title: {value}\n  message: {value}\n  items: [{value}]\n\
                 questions:\n  - id: q\n    text: {value}\n    help: {value}\n    answers:\n      - text: {value}\n        scores: {{causes/a: 1}}\n"
            ),
        ),
    ])
}

#[test]
fn breakout_text_everywhere_adds_no_markup_to_any_page() {
    let site = breakout_site();
    let build = site.build(&[]).ok();
    let mut pages = 0;
    for (path, bytes) in build.files() {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert_no_injected_markup(&html, &path);
            // The comment opener from the text is never a real comment: outside attribute values
            // and the title (whose text HTML never reads as markup) it does not appear.
            assert!(
                !markup_only(&html).contains("<!--"),
                "{path}: a comment was opened"
            );
            pages += 1;
        }
    }
    assert!(pages >= 6, "only {pages} pages");
}

#[test]
fn breakout_text_reads_back_exactly_in_attributes_headings_and_cards() {
    let site = breakout_site();
    let build = site.build(&[]).ok();
    let page = build.read("causes/a/index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), BREAKOUT);
    assert_eq!(
        meta(&page, "name", "description").as_deref(),
        Some(BREAKOUT)
    );
    // Headings show the text as written (raw HTML in Markdown is text); their ids, and the table
    // of contents that three headings bring, keep only the Markdown text around it.
    let ids = crate::html::ids(&page);
    assert!(ids.contains("three"), "{ids:?}");
    let heading = if page.contains("id=three>") {
        element_after(&page, "id=three>", "</h2>")
    } else {
        element_after(&page, "id=\"three\"", "</h2>")
    };
    // (Smart punctuation curls the opening quote.)
    assert_eq!(
        text(heading),
        "“><img src=x onerror=alert(1)> </script><!-- --> three"
    );
    let entry = element_after(&page, "#three", "</a>");
    // Whitespace left where the HTML was counts once, as a browser shows it.
    let words: Vec<String> = text(entry).split_whitespace().map(String::from).collect();
    assert_eq!(words, ["“>", "three"]);
    // The source's URL comes back whole from its href.
    let source = tags(&page)
        .into_iter()
        .find(|t| {
            t.name == "a"
                && t.attr("href")
                    .is_some_and(|h| h.starts_with("https://example.org/?q="))
        })
        .expect("the source link");
    assert_eq!(
        source.attr("href"),
        Some("https://example.org/?q=\"><img src=x onerror=alert(1)>")
    );
}

#[test]
fn json_ld_holds_every_value_and_nothing_can_close_it() {
    let page = breakout_site().build(&[]).ok().read("causes/a/index.html");
    let block = between(&page, "<script type=application/ld+json>", "</script>");
    assert!(
        !block.contains('<') && !block.contains('>'),
        "raw `<` or `>` inside JSON-LD: {block}"
    );
    let data: Value = serde_json::from_str(block).expect("JSON-LD parses whole");
    assert_eq!(data["name"], BREAKOUT);
    assert_eq!(data["author"]["name"], BREAKOUT);
    assert_eq!(data["reviewedBy"]["name"], BREAKOUT);
    assert_eq!(data["citation"][0]["name"], BREAKOUT);
}

#[test]
fn quiz_data_block_cannot_be_closed_by_page_text() {
    let quiz = breakout_site().build(&[]).ok().read("quiz/index.html");
    let block = element_after(&quiz, "quiz_data", "</script>");
    assert!(
        !block.contains('<'),
        "raw `<` inside the quiz data: {block}"
    );
    let data: Value = serde_json::from_str(block).expect("quiz data parses whole");
    assert_eq!(data["pages"][0]["title"], BREAKOUT);
    // Question, answer and warning texts are page text, escaped by the template.
    assert!(text(&quiz).matches(BREAKOUT).count() >= 5, "{quiz}");
}

/// Every string inside a search index script (`name(args);` or `x=value;`), parsed as JSON.
fn search_strings(script: &str) -> Vec<String> {
    let callee = script.split('(').next().unwrap_or_default();
    let is_call = !callee.is_empty()
        && callee
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    let json = match script.trim_end().strip_suffix(");") {
        Some(call) if is_call => format!("[{}]", &call[callee.len() + 1..]),
        _ => {
            let start = script.find("={").expect("an assignment of an object") + 1;
            script[start..].trim_end().trim_end_matches(';').to_string()
        }
    };
    let value: Value = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("the search script is not JSON data ({e}): {script}"));
    let mut strings = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => strings.push(s),
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    strings
}

#[test]
fn search_index_keeps_titles_and_excerpts_as_data() {
    let site = breakout_site();
    let build = site.build(&[]).ok();
    let mut strings = Vec::new();
    for (path, bytes) in build.files() {
        if path.starts_with("search/") && path.ends_with(".js") {
            strings.extend(search_strings(&String::from_utf8(bytes).unwrap()));
        }
    }
    assert!(
        strings.iter().any(|s| s == BREAKOUT),
        "the title: {strings:?}"
    );
    assert!(
        strings
            .iter()
            .any(|s| s.contains("Press “here” </script><!-- then --> for stiffness.")),
        "the excerpt: {strings:?}"
    );
}

#[test]
fn every_spelling_of_a_script_link_is_an_error() {
    let links = [
        "[a](JaVaScRiPt:alert(1))",
        "[b](&#106;avascript:alert(1))",
        "[c](java&#x09;script:alert(1))",
        "[d](<javascript:alert(1)>)",
        "<javascript:alert(1)>",
        "[e][ref]\n\n[ref]: javascript:alert(1)",
        "![f](javascript:alert(1))",
        "[g](data:text/html;base64,PHNjcmlwdD4=)",
        "[h](vbscript:msgbox(1))",
    ];
    let body = links.join("\n\n");
    let site = Site::new(&[
        ("site.yaml", "title: Test site\n"),
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S", &body),
        ),
    ]);
    let build = site.build(&[]).failed();
    let errors = build.errors();
    assert_eq!(errors.len(), links.len(), "{}", build.stderr);
    for error in errors {
        assert!(
            error.starts_with("content/causes/a.md:")
                && error.contains("is not allowed: use https://"),
            "{error}"
        );
    }
}

/// The page without its title's text and without quoted attribute values: the places where
/// `<!--` is only text.
fn markup_only(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if !in_tag && rest.starts_with("<title>") {
            let end = rest
                .find("</title>")
                .map_or(rest.len(), |e| e + "</title>".len());
            rest = &rest[end..];
            continue;
        }
        match (in_tag, quote, c) {
            (true, Some(q), c) if c == q => quote = None,
            (true, Some(_), _) => {}
            (true, None, '"' | '\'') => quote = Some(c),
            (true, None, '>') => {
                in_tag = false;
                out.push(c);
            }
            (false, _, '<') if rest[1..].starts_with(|n: char| n.is_ascii_alphabetic()) => {
                in_tag = true;
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}
