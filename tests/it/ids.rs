//! Ids that cannot clash: whatever an author names (footnote labels, headings, quiz question
//! ids), every page's element ids stay unique, the theme's own ids stay the theme's, and every
//! in-page link finds its target.

use std::collections::BTreeMap;

use crate::html::{duplicate_ids, ids, links};
use crate::support::{SITE, Site, article, build_site, knead_raw};

/// Footnote labels and headings chosen to collide with the theme's ids, each other and
/// generated numbers.
const HOSTILE_BODY: &str = "\
## Main content

Text with notes.[^main_content] And more.[^quiz_data] A spaced one.[^a b] A dashed one.[^a-b]
Case differs.[^Note] Same label.[^note] Empty words.[^!!]

## fn main content

## Fn--a-b

[^main_content]: Skip link target.
[^quiz_data]: The quiz's data block.
[^a b]: Spaces.
[^a-b]: Dashes.
[^note]: Lower case.
[^note]: Defined twice.
[^!!]: Punctuation only.
";

fn hostile_site() -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article("title: A page\nsummary: Fine.", HOSTILE_BODY),
        ),
        (
            "content/quiz.yaml",
            "title: Quiz\nred_flags:\n  title: Call now if\n  message: Get help.\n  items: [numbness]\n\
             questions:\n  - id: main-content\n    text: Do you sit a lot?\n    answers:\n      - text: Yes\n        scores: {causes/a: 1}\n",
        ),
    ])
}

/// Asserts every page's ids are unique and every `#fragment` link on a page finds an id there.
#[track_caller]
fn assert_ids_hold(files: &BTreeMap<String, Vec<u8>>) {
    let mut pages = 0;
    for (path, bytes) in files {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let page = String::from_utf8_lossy(bytes);
        assert_eq!(duplicate_ids(&page), Vec::<String>::new(), "{path}");
        let present = ids(&page);
        for (_, href) in links(&page) {
            if let Some(fragment) = href.strip_prefix('#').filter(|f| !f.is_empty()) {
                let decoded = percent_encoding::percent_decode_str(fragment)
                    .decode_utf8_lossy()
                    .into_owned();
                assert!(present.contains(&decoded), "{path}: no id for {href}");
            }
        }
    }
    assert!(pages > 0, "no pages were checked");
}

#[test]
fn footnote_labels_get_ids_of_their_own() {
    let site = hostile_site();
    let build = site.build(&[]).ok();
    let page = build.read("causes/a/index.html");
    let found = ids(&page);
    for id in [
        "main_content",
        "main-content",
        "fn--main-content",
        "fn--quiz-data",
        "fn--a-b",
        "fn--a-b-2",
        "fn--note",
        "fn--note-2",
        "fn--note-3",
        "fn-main-content",
        "fn-a-b",
    ] {
        assert!(found.contains(id), "no id `{id}` in {found:?}");
    }
    assert!(!found.iter().any(|id| id.contains(' ')), "{found:?}");
    assert_ids_hold(&build.files());
}

#[test]
fn every_page_of_the_fixture_sites_has_unique_ids() {
    let site = hostile_site();
    assert_ids_hold(&site.build(&[]).ok().files());

    let out = tempfile::tempdir().unwrap();
    let own = build_site(&crate::support::repo_root(), &out.path().join("own"), &[]).ok();
    assert_ids_hold(&own.files());

    let run = knead_raw(out.path(), &["init", "new-site"], out.path().join("x"));
    assert!(run.success, "{}", run.stderr);
    let root = out.path().join("new-site");
    let init = build_site(&root, &root.join("public"), &[]).ok();
    assert_ids_hold(&init.files());
}
