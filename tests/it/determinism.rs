//! The same sources always give the same bytes, whatever the output folder.

use crate::links::linked_site;
use crate::support::{SITE, assert_same_tree, build_site, repo_root};

#[test]
fn fixture_builds_to_identical_trees() {
    let site = linked_site(SITE.1);
    let a = site.build_into(&site.path("out-a"), &[]).ok();
    let b = site.build_into(&site.path("elsewhere/out-b"), &[]).ok();
    assert_same_tree(&a.files(), &b.files());
}

#[test]
fn fixture_with_base_url_builds_to_identical_trees() {
    let site = linked_site("title: Test site\nbase_url: https://example.org/\n");
    let a = site.build_into(&site.path("out-a"), &[]).ok();
    let b = site.build_into(&site.path("out-b"), &[]).ok();
    assert_same_tree(&a.files(), &b.files());
}

#[test]
fn repository_site_builds_to_identical_trees() {
    let out = tempfile::tempdir().unwrap();
    let a = build_site(&repo_root(), &out.path().join("a"), &[]).ok();
    let b = build_site(&repo_root(), &out.path().join("b"), &[]).ok();
    assert_same_tree(&a.files(), &b.files());
}
