//! Property tests of the model, through the real binary: for any generated set of articles,
//! drafts, relations and `@/` links, the build succeeds exactly when every relation and link names
//! a page that exists (and a heading that exists), and then every link in the output resolves
//! and every relation is shown on both pages. Otherwise it reports `path:line:` errors and
//! writes nothing. Either way, a build with one thread and a build with two give the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::html::{Mode, assert_links_ok, authored_text, between, links};
use crate::support::{SITE, Site, article, tree};

const COLLECTIONS: &[&str] = &["causes", "techniques", "guides"];
const SLUGS: &[&str] = &["alpha", "beta", "gamma", "delta"];
/// Heading texts; a repeated text gets `-1`, `-2` ids.
const HEADINGS: &[&str] = &["What it is", "How it helps"];
/// An anchor no heading has.
const MISSING_ANCHOR: &str = "nowhere";

/// A page, as (collection, slug) indices into `COLLECTIONS` and `SLUGS`.
type PageKey = (usize, usize);

#[derive(Debug, Clone)]
struct Link {
    to: PageKey,
    anchor: Option<String>,
}

#[derive(Debug, Clone)]
struct Generated {
    key: PageKey,
    draft: bool,
    order: Option<i8>,
    headings: Vec<usize>,
    /// Relation keys may name a collection with no pages: that is an unknown key.
    relations: Vec<PageKey>,
    links: Vec<Link>,
    tagged: bool,
}

/// Which page a relation or link names: mostly one of the site's own (so that many sites are
/// valid), sometimes any name at all.
#[derive(Debug, Clone)]
enum Pick {
    Existing(usize),
    Any(PageKey),
}

/// Which anchor a link names: mostly one of its target's headings, sometimes a missing one.
#[derive(Debug, Clone)]
enum AnchorPick {
    Existing(usize),
    Missing,
}

#[derive(Debug, Clone)]
struct Raw {
    key: PageKey,
    draft: bool,
    order: Option<i8>,
    headings: Vec<usize>,
    relations: Vec<Pick>,
    links: Vec<(Pick, Option<AnchorPick>)>,
    tagged: bool,
}

fn page_key() -> impl Strategy<Value = PageKey> {
    (0..COLLECTIONS.len(), 0..SLUGS.len())
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        14 => any::<usize>().prop_map(Pick::Existing),
        1 => page_key().prop_map(Pick::Any),
    ]
}

fn anchor_pick() -> impl Strategy<Value = AnchorPick> {
    prop_oneof![
        14 => any::<usize>().prop_map(AnchorPick::Existing),
        1 => Just(AnchorPick::Missing),
    ]
}

fn raw() -> impl Strategy<Value = Raw> {
    (
        page_key(),
        prop::bool::weighted(0.1),
        prop::option::of(-3i8..4),
        prop::collection::vec(0..HEADINGS.len(), 0..4),
        prop::collection::vec(pick(), 0..3),
        prop::collection::vec((pick(), prop::option::of(anchor_pick())), 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(key, draft, order, headings, relations, links, tagged)| Raw {
                key,
                draft,
                order,
                headings,
                relations,
                links,
                tagged,
            },
        )
}

/// Up to seven articles, one per file name, with their picks resolved to page names.
fn sites() -> impl Strategy<Value = Vec<Generated>> {
    prop::collection::vec(raw(), 1..8).prop_map(|list| {
        let mut by_key = BTreeMap::new();
        for a in list {
            by_key.entry(a.key).or_insert(a);
        }
        let raws: Vec<Raw> = by_key.into_values().collect();
        let keys: Vec<PageKey> = raws.iter().map(|a| a.key).collect();
        let resolve = |pick: &Pick| match pick {
            Pick::Existing(i) => keys[i % keys.len()],
            Pick::Any(key) => *key,
        };
        raws.iter()
            .map(|a| Generated {
                key: a.key,
                draft: a.draft,
                order: a.order,
                headings: a.headings.clone(),
                relations: a.relations.iter().map(resolve).collect(),
                links: a
                    .links
                    .iter()
                    .map(|(to, anchor)| {
                        let to = resolve(to);
                        let ids = raws
                            .iter()
                            .find(|t| t.key == to)
                            .map(|t| heading_ids(&t.headings))
                            .unwrap_or_default();
                        let anchor = anchor.as_ref().map(|anchor| match anchor {
                            AnchorPick::Existing(i) if !ids.is_empty() => {
                                ids[i % ids.len()].clone()
                            }
                            _ => MISSING_ANCHOR.to_string(),
                        });
                        Link { to, anchor }
                    })
                    .collect(),
                tagged: a.tagged,
            })
            .collect()
    })
}

fn path_of((c, s): PageKey) -> String {
    format!("{}/{}", COLLECTIONS[c], SLUGS[s])
}

fn title_of(key: PageKey) -> String {
    let (c, s) = key;
    format!("{} in {}", SLUGS[s], COLLECTIONS[c])
}

/// The ids knead gives a page's headings: words joined by `-`, repeats numbered.
fn heading_ids(headings: &[usize]) -> Vec<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    headings
        .iter()
        .map(|&h| {
            let base = HEADINGS[h].to_lowercase().replace(' ', "-");
            let n = seen.entry(HEADINGS[h]).or_insert(0);
            let id = if *n == 0 { base } else { format!("{base}-{n}") };
            *n += 1;
            id
        })
        .collect()
}

fn file_of(a: &Generated) -> String {
    let mut front = format!(
        "title: {}\nsummary: A page about {}.",
        title_of(a.key),
        SLUGS[a.key.1]
    );
    if a.draft {
        front.push_str("\ndraft: true");
    }
    if let Some(order) = a.order {
        front.push_str(&format!("\norder: {order}"));
    }
    if a.tagged {
        front.push_str("\ntags: [lower back]");
    }
    let mut relations: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for &(c, s) in &a.relations {
        relations.entry(c).or_default().push(SLUGS[s]);
    }
    for (c, slugs) in relations {
        front.push_str(&format!("\n{}: [{}]", COLLECTIONS[c], slugs.join(", ")));
    }
    let mut body = String::from("Massage may ease stiffness in the lower back.\n");
    for link in &a.links {
        let anchor = link
            .anchor
            .as_ref()
            .map_or(String::new(), |a| format!("#{a}"));
        body.push_str(&format!(
            "\nSee [the page](@/{}.md{anchor}).\n",
            path_of(link.to)
        ));
    }
    for &h in &a.headings {
        body.push_str(&format!(
            "\n## {}\n\nGentle pressure relaxes tight muscles.\n",
            HEADINGS[h]
        ));
    }
    article(&front, &body)
}

/// Whether knead must accept the site, worked out independently of knead.
fn expect_success(site: &[Generated]) -> bool {
    let find = |key: PageKey| site.iter().find(|a| a.key == key);
    let collection_exists = |c: usize| site.iter().any(|a| a.key.0 == c);
    site.iter().all(|a| {
        // Every file's relation keys must be collections, drafts included: keys are checked
        // when the file is read.
        let keys_known = a.relations.iter().all(|&(c, _)| collection_exists(c));
        if a.draft {
            return keys_known;
        }
        // A relation to a draft is left out quietly; to a missing page it is an error.
        let relations_ok = a.relations.iter().all(|&to| find(to).is_some());
        let links_ok = a.links.iter().all(|link| match find(link.to) {
            Some(target) if !target.draft => link
                .anchor
                .as_ref()
                .is_none_or(|a| heading_ids(&target.headings).contains(a)),
            _ => false,
        });
        keys_known && relations_ok && links_ok
    })
}

/// The pages a page's "Related pages" section must list: published pages it names, and
/// published pages that name it, never itself.
fn expected_related(site: &[Generated], key: PageKey) -> BTreeSet<String> {
    let published = |k: PageKey| site.iter().any(|a| a.key == k && !a.draft);
    let mut related = BTreeSet::new();
    for a in site.iter().filter(|a| !a.draft) {
        for &to in &a.relations {
            if a.key == key && to != key && published(to) {
                related.insert(path_of(to));
            }
            if to == key && a.key != key {
                related.insert(path_of(a.key));
            }
        }
    }
    related
}

/// The pages listed in an article page's "Related pages" section, as `collection/slug`.
fn shown_related(page: &str) -> BTreeSet<String> {
    if !page.contains("Related pages</h2>") {
        return BTreeSet::new();
    }
    let section = between(page, "Related pages</h2>", "</section>");
    links(section)
        .into_iter()
        .map(|(_, href)| {
            let path = href
                .strip_prefix("../../")
                .unwrap_or_else(|| panic!("related link `{href}` is not relative to an article"));
            path.trim_end_matches('/').to_string()
        })
        .collect()
}

/// One run of `knead build` with `threads` rayon threads.
struct Run {
    success: bool,
    stderr: String,
    files: BTreeMap<String, Vec<u8>>,
}

fn build_with_threads(root: &Path, output: &Path, threads: usize) -> Run {
    let result = Command::new(env!("CARGO_BIN_EXE_knead"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("run knead");
    Run {
        success: result.status.success(),
        stderr: String::from_utf8(result.stderr).expect("stderr is UTF-8"),
        files: tree(output),
    }
}

fn check(generated: &[Generated]) -> Result<(), TestCaseError> {
    let files: Vec<(String, String)> = generated
        .iter()
        .map(|a| (format!("content/{}.md", path_of(a.key)), file_of(a)))
        .collect();
    let mut pairs: Vec<(&str, &str)> = vec![SITE];
    pairs.extend(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let site = Site::new(&pairs);

    let one = build_with_threads(site.root(), &site.path("one"), 1);
    let two = build_with_threads(site.root(), &site.path("two"), 2);
    prop_assert_eq!(one.success, two.success, "{}\n{}", one.stderr, two.stderr);
    prop_assert_eq!(&one.stderr, &two.stderr, "errors differ between runs");
    prop_assert!(
        one.files == two.files,
        "one thread and two threads wrote different bytes"
    );

    let expected = expect_success(generated);
    prop_assert_eq!(
        one.success,
        expected,
        "knead {} a site it should {}:\n{}",
        if one.success { "accepted" } else { "refused" },
        if expected { "accept" } else { "refuse" },
        one.stderr
    );
    if !one.success {
        prop_assert!(one.files.is_empty(), "a failed build wrote files");
        let errors: Vec<&str> = one.stderr.lines().collect();
        prop_assert!(errors.len() >= 2, "no error lines:\n{}", one.stderr);
        for line in &errors[..errors.len() - 1] {
            let located = line.starts_with("content/")
                && line
                    .split_once(".md:")
                    .and_then(|(_, rest)| rest.split_once(": "))
                    .is_some_and(|(n, _)| n.parse::<usize>().is_ok_and(|n| n >= 1));
            prop_assert!(located, "not `path:line: message`: {}", line);
        }
        return Ok(());
    }

    assert_links_ok(&one.files, Mode::Served, None, &authored_text(site.root()));
    for a in generated.iter().filter(|a| !a.draft) {
        let page_path = format!("{}/index.html", path_of(a.key));
        let page = String::from_utf8(one.files[&page_path].clone()).expect("UTF-8 page");
        prop_assert_eq!(
            shown_related(&page),
            expected_related(generated, a.key),
            "related pages of {}",
            page_path
        );
    }
    for a in generated.iter().filter(|a| a.draft) {
        let page_path = format!("{}/index.html", path_of(a.key));
        prop_assert!(
            !one.files.contains_key(&page_path),
            "draft {page_path} built"
        );
    }
    Ok(())
}

#[test]
fn any_site_builds_linked_and_deterministic_or_reports_errors() {
    // Each case is two builds by the debug binary; 48 cases keep this test to seconds.
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&sites(), |site| check(&site))
        .unwrap_or_else(|e| panic!("{e}"));
}
