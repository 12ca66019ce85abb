//! The search index: what goes into search/ and what never does.

use crate::support::{SITE, Site, article};

fn index_text(build: &crate::support::Build) -> String {
    build
        .files()
        .into_iter()
        .filter(|(path, _)| path.starts_with("search/") && path.ends_with(".js"))
        .map(|(_, bytes)| String::from_utf8(bytes).expect("index files are text"))
        .collect()
}

fn site() -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article(
                "title: Posture\nsummary: Sitting still.",
                "Slouching may tire the quadratus muscle.\n",
            ),
        ),
        (
            "content/causes/secret.md",
            &article(
                "title: Secret plans\nsummary: Not yet.\ndraft: true",
                "Zanzibarian words stay unpublished.\n",
            ),
        ),
    ])
}

#[test]
fn drafts_are_never_indexed() {
    let site = site();
    let index = index_text(&site.build(&[]).ok());
    assert!(index.contains("quadratus"), "published words are indexed");
    assert!(
        !index.contains("zanzibarian") && !index.contains("Secret plans"),
        "a draft was indexed"
    );
    let with_drafts = index_text(
        &site
            .build_into(&site.path("with-drafts"), &["--drafts"])
            .ok(),
    );
    assert!(
        with_drafts.contains("zanzibarian"),
        "--drafts indexes drafts too"
    );
}

#[test]
fn index_files_register_themselves_as_classic_scripts() {
    let site = site();
    let build = site.build(&[]).ok();
    let files = build.files();
    let manifest = String::from_utf8(files["search/index.js"].clone()).unwrap();
    assert!(
        manifest.starts_with("(self.knead=self.knead||{}).searchManifest={"),
        "{manifest}"
    );
    for (path, bytes) in &files {
        if path.starts_with("search/s") || path.starts_with("search/d") {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(
                text.starts_with("knead.searchShard(") || text.starts_with("knead.searchDocs("),
                "{path}: {text}"
            );
        }
    }
    // Every page names the manifest with the index's fingerprint, so no browser mixes two builds.
    let page = build.read("causes/posture/index.html");
    assert!(page.contains("search/index.js?v="), "{page}");
}

#[test]
fn search_page_works_without_javascript_by_offering_links() {
    let site = site();
    let page = site.build(&[]).ok().read("search/index.html");
    assert!(page.contains("id=search_browse"), "{page}");
    assert!(page.contains("href=\"../causes/\""), "{page}");
    assert!(page.contains("<noscript>"), "{page}");
}
