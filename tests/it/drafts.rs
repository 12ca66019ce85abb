//! `draft: true` leaves an article out of the build entirely, unless `--drafts` is given.

use crate::html::{anchors, between};
use crate::support::{SITE, Site, article};

fn with_a_draft() -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article(
                "title: Poor posture\nsummary: Slouching.\ntags: [back]\ntechniques: [secret-technique, stretching]",
                "Text.\n",
            ),
        ),
        (
            "content/techniques/stretching.md",
            &article(
                "title: Stretching\nsummary: Gentle stretches.\nreviewed: 2025-01-01",
                "Text.\n",
            ),
        ),
        (
            "content/techniques/secret-technique.md",
            &article(
                "title: Unpublished wonder\nsummary: Not ready yet.\ndraft: true\ntags: [back, hidden]\nreviewed: 2025-06-01\ncauses: [posture]",
                "Text.\n",
            ),
        ),
    ])
}

#[test]
fn draft_is_absent_from_every_output_file() {
    let site = with_a_draft();
    let build = site.build(&[]).ok();
    assert!(!build.exists("techniques/secret-technique/index.html"));
    assert!(!build.exists("tags/hidden/index.html"));
    assert!(!build.read("tags/index.html").contains("hidden"));
    for (path, bytes) in build.files() {
        let content = String::from_utf8_lossy(&bytes);
        assert!(
            !content.contains("secret-technique") && !content.contains("Unpublished wonder"),
            "{path} mentions the draft:\n{content}"
        );
    }
}

#[test]
fn relation_to_a_draft_is_dropped_silently() {
    let site = with_a_draft();
    let build = site.build(&[]).ok();
    let page = build.read("causes/posture/index.html");
    let related = between(&page, "<h2 id=related_heading>", "</section>");
    assert_eq!(anchors(related), vec!["../../techniques/stretching/"]);
    let tag = build.read("tags/back/index.html");
    assert_eq!(
        anchors(between(&tag, "<ul class=cards>", "</ul>")),
        vec!["../../causes/posture/"]
    );
    let collection = build.read("techniques/index.html");
    assert_eq!(
        anchors(between(&collection, "<ul class=cards>", "</ul>")),
        vec!["../techniques/stretching/"]
    );
}

#[test]
fn drafts_flag_includes_the_draft_everywhere() {
    let site = with_a_draft();
    let build = site.build(&["--drafts"]).ok();
    assert!(build.exists("techniques/secret-technique/index.html"));
    assert!(build.exists("tags/hidden/index.html"));
    let posture = build.read("causes/posture/index.html");
    let related = between(&posture, "<h2 id=related_heading>", "</section>");
    assert_eq!(
        anchors(related),
        vec![
            "../../techniques/stretching/",
            "../../techniques/secret-technique/"
        ]
    );
    assert!(
        build
            .read("sitemap.xml")
            .contains("<loc>techniques/secret-technique/</loc>")
    );
    assert!(
        build
            .read("feed.xml")
            .contains("<title>Unpublished wonder</title>")
    );
    let tag = build.read("tags/back/index.html");
    assert!(tag.contains("../../techniques/secret-technique/"), "{tag}");
}

#[test]
fn page_link_to_a_draft_is_an_error_naming_it() {
    let site = with_a_draft();
    site.write(
        "content/techniques/stretching.md",
        article(
            "title: Stretching\nsummary: Gentle stretches.",
            "Unlike [the wonder](@/techniques/secret-technique.md).\n",
        ),
    );
    let build = site.build(&[]).failed();
    assert_eq!(
        build.errors(),
        vec![
            "content/techniques/stretching.md:6: link to `@/techniques/secret-technique.md`: that page is a draft, so it is left out of this build (remove the link, publish the page, or build with --drafts)"
        ]
    );
    site.build(&["--drafts"]).ok();
}
