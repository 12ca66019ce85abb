//! Heading ids are the heading's words, lowercased and joined by `-`, numbered when repeated;
//! `@/...#anchor` links reach them; long articles get a table of contents.

use crate::html::{anchors, between, duplicate_ids, ids};
use crate::support::{SITE, Site, article};

fn site() -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/long.md",
            &article(
                "title: Long\nsummary: Many sections.",
                "## Why does it hurt?\n\nA.\n\n## Summary\n\nB.\n\n### Details here\n\nC.\n\n## Summary\n\nD.\n\n## Summary\n\nE.\n",
            ),
        ),
        (
            "content/causes/short.md",
            &article(
                "title: Short\nsummary: Two sections.",
                "## One\n\nSee [the second summary](@/causes/long.md#summary-1) and [why](@/causes/long.md#why-does-it-hurt).\n\n## Two\n\nB.\n",
            ),
        ),
    ])
}

#[test]
fn repeated_headings_get_numbered_ids() {
    let site = site();
    let page = site.build(&[]).ok().read("causes/long/index.html");
    let prose = between(&page, "<div class=prose>", "</div>");
    let found: Vec<String> = ids(prose).into_iter().collect();
    let mut expected = vec![
        "why-does-it-hurt",
        "summary",
        "details-here",
        "summary-1",
        "summary-2",
    ];
    expected.sort();
    assert_eq!(found, expected);
    assert!(
        prose.contains("<h2 id=\"summary-2\">Summary</h2>"),
        "{prose}"
    );
}

#[test]
fn anchor_links_resolve_to_the_numbered_ids() {
    let site = site();
    let page = site.build(&[]).ok().read("causes/short/index.html");
    let prose = between(&page, "<div class=prose>", "</div>");
    assert_eq!(
        anchors(prose),
        vec![
            "../../causes/long/#summary-1",
            "../../causes/long/#why-does-it-hurt"
        ]
    );
}

#[test]
fn body_h1_is_shown_as_h2_so_the_title_stays_the_only_h1() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S", "# Big heading\n\nText.\n"),
        ),
    ]);
    let page = site.build(&[]).ok().read("causes/a/index.html");
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
    assert!(
        page.contains("<h2 id=\"big-heading\">Big heading</h2>"),
        "{page}"
    );
}

#[test]
fn table_of_contents_on_an_article_with_three_or_more_sections() {
    let site = site();
    let page = site.build(&[]).ok().read("causes/long/index.html");
    let toc = between(
        &page,
        "<nav aria-labelledby=toc_heading class=toc>",
        "</nav>",
    );
    assert_eq!(
        anchors(toc),
        vec![
            "#why-does-it-hurt",
            "#summary",
            "#details-here",
            "#summary-1",
            "#summary-2"
        ]
    );
}

#[test]
fn no_table_of_contents_on_a_short_article() {
    let site = site();
    let page = site.build(&[]).ok().read("causes/short/index.html");
    assert!(!page.contains("toc_heading"), "{page}");
    assert!(!page.contains("On this page"), "{page}");
}

#[test]
fn heading_ids_drop_punctuation_and_keep_letters_of_any_script() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: S",
                "## Deep tissue — how it works\n\nA.\n\n## Étirements et côtes\n\nB.\n\n## The `psoas` muscle\n\nC.\n",
            ),
        ),
    ]);
    let page = site.build(&[]).ok().read("causes/a/index.html");
    let found = ids(between(&page, "<div class=prose>", "</div>"));
    let expected: std::collections::BTreeSet<String> = [
        "deep-tissue-how-it-works",
        "étirements-et-côtes",
        "the-psoas-muscle",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn every_id_on_every_page_is_unique() {
    let site = site();
    let build = site.build(&[]).ok();
    for (path, bytes) in build.files() {
        if path.ends_with(".html") {
            let repeated = duplicate_ids(&String::from_utf8(bytes).unwrap());
            assert!(repeated.is_empty(), "{path} repeats ids {repeated:?}");
        }
    }
}

#[test]
fn heading_ids_do_not_repeat_the_theme_s_own_ids() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: S\nsources:\n  - title: NHS\n    url: https://www.nhs.uk/",
                "## Main\n\nA.\n\n## Sources heading\n\nB.\n\n## Browse title\n\nC.\n",
            ),
        ),
    ]);
    let build = site.build(&[]).ok();
    let page = build.read("causes/a/index.html");
    assert_eq!(duplicate_ids(&page), Vec::<String>::new());
}

#[test]
fn numbered_ids_never_take_an_id_an_author_wrote() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: S",
                "## Same\n\nA.\n\n## Same 2\n\nB.\n\n## Same\n\nC.\n\n## Same\n\nD.\n\n## Same\n\nE.\n",
            ),
        ),
    ]);
    let page = site.build(&[]).ok().read("causes/a/index.html");
    let prose = between(&page, "<div class=prose>", "</div>");
    assert!(prose.contains("<h2 id=\"same-2\">Same 2</h2>"), "{prose}");
    let found: Vec<String> = ids(prose).into_iter().collect();
    assert_eq!(found, ["same", "same-1", "same-2", "same-3", "same-4"]);
    assert!(duplicate_ids(&page).is_empty());
}
