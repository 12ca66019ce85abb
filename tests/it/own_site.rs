//! The repository's own site builds cleanly and has a page for every article in content/.

use std::fs;

use crate::html::{duplicate_ids, meta};
use crate::support::{build_site, repo_root};

/// The slugs of a collection's articles: its file names without `.md`, `_index.md` excepted.
fn file_slugs(collection: &str) -> Vec<String> {
    let mut slugs: Vec<String> = fs::read_dir(repo_root().join("content").join(collection))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && n != "_index.md")
        .map(|n| n.trim_end_matches(".md").to_string())
        .collect();
    slugs.sort();
    slugs
}

#[test]
fn repository_site_builds_cleanly_with_every_article() {
    let out = tempfile::tempdir().unwrap();
    let build = build_site(&repo_root(), &out.path().join("site"), &[]).ok();
    assert_eq!(build.stderr, "");
    for (collection, count) in [("causes", 4), ("benefits", 5), ("techniques", 4)] {
        let slugs = file_slugs(collection);
        assert_eq!(slugs.len(), count, "{collection}: {slugs:?}");
        assert!(build.exists(&format!("{collection}/index.html")));
        for slug in slugs {
            let page = format!("{collection}/{slug}/index.html");
            assert!(build.exists(&page), "{page} missing");
        }
    }
    for file in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "feed.xml",
        "static/style.css",
        "tags/index.html",
    ] {
        assert!(build.exists(file), "{file} missing");
    }
}

#[test]
fn repository_site_pages_have_a_description_a_disclaimer_and_unique_ids() {
    let out = tempfile::tempdir().unwrap();
    let build = build_site(&repo_root(), &out.path().join("site"), &[]).ok();
    for (path, bytes) in build.files() {
        if !path.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8(bytes).unwrap();
        assert!(
            page.contains("not a substitute"),
            "{path} has no disclaimer"
        );
        assert_eq!(duplicate_ids(&page), Vec::<String>::new(), "{path}");
        let article = path.matches('/').count() == 2 && !path.starts_with("tags/");
        if article {
            let description = meta(&page, "name", "description").unwrap_or_default();
            assert!(!description.is_empty(), "{path} has no description");
        }
    }
}
