//! Any folder under content/ is a collection, and any collection name is a relation key: a site
//! about exercises and conditions needs no change to knead.

use crate::html::{anchors, between, text};
use crate::support::{SITE, Site, article};

fn exercises_and_conditions() -> Site {
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
                "title: Sciatica\nsummary: Pain down the leg.\norder: 1\nexercises: [bridge, cat-cow]\nconditions: [back-spasm]",
                "Text.\n",
            ),
        ),
        (
            "content/conditions/back-spasm.md",
            &article(
                "title: Back spasm\nsummary: A sudden tight back.\norder: 2\nexercises: bridge",
                "Text.\n",
            ),
        ),
        (
            "content/exercises/bridge.md",
            &article(
                "title: Bridge\nsummary: Lift the hips.\norder: 1",
                "Text.\n",
            ),
        ),
        (
            "content/exercises/cat-cow.md",
            &article(
                "title: Cat-cow\nsummary: Round and arch.\norder: 2",
                "Text.\n",
            ),
        ),
    ])
}

/// The "Related pages" section as (group title, [card hrefs]) pairs.
fn related_groups(page: &str) -> Vec<(String, Vec<String>)> {
    let section = between(
        page,
        "<h2 id=related_heading>Related pages</h2>",
        "</section>",
    );
    section
        .split("<h3 class=related-group>")
        .skip(1)
        .map(|group| {
            let (title, cards) = group.split_once("</h3>").expect("group heading closed");
            (text(title), anchors(cards))
        })
        .collect()
}

#[test]
fn any_collection_names_build_with_their_own_navigation() {
    let site = exercises_and_conditions();
    let build = site.build(&[]).ok();
    for page in [
        "conditions/index.html",
        "conditions/sciatica/index.html",
        "conditions/back-spasm/index.html",
        "exercises/index.html",
        "exercises/bridge/index.html",
        "exercises/cat-cow/index.html",
    ] {
        assert!(build.exists(page), "{page} missing");
    }
    let home = build.read("index.html");
    let nav = between(&home, "class=site-nav>", "</nav>");
    assert_eq!(anchors(nav), vec!["./conditions/", "./exercises/"]);
    assert_eq!(text(nav), "ConditionsExercises");
}

#[test]
fn relations_link_forward_grouped_by_collection() {
    let site = exercises_and_conditions();
    let page = site.build(&[]).ok().read("conditions/sciatica/index.html");
    assert_eq!(
        related_groups(&page),
        vec![
            (
                "Conditions".to_string(),
                vec!["../../conditions/back-spasm/".to_string()]
            ),
            (
                "Exercises".to_string(),
                vec![
                    "../../exercises/bridge/".to_string(),
                    "../../exercises/cat-cow/".to_string()
                ]
            ),
        ]
    );
}

#[test]
fn relations_show_as_backlinks_on_the_other_page() {
    let site = exercises_and_conditions();
    let build = site.build(&[]).ok();
    let bridge = build.read("exercises/bridge/index.html");
    assert_eq!(
        related_groups(&bridge),
        vec![(
            "Conditions".to_string(),
            vec![
                "../../conditions/sciatica/".to_string(),
                "../../conditions/back-spasm/".to_string()
            ]
        )]
    );
    let spasm = build.read("conditions/back-spasm/index.html");
    assert_eq!(
        related_groups(&spasm),
        vec![
            (
                "Conditions".to_string(),
                vec!["../../conditions/sciatica/".to_string()]
            ),
            (
                "Exercises".to_string(),
                vec!["../../exercises/bridge/".to_string()]
            ),
        ]
    );
    let related = between(&bridge, "<h2 id=related_heading>", "</section>");
    assert!(
        text(related).contains("Pain down the leg."),
        "cards show summaries: {related}"
    );
}

#[test]
fn a_page_with_no_relations_has_no_related_section() {
    let site = Site::new(&[
        SITE,
        (
            "content/exercises/bridge.md",
            &article("title: Bridge\nsummary: Lift the hips.", "Text.\n"),
        ),
    ]);
    let page = site.build(&[]).ok().read("exercises/bridge/index.html");
    assert!(!page.contains("Related pages"), "{page}");
}

#[test]
fn every_link_of_the_related_pages_resolves() {
    let site = exercises_and_conditions();
    let build = site.build(&[]).ok();
    crate::html::assert_links_ok(
        &build.files(),
        crate::html::Mode::Served,
        None,
        &crate::html::authored_text(site.root()),
    );
}
