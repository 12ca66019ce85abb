//! The preview's rebuilds render only the pages an edit changes, and always end with the same
//! files as a preview built from scratch out of the same sources.

use std::fs;
use std::path::Path;

use knead::Settings;
use knead::serve::preview::{Preview, Rebuilt};

use crate::support::{SITE, Site, article, assert_same_tree, tree};

fn site() -> Site {
    Site::new(&[
        SITE,
        (
            "content/conditions/_index.md",
            "---\ntitle: Conditions\norder: 1\n---\n",
        ),
        (
            "content/exercises/_index.md",
            "---\ntitle: Exercises\norder: 2\n---\n",
        ),
        (
            "content/conditions/sciatica.md",
            &article(
                "title: Sciatica\nsummary: Pain down the leg.\norder: 1\nexercises: [bridge]\ntags: [leg]",
                "Sciatica text. See [the bridge](@/exercises/bridge.md).\n",
            ),
        ),
        (
            "content/conditions/back-spasm.md",
            &article(
                "title: Back spasm\nsummary: A sudden tight back.\norder: 2\ntags: [back]",
                "Spasm text.\n",
            ),
        ),
        (
            "content/exercises/bridge.md",
            &article(
                "title: Bridge\nsummary: Lift the hips.\norder: 1\ntags: [back]",
                "Bridge text.\n",
            ),
        ),
        (
            "content/exercises/cat-cow.md",
            &article(
                "title: Cat-cow\nsummary: Round and arch.\norder: 2",
                "Cat-cow text.\n",
            ),
        ),
    ])
}

fn preview(site: &Site, folder: &str) -> Preview {
    Preview::new(Settings {
        root: site.root().to_path_buf(),
        output: site.path(folder),
        ..Settings::default()
    })
}

/// Rebuilds `live`, then checks its folder against a preview built from scratch.
#[track_caller]
fn rebuild_and_compare(site: &Site, live: &mut Preview) -> Rebuilt {
    let report = live.build().expect("the rebuild succeeds");
    live.refresh_search().expect("the search index is written");
    let fresh_folder = site.path("fresh");
    let _ = fs::remove_dir_all(&fresh_folder);
    preview(site, "fresh")
        .build()
        .expect("the fresh build succeeds");
    assert_same_tree(&tree(&fresh_folder), &tree(&site.path("live")));
    report
}

/// Pages rendered on every build: home, all topics, search and 404.
const ALWAYS: usize = 4;

/// The fixture site with a preview that has built it once, rendering every page.
fn built_preview() -> (Site, Preview) {
    let site = site();
    let mut live = preview(&site, "live");
    let first = live.build().unwrap();
    assert_eq!(first.rendered, first.pages);
    assert!(Path::new(&site.path("live/index.html")).is_file());
    (site, live)
}

#[test]
fn the_same_sources_again_render_only_the_always_rendered_pages_and_write_nothing() {
    let (site, mut live) = built_preview();
    let again = rebuild_and_compare(&site, &mut live);
    assert_eq!(again.rendered, ALWAYS);
    assert_eq!(again.changed, 0);
}

#[test]
fn a_body_edit_renders_that_page_only() {
    let (site, mut live) = built_preview();
    site.write(
        "content/conditions/back-spasm.md",
        article(
            "title: Back spasm\nsummary: A sudden tight back.\norder: 2\ntags: [back]",
            "Spasm text, edited.\n",
        ),
    );
    let body_edit = rebuild_and_compare(&site, &mut live);
    assert_eq!(body_edit.rendered, ALWAYS + 1);
    assert!(
        fs::read_to_string(site.path("live/conditions/back-spasm/index.html"))
            .unwrap()
            .contains("Spasm text, edited.")
    );
}

#[test]
fn a_title_edit_renders_the_pages_that_show_the_title() {
    let (site, mut live) = built_preview();
    // The bridge's page (a relation both ways and a link target of sciatica), sciatica's page,
    // the exercises collection, the back tag and cat-cow (its next page).
    site.write(
        "content/exercises/bridge.md",
        article(
            "title: Glute bridge\nsummary: Lift the hips.\norder: 1\ntags: [back]",
            "Bridge text.\n",
        ),
    );
    let title_edit = rebuild_and_compare(&site, &mut live);
    assert_eq!(
        title_edit.rendered,
        ALWAYS + 5,
        "bridge, sciatica, exercises, tag back, cat-cow"
    );
}

#[test]
fn a_summary_edit_renders_the_pages_whose_cards_show_it() {
    let (site, mut live) = built_preview();
    // Sciatica's page, the bridge's (its relation), the conditions collection, the leg tag and
    // back spasm (its next page).
    site.write(
        "content/conditions/sciatica.md",
        article(
            "title: Sciatica\nsummary: Pain from the back down the leg.\norder: 1\nexercises: [bridge]\ntags: [leg]",
            "Sciatica text. See [the bridge](@/exercises/bridge.md).\n",
        ),
    );
    let summary_edit = rebuild_and_compare(&site, &mut live);
    assert_eq!(summary_edit.rendered, ALWAYS + 5);
    assert!(
        fs::read_to_string(site.path("live/exercises/bridge/index.html"))
            .unwrap()
            .contains("Pain from the back down the leg.")
    );
}

#[test]
fn an_added_then_removed_page_takes_its_folder_and_tag_with_it() {
    let (site, mut live) = built_preview();
    site.write(
        "content/exercises/plank.md",
        article(
            "title: Plank\nsummary: Hold still.\ntags: [core]",
            "Plank text.\n",
        ),
    );
    rebuild_and_compare(&site, &mut live);
    assert!(site.path("live/tags/core/index.html").is_file());

    fs::remove_file(site.path("content/exercises/plank.md")).unwrap();
    rebuild_and_compare(&site, &mut live);
    assert!(
        !site.path("live/exercises/plank").exists(),
        "a removed page's folder goes"
    );
    assert!(!site.path("live/tags/core").exists());
}

#[test]
fn a_renamed_page_ends_like_a_fresh_build() {
    let (site, mut live) = built_preview();
    fs::rename(
        site.path("content/conditions/back-spasm.md"),
        site.path("content/conditions/spasm.md"),
    )
    .unwrap();
    rebuild_and_compare(&site, &mut live);
    assert!(!site.path("live/conditions/back-spasm").exists());
}

#[test]
fn a_site_yaml_edit_renders_every_page() {
    let (site, mut live) = built_preview();
    site.write("site.yaml", "title: Renamed site\n");
    let renamed = rebuild_and_compare(&site, &mut live);
    assert_eq!(
        renamed.rendered, renamed.pages,
        "site.yaml is on every page"
    );
}

#[test]
fn a_template_edit_renders_every_page() {
    let (site, mut live) = built_preview();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block main %}<p>{{ article.title }}</p>{% endblock main %}",
    );
    let themed = rebuild_and_compare(&site, &mut live);
    assert_eq!(themed.rendered, themed.pages);
}

#[test]
fn a_broken_edit_writes_nothing_and_the_next_good_one_catches_up() {
    let site = site();
    let mut live = preview(&site, "live");
    live.build().unwrap();
    let before = tree(&site.path("live"));
    site.write(
        "content/exercises/bridge.md",
        article("title: Bridge\nreviewed: 2025-02-30", "Text.\n"),
    );
    assert!(live.build().is_err());
    assert_same_tree(&before, &tree(&site.path("live")));
    site.write(
        "content/exercises/bridge.md",
        article("title: Bridge two\nsummary: Lift.\norder: 1", "Text.\n"),
    );
    rebuild_and_compare(&site, &mut live);
}

#[test]
fn every_page_is_written_to_the_file_the_preview_expects() {
    let root = crate::support::repo_root();
    let source = knead::load::load(&root, Default::default());
    let site = knead::model::build(&source, &knead::model::ModelOptions::default())
        .unwrap_or_else(|e| panic!("the site has errors: {e:?}"));
    let options = knead::render::RenderOptions {
        linker: knead::render::urls::Linker { portable: true },
        minify: true,
        finish: |_| Vec::new(),
        search_version: "test".into(),
    };
    let rendered: Vec<String> = knead::render::render(&site, &source, &options)
        .unwrap_or_else(|e| panic!("render failed: {e:?}"))
        .into_iter()
        .map(|p| p.file)
        .collect();
    let expected: Vec<String> = knead::render::jobs(&site)
        .into_iter()
        .map(|job| knead::render::file_of(&site, job))
        .collect();
    assert_eq!(rendered, expected);
}
