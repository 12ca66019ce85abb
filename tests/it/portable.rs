//! `--portable`: every link names its file, so the site reads straight from a folder.

use crate::html::{Mode, anchors, assert_links_ok, authored_text, between, check_links, links};
use crate::links::linked_site;
use crate::support::{SITE, build_site, repo_root};

#[test]
fn portable_links_end_in_index_html() {
    let site = linked_site(SITE.1);
    let build = site.build(&["--portable"]).ok();
    let page = build.read("causes/posture/index.html");
    let crumbs = between(&page, "aria-label=Breadcrumb>", "</nav>");
    assert_eq!(
        anchors(crumbs),
        vec!["../../index.html", "../../causes/index.html"]
    );
    let related = between(&page, "<h2 id=related_heading>", "</section>");
    assert_eq!(
        anchors(related),
        vec!["../../techniques/stretching/index.html"]
    );
    let prose = between(&page, "<div class=prose>", "</div>");
    assert!(
        anchors(prose).contains(&"../../techniques/stretching/index.html#how-to-do-it".to_string()),
        "{prose}"
    );
    for (path, bytes) in build.files() {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        for (_, link) in links(&String::from_utf8(bytes).unwrap()) {
            let internal = !link.contains(':') && !link.starts_with('#');
            let file = link.split('#').next().unwrap();
            if internal {
                assert!(
                    file.ends_with("index.html") || file.rsplit('/').next().unwrap().contains('.'),
                    "{path}: link `{link}` does not name a file"
                );
            }
        }
    }
}

#[test]
fn portable_fixture_passes_the_strict_link_check() {
    let site = linked_site(SITE.1);
    let build = site.build(&["--portable"]).ok();
    assert_links_ok(
        &build.files(),
        Mode::Portable,
        None,
        &authored_text(site.root()),
    );
}

#[test]
fn served_build_fails_the_strict_link_check() {
    // The strict check really does refuse folder links, so the test above means something.
    let site = linked_site(SITE.1);
    let build = site.build(&[]).ok();
    assert!(
        !check_links(
            &build.files(),
            Mode::Portable,
            None,
            &authored_text(site.root())
        )
        .is_empty()
    );
}

#[test]
fn portable_repository_site_passes_the_strict_link_check() {
    let out = tempfile::tempdir().unwrap();
    let build = build_site(&repo_root(), &out.path().join("site"), &["--portable"]).ok();
    assert_links_ok(
        &build.files(),
        Mode::Portable,
        None,
        &authored_text(&repo_root()),
    );
}
