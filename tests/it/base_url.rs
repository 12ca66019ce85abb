//! `base_url` (in site.yaml or with `--base-url`) adds canonical links, og:url, JSON-LD and
//! absolute sitemap URLs; without it, none of these are written.

use serde_json::Value;

use crate::html::{between, find_tag, meta};
use crate::support::{Build, Site, article};

fn site(site_yaml: &str) -> Site {
    Site::new(&[
        ("site.yaml", site_yaml),
        (
            "content/causes/posture.md",
            &article(
                "title: Poor posture\nsummary: Slouching.\nreviewed: 2025-01-02\nreviewer: Dr Rita Reviewer\nauthor: Ann Author\ntags: [back]",
                "Text.\n",
            ),
        ),
    ])
}

/// The JSON-LD block of a page, parsed.
fn json_ld(page: &str) -> Value {
    let block = between(page, "<script type=application/ld+json>", "</script>");
    serde_json::from_str(block).unwrap_or_else(|e| panic!("JSON-LD does not parse ({e}): {block}"))
}

fn canonical(page: &str) -> Option<String> {
    find_tag(page, "link", "rel", "canonical").and_then(|t| t.attr("href").map(str::to_string))
}

/// Everything a base URL adds, checked on a build made with `https://example.org/guide/`.
fn assert_absolute_urls(build: &Build) {
    let page = build.read("causes/posture/index.html");
    let url = "https://example.org/guide/causes/posture/";
    assert_eq!(canonical(&page).as_deref(), Some(url));
    assert_eq!(meta(&page, "property", "og:url").as_deref(), Some(url));

    let data = json_ld(&page);
    assert_eq!(data["@type"], "MedicalWebPage");
    assert_eq!(data["url"], url);
    assert_eq!(data["lastReviewed"], "2025-01-02");
    assert_eq!(data["reviewedBy"]["name"], "Dr Rita Reviewer");
    assert_eq!(data["audience"]["@type"], "MedicalAudience");
    assert_eq!(data["name"], "Poor posture");

    let home = build.read("index.html");
    assert_eq!(
        canonical(&home).as_deref(),
        Some("https://example.org/guide/")
    );
    let collection = build.read("causes/index.html");
    assert_eq!(
        canonical(&collection).as_deref(),
        Some("https://example.org/guide/causes/")
    );

    let sitemap = build.read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() >= 4, "{sitemap}");
    for loc in &locs {
        assert!(
            loc.starts_with("https://example.org/guide/"),
            "relative loc {loc}"
        );
    }
    assert!(locs.contains(&url), "{sitemap}");
    assert!(
        build
            .read("robots.txt")
            .contains("Sitemap: https://example.org/guide/sitemap.xml"),
        "{}",
        build.read("robots.txt")
    );
}

#[test]
fn without_base_url_there_is_no_canonical_and_no_json_ld() {
    let site = site("title: Test site\n");
    let build = site.build(&[]).ok();
    for (path, bytes) in build.files() {
        if path.ends_with(".html") {
            let page = String::from_utf8(bytes).unwrap();
            assert_eq!(canonical(&page), None, "{path}");
            assert!(!page.contains("ld+json"), "{path} has JSON-LD");
            assert_eq!(meta(&page, "property", "og:url"), None, "{path}");
        }
    }
    assert!(!build.read("robots.txt").contains("Sitemap:"));
}

#[test]
fn base_url_in_site_yaml_makes_absolute_urls() {
    let site = site("title: Test site\nbase_url: https://example.org/guide/\n");
    assert_absolute_urls(&site.build(&[]).ok());
}

#[test]
fn base_url_flag_makes_absolute_urls() {
    let site = site("title: Test site\n");
    assert_absolute_urls(
        &site
            .build(&["--base-url", "https://example.org/guide/"])
            .ok(),
    );
}

#[test]
fn base_url_flag_gets_its_trailing_slash_and_wins_over_site_yaml() {
    let site = site("title: Test site\nbase_url: https://old.example.com/\n");
    let build = site
        .build(&["--base-url", "https://example.org/guide"])
        .ok();
    assert_absolute_urls(&build);
    for (path, bytes) in build.files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("old.example.com"),
            "{path} uses the site.yaml base_url"
        );
    }
}

#[test]
fn base_url_that_is_not_http_is_refused() {
    let site = site("title: Test site\nbase_url: example.org\n");
    let build = site.build(&[]).failed();
    assert_eq!(
        build.errors(),
        vec![
            "site.yaml:2: `base_url` must be the site's full address, such as https://example.org/ or https://example.org/guide/ (http:// or https://, a host name, and no `?` or `#` part), found `example.org`"
        ]
    );
    let flag = site.build(&["--base-url", "ftp://example.org"]);
    assert!(!flag.success);
    assert_eq!(
        flag.stderr,
        "--base-url: `base_url` must be the site's full address, such as https://example.org/ or https://example.org/guide/ (http:// or https://, a host name, and no `?` or `#` part), found `ftp://example.org`\n"
    );
}
