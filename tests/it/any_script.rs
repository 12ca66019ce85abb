//! Words in any script: combining marks (a Hindi virama or vowel sign, an accent typed as a mark
//! of its own) are part of their word in heading ids, tag addresses and search, and the composed
//! and decomposed spellings of one word (NFC and NFD) are one heading id and one tag.

use crate::html::{between, ids, text};
use crate::support::{SITE, Site, article};

/// "Café" with `é` as one character, and as `e` and a combining acute accent.
const CAFE_NFC: &str = "Caf\u{e9}";
const CAFE_NFD: &str = "Cafe\u{301}";

#[test]
fn a_hindi_heading_keeps_its_marks_in_its_id() {
    let site = Site::new(&[
        SITE,
        (
            "content/guides/a.md",
            &article(
                "title: A\nsummary: S",
                "## स्वास्थ्य\n\nText.\n\n## योग और स्वास्थ्य\n\nMore.\n",
            ),
        ),
        (
            "content/guides/b.md",
            &article(
                "title: B\nsummary: S",
                "See [health](@/guides/a.md#स्वास्थ्य).\n",
            ),
        ),
    ]);
    let build = site.build(&[]).ok();
    let page = build.read("guides/a/index.html");
    let found = ids(between(&page, "<div class=prose>", "</div>"));
    let expected: Vec<&str> = vec!["योग-और-स्वास्थ्य", "स्वास्थ्य"];
    assert_eq!(
        found.iter().map(String::as_str).collect::<Vec<_>>(),
        expected
    );
}

#[test]
fn headings_spelt_composed_or_decomposed_get_one_id() {
    let site = Site::new(&[
        SITE,
        (
            "content/guides/a.md",
            &article(
                "title: A\nsummary: S",
                &format!("## {CAFE_NFD}\n\nText.\n\n## {CAFE_NFC}\n\nMore.\n"),
            ),
        ),
        (
            "content/guides/b.md",
            &article("title: B\nsummary: S", "See [it](@/guides/a.md#café-1).\n"),
        ),
    ]);
    let page = site.build(&[]).ok().read("guides/a/index.html");
    let found = ids(between(&page, "<div class=prose>", "</div>"));
    assert_eq!(
        found.iter().map(String::as_str).collect::<Vec<_>>(),
        ["caf\u{e9}", "caf\u{e9}-1"]
    );
}

#[test]
fn a_tag_spelt_composed_in_one_article_and_decomposed_in_another_is_one_tag() {
    let site = Site::new(&[
        SITE,
        (
            "content/guides/first.md",
            &article(
                &format!("title: First\nsummary: S\ntags: [\"{CAFE_NFC}\", स्वास्थ्य]"),
                "Text.",
            ),
        ),
        (
            "content/guides/second.md",
            &article(
                &format!("title: Second\nsummary: S\ntags: [\"{CAFE_NFD}\"]"),
                "Text.",
            ),
        ),
    ]);
    let build = site.build(&[]).ok();
    let tag_pages: Vec<String> = build
        .files()
        .into_keys()
        .filter(|p| p.starts_with("tags/") && p != "tags/index.html")
        .collect();
    assert_eq!(
        tag_pages,
        ["tags/caf\u{e9}/index.html", "tags/स्वास्थ्य/index.html"]
    );
    let cafe = text(&build.main("tags/caf\u{e9}/index.html"));
    assert!(cafe.contains("First") && cafe.contains("Second"), "{cafe}");
    // The tag is named in its composed form wherever it is shown.
    let second = build.read("guides/second/index.html");
    assert!(
        second.contains(CAFE_NFC) && !second.contains(CAFE_NFD),
        "{second}"
    );
}

#[test]
fn search_indexes_words_with_marks_whole() {
    let site = Site::new(&[
        SITE,
        (
            "content/guides/a.md",
            &article(
                "title: योग\nsummary: S",
                "नियमित योग से स्वास्थ्य अच्छा रहता है।\n",
            ),
        ),
    ]);
    let build = site.build(&[]).ok();
    let shards: String = build
        .files()
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/s"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    for word in ["\"स्वास्थ्य\"", "\"नियमित\""] {
        assert!(shards.contains(word), "{word} is not a term: {shards}");
    }
    assert!(!shards.contains("\"वास\""), "a word was split at a mark");
}
