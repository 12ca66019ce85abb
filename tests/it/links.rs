//! One build works on any host: every link knead writes is relative and leads to a file of the
//! output (and to an id in it, for `#fragment` links). 404.html alone links from the site root.

use crate::html::{Mode, assert_links_ok, authored_text, links};
use crate::support::{SITE, Site, article, build_site, repo_root};

/// A site with every kind of link: `@/` links to pages, collections, the home page, anchors and
/// a file, relations, tags, sources, and pages at every depth.
pub fn linked_site(site_yaml: &str) -> Site {
    Site::new(&[
        ("site.yaml", site_yaml),
        (
            "content/_index.md",
            "---\ntitle: Welcome\nsummary: Home.\n---\n\nSee [causes](@/causes/_index.md) and [posture](@/causes/posture.md#why-it-hurts).\n\n\
             ## Where to start\n\nAll [techniques](@/techniques/_index.md), [a picture](@/causes/diagram.svg).\n",
        ),
        (
            "content/causes/_index.md",
            "---\ntitle: Causes\n---\n\nBack to [home](@/_index.md#where-to-start). Try [a technique](@/techniques/stretching.md).\n\n## In short\n\nText.\n",
        ),
        (
            "content/causes/posture.md",
            &article(
                "title: Poor posture\nsummary: Slouching.\ntags: [back, Lower Back]\ntechniques: [stretching]\n\
                 sources:\n  - title: NHS\n    url: https://www.nhs.uk/",
                "## Why it hurts\n\nSee ![a diagram](@/causes/diagram.svg) and [stretching](@/techniques/stretching.md#how-to-do-it).\n\n\
                 ## Why it hurts\n\nJump [up](#why-it-hurts) or [down](#why-it-hurts-1). [Home](@/_index.md), [all causes](@/causes/_index.md).\n",
            ),
        ),
        (
            "content/causes/diagram.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"></svg>\n",
        ),
        (
            "content/techniques/stretching.md",
            &article(
                "title: Stretching\nsummary: Gentle.\ntags: [back, étirement]",
                "## How to do it\n\nSee [in short](@/causes/_index.md#in-short) and [côtes](@/techniques/rest.md#étirements-et-côtes).\n\nSlowly. See [the NHS](https://www.nhs.uk/) or [mail us](mailto:a@example.org).\n",
            ),
        ),
        (
            "content/techniques/rest.md",
            &article(
                "title: Rest\nsummary: Sometimes.",
                "## Étirements et côtes\n\nText.\n",
            ),
        ),
    ])
}

#[test]
fn every_link_of_a_fixture_is_relative_and_resolves() {
    let site = linked_site(SITE.1);
    let build = site.build(&[]).ok();
    assert_links_ok(
        &build.files(),
        Mode::Served,
        None,
        &authored_text(site.root()),
    );
}

#[test]
fn every_link_resolves_with_a_base_url_too() {
    let site = linked_site("title: Test site\nbase_url: https://example.org/guide/\n");
    let build = site.build(&[]).ok();
    assert_links_ok(
        &build.files(),
        Mode::Served,
        Some("https://example.org/guide/"),
        &authored_text(site.root()),
    );
}

#[test]
fn every_link_of_the_repository_site_is_relative_and_resolves() {
    let out = tempfile::tempdir().unwrap();
    let build = build_site(&repo_root(), &out.path().join("site"), &[]).ok();
    assert_links_ok(
        &build.files(),
        Mode::Served,
        None,
        &authored_text(&repo_root()),
    );
}

#[test]
fn not_found_page_links_from_the_site_root() {
    let site = linked_site(SITE.1);
    let build = site.build(&[]).ok();
    let files = build.files();
    let page = build.read("404.html");
    let hrefs = links(&page);
    assert!(!hrefs.is_empty());
    for (_, link) in hrefs {
        if link.starts_with('#') {
            continue;
        }
        let link = link.split('?').next().unwrap_or_default();
        let path = link
            .strip_prefix('/')
            .unwrap_or_else(|| panic!("404.html link `{link}` is not from the site root"));
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        };
        assert!(
            files.contains_key(&file),
            "404.html links to missing `{link}`"
        );
    }
}

#[test]
fn not_found_page_links_absolutely_with_a_base_url() {
    let site = linked_site("title: Test site\nbase_url: https://example.org/guide/\n");
    let page = site.build(&[]).ok().read("404.html");
    for (_, link) in links(&page) {
        assert!(
            link.starts_with('#') || link.starts_with("https://example.org/guide/"),
            "404.html link `{link}`"
        );
    }
}
