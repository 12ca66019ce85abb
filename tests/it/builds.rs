//! A minimal site builds into every file knead promises, and its pages show what a reader needs.

use crate::html::{anchors, between, find_tag, meta, text};
use crate::support::{SITE, Site, article, knead_raw};

/// site.yaml, one collection with an index and two articles, one of them fully described.
fn minimal() -> Site {
    Site::new(&[
        (
            "site.yaml",
            "title: Test site\ndescription: A small test site.\n",
        ),
        (
            "content/causes/_index.md",
            "---\ntitle: Causes\nsummary: Why backs hurt.\norder: 1\n---\n\nSome things that may add to pain.\n",
        ),
        (
            "content/causes/posture.md",
            &article(
                "title: Poor posture\n\
                 summary: Slouching may leave muscles tight.\n\
                 order: 1\n\
                 tags: [posture, lower back]\n\
                 reviewed: 2025-01-02\n\
                 next_review: 2026-01-02\n\
                 author: Ann Author\n\
                 reviewer: Dr Rita Reviewer\n\
                 evidence: Limited\n\
                 sources:\n  - title: Back pain (NHS)\n    url: https://www.nhs.uk/conditions/back-pain/",
                "## What it is\n\nHow you hold your body.\n",
            ),
        ),
        (
            "content/causes/sitting.md",
            &article(
                "title: Sitting all day\nsummary: Long hours in a chair.\norder: 2\ntags: [posture]",
                "Stand up now and then.\n",
            ),
        ),
    ])
}

#[test]
fn minimal_site_writes_every_promised_file() {
    let site = minimal();
    let build = site.build(&[]).ok();
    // Theme assets are checked apart: the theme may add files without changing the contract.
    let files: Vec<String> = build
        .files()
        .into_keys()
        .filter(|f| !f.starts_with("static/") || f == "static/style.css")
        // The search index's shards depend on the text; their own tests count them.
        .filter(|f| !f.starts_with("search/") || f == "search/index.html" || f == "search/index.js")
        .collect();
    assert_eq!(
        files,
        vec![
            ".knead-output",
            "404.html",
            "causes/index.html",
            "causes/posture/index.html",
            "causes/sitting/index.html",
            "feed.xml",
            "index.html",
            "robots.txt",
            "search/index.html",
            "search/index.js",
            "sitemap.xml",
            "static/style.css",
            "tags/index.html",
            "tags/lower-back/index.html",
            "tags/posture/index.html",
        ]
    );
}

#[test]
fn stdout_counts_pages_and_files() {
    let site = minimal();
    let build = site.build(&[]).ok();
    // home, collection, 2 articles, tags index, 2 tag pages, search, 404
    let files = build.files().len();
    assert!(
        build
            .stdout
            .starts_with(&format!("Built 9 pages ({files} files) into ")),
        "{}",
        build.stdout
    );
    assert!(build.stdout.trim_end().ends_with(" ms"), "{}", build.stdout);
}

#[test]
fn article_page_shows_title_summary_and_head_metadata() {
    let site = minimal();
    let page = site.build(&[]).ok().read("causes/posture/index.html");
    assert_eq!(
        text(between(&page, "<title>", "</title>")),
        "Poor posture – Test site"
    );
    assert_eq!(text(between(&page, "<h1>", "</h1>")), "Poor posture");
    assert!(page.contains("Slouching may leave muscles tight."));
    let summary = Some("Slouching may leave muscles tight.".to_string());
    assert_eq!(meta(&page, "name", "description"), summary);
    assert_eq!(meta(&page, "property", "og:description"), summary);
    assert_eq!(
        meta(&page, "property", "og:title").as_deref(),
        Some("Poor posture")
    );
    assert_eq!(
        meta(&page, "property", "og:type").as_deref(),
        Some("article")
    );
    assert_eq!(
        meta(&page, "property", "og:site_name").as_deref(),
        Some("Test site")
    );
    assert!(
        page.starts_with("<!doctype html><html lang=\"en\">"),
        "{page}"
    );
}

#[test]
fn article_page_shows_breadcrumbs_and_navigation() {
    let site = minimal();
    let page = site.build(&[]).ok().read("causes/posture/index.html");
    let crumbs = between(&page, "aria-label=Breadcrumb>", "</nav>");
    assert_eq!(anchors(crumbs), vec!["../../", "../../causes/"]);
    assert_eq!(text(crumbs), "HomeCausesPoor posture");
    let nav = between(&page, "class=site-nav>", "</nav>");
    assert_eq!(anchors(nav), vec!["../../causes/"]);
    assert_eq!(text(nav), "Causes");
}

#[test]
fn article_page_shows_review_dates_people_and_evidence() {
    let site = minimal();
    let page = site.build(&[]).ok().read("causes/posture/index.html");
    let meta_list = text(between(&page, "<dl class=meta>", "</dl>"));
    for expected in [
        "Strength of evidenceLimited",
        "Last reviewed2 January 2025",
        "Next review due2 January 2026",
        "Written byAnn Author",
        "Reviewed byDr Rita Reviewer",
    ] {
        assert!(
            meta_list.contains(expected),
            "`{expected}` missing from: {meta_list}"
        );
    }
    assert!(find_tag(&page, "time", "datetime", "2025-01-02").is_some());
    assert!(find_tag(&page, "time", "datetime", "2026-01-02").is_some());
}

#[test]
fn article_page_lists_sources_and_tags() {
    let site = minimal();
    let page = site.build(&[]).ok().read("causes/posture/index.html");
    let sources = between(&page, "<h2 id=sources_heading>Sources</h2>", "</section>");
    assert_eq!(
        anchors(sources),
        vec!["https://www.nhs.uk/conditions/back-pain/"]
    );
    assert_eq!(text(sources), "Back pain (NHS)");
    let topics = between(&page, "<h2 id=topics_heading>Topics</h2>", "</section>");
    assert_eq!(
        anchors(topics),
        vec!["../../tags/posture/", "../../tags/lower-back/"]
    );
    assert_eq!(text(topics), "posturelower back");
}

#[test]
fn articles_link_to_previous_and_next_in_their_collection() {
    let site = minimal();
    let build = site.build(&[]).ok();
    let first = build.read("causes/posture/index.html");
    let pager = between(&first, "class=pager>", "</nav>");
    assert_eq!(anchors(pager), vec!["../../causes/sitting/"]);
    assert_eq!(text(pager), "Next Sitting all day");

    let second = build.read("causes/sitting/index.html");
    let pager = between(&second, "class=pager>", "</nav>");
    assert_eq!(anchors(pager), vec!["../../causes/posture/"]);
    assert_eq!(text(pager), "Previous Poor posture");
}

#[test]
fn every_page_carries_the_footer_disclaimer() {
    let site = minimal();
    let build = site.build(&[]).ok();
    for (path, bytes) in build.files() {
        if path.ends_with(".html") {
            let page = String::from_utf8(bytes).unwrap();
            assert!(
                page.contains("not a substitute"),
                "{path} has no disclaimer"
            );
        }
    }
}

#[test]
fn collection_page_lists_its_articles_as_cards() {
    let site = minimal();
    let page = site.build(&[]).ok().read("causes/index.html");
    let cards = between(&page, "<ul class=cards>", "</ul>");
    assert_eq!(
        anchors(cards),
        vec!["../causes/posture/", "../causes/sitting/"]
    );
    let shown = text(cards);
    assert!(shown.contains("Poor posture"), "{shown}");
    assert!(
        shown.contains("Slouching may leave muscles tight."),
        "{shown}"
    );
    assert!(shown.contains("Evidence: Limited"), "{shown}");
    assert_eq!(
        meta(&page, "name", "description").as_deref(),
        Some("Why backs hurt.")
    );
}

#[test]
fn home_page_links_to_each_collection() {
    let site = minimal();
    let page = site.build(&[]).ok().read("index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), "Test site");
    assert_eq!(
        meta(&page, "name", "description").as_deref(),
        Some("A small test site.")
    );
    let browse = between(&page, "<ul class=cards>", "</ul>");
    assert_eq!(anchors(browse), vec!["./causes/"]);
    assert!(text(browse).contains("2 articles"), "{browse}");
}

#[test]
fn tag_pages_list_their_articles() {
    let site = minimal();
    let build = site.build(&[]).ok();
    let index = build.read("tags/index.html");
    let list = between(&index, "<ul class=\"tag-list tag-index\">", "</ul>");
    assert_eq!(
        anchors(list),
        vec!["../tags/lower-back/", "../tags/posture/"]
    );
    assert_eq!(text(list), "lower back (1)posture (2)");
    let posture = build.read("tags/posture/index.html");
    assert_eq!(
        anchors(between(&posture, "<ul class=cards>", "</ul>")),
        vec!["../../causes/posture/", "../../causes/sitting/"]
    );
}

#[test]
fn sitemap_feed_and_robots_list_the_pages() {
    let site = minimal();
    let build = site.build(&[]).ok();
    let sitemap = build.read("sitemap.xml");
    for loc in [
        "causes/",
        "causes/posture/",
        "causes/sitting/",
        "tags/posture/",
    ] {
        assert!(sitemap.contains(&format!("<loc>{loc}</loc>")), "{sitemap}");
    }
    assert!(
        sitemap.contains("<lastmod>2025-01-02</lastmod>"),
        "{sitemap}"
    );
    let feed = build.read("feed.xml");
    assert!(
        feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{feed}"
    );
    assert!(feed.contains("<title>Poor posture</title>"), "{feed}");
    assert_eq!(build.read("robots.txt"), "User-agent: *\nAllow: /\n");
    assert!(!build.read("static/style.css").is_empty());
}

#[test]
fn collections_without_an_index_file_get_a_title_from_their_folder() {
    let site = Site::new(&[
        SITE,
        (
            "content/self-care/stretch.md",
            &article("title: Stretch\nsummary: Gently.", "Text.\n"),
        ),
    ]);
    let page = site.build(&[]).ok().read("self-care/index.html");
    assert_eq!(
        text(between(&page, "<h1 class=with-icon>", "</h1>")),
        "Self care"
    );
}

#[test]
fn article_main_element() {
    let site = minimal();
    let main = site.build(&[]).ok().main("causes/posture/index.html");
    insta::assert_snapshot!(crate::support::lines(&main));
}

#[test]
fn collection_main_element() {
    let site = minimal();
    let main = site.build(&[]).ok().main("causes/index.html");
    insta::assert_snapshot!(crate::support::lines(&main));
}

#[test]
fn default_output_folder_is_public_in_the_root() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S", "Text.\n"),
        ),
    ]);
    let build = knead_raw(site.root(), &["build", "--root", "."], site.path("public")).ok();
    assert!(build.exists("causes/a/index.html"));
    assert!(build.exists(".knead-output"));
}

#[test]
fn home_page_takes_its_title_and_summary_from_content_index() {
    let site = Site::new(&[
        (
            "site.yaml",
            "title: Test site\ndescription: Site description.\n",
        ),
        (
            "content/_index.md",
            "---\ntitle: Welcome\nsummary: Start here.\n---\n\n## Hello\n\nIntro text.\n",
        ),
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S", "Text.\n"),
        ),
    ]);
    let page = site.build(&[]).ok().read("index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), "Welcome");
    assert_eq!(
        meta(&page, "name", "description").as_deref(),
        Some("Start here.")
    );
    assert!(page.contains("<h2 id=\"hello\">Hello</h2>"), "{page}");
    assert!(page.contains("Intro text."), "{page}");
}

#[test]
fn language_from_site_yaml_is_the_page_language() {
    let site = Site::new(&[
        ("site.yaml", "title: Site de test\nlanguage: fr\n"),
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S", "Text.\n"),
        ),
    ]);
    let build = site.build(&[]).ok();
    assert!(
        build
            .read("causes/a/index.html")
            .starts_with("<!doctype html><html lang=\"fr\">")
    );
    assert!(build.read("feed.xml").contains("xml:lang=\"fr\""));
}

#[test]
fn collections_and_articles_follow_their_order_then_title() {
    let site = Site::new(&[
        SITE,
        (
            "content/zeta/_index.md",
            "---\ntitle: Zeta first\norder: 1\n---\n",
        ),
        (
            "content/alpha/_index.md",
            "---\ntitle: Alpha second\norder: 2\n---\n",
        ),
        (
            "content/beta/x.md",
            &article("title: X\nsummary: S", "Text.\n"),
        ),
        (
            "content/zeta/c.md",
            &article("title: Cherry\nsummary: S", "Text.\n"),
        ),
        (
            "content/zeta/b.md",
            &article("title: banana\nsummary: S", "Text.\n"),
        ),
        (
            "content/zeta/a.md",
            &article("title: Apple\nsummary: S\norder: 9", "Text.\n"),
        ),
        (
            "content/zeta/d.md",
            &article("title: Date\nsummary: S\norder: 1", "Text.\n"),
        ),
        (
            "content/alpha/x.md",
            &article("title: X\nsummary: S", "Text.\n"),
        ),
    ]);
    let build = site.build(&[]).ok();
    let home = build.read("index.html");
    let nav = between(&home, "class=site-nav>", "</nav>");
    assert_eq!(anchors(nav), vec!["./zeta/", "./alpha/", "./beta/"]);
    let zeta = build.read("zeta/index.html");
    assert_eq!(
        anchors(between(&zeta, "<ul class=cards>", "</ul>")),
        vec!["../zeta/d/", "../zeta/a/", "../zeta/b/", "../zeta/c/"]
    );
}

#[test]
fn slug_key_sets_the_address_and_page_links_follow_it() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/long-file-name.md",
            &article("title: A\nsummary: S\nslug: short", "Text.\n"),
        ),
        (
            "content/causes/b.md",
            &article(
                "title: B\nsummary: S",
                "See [a](@/causes/long-file-name.md).\n",
            ),
        ),
    ]);
    let build = site.build(&[]).ok();
    assert!(build.exists("causes/short/index.html"));
    assert!(!build.exists("causes/long-file-name/index.html"));
    let page = build.read("causes/b/index.html");
    assert_eq!(
        anchors(between(&page, "<div class=prose>", "</div>")),
        vec!["../../causes/short/"]
    );
}

#[test]
fn files_beside_articles_are_copied_and_linkable() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S", "![Diagram](@/causes/pic.png)\n"),
        ),
    ]);
    site.write("content/causes/pic.png", [0x89, b'P', b'N', b'G', 0, 1, 2]);
    let build = site.build(&[]).ok();
    assert_eq!(
        build.files()["causes/pic.png"],
        vec![0x89, b'P', b'N', b'G', 0, 1, 2]
    );
    let page = build.read("causes/a/index.html");
    assert!(page.contains("src=\"../../causes/pic.png\""), "{page}");
}
