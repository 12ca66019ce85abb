//! Each kind of bad input fails the build with one clear `path:line: message` per problem.
//! The complete stderr of each build is a snapshot.

use crate::support::{SITE, Site, article};

/// Builds a site made of `files` (plus a good site.yaml unless one is given), expects failure,
/// and returns stderr.
fn stderr_of(files: &[(&str, &str)]) -> String {
    let site = Site::new(files);
    if !files.iter().any(|(p, _)| *p == "site.yaml") {
        site.write(SITE.0, SITE.1);
    }
    stderr_of_site(&site)
}

fn stderr_of_site(site: &Site) -> String {
    let build = site.build(&[]).failed();
    assert!(
        !site.path("public").exists(),
        "a failed build wrote its output"
    );
    build.stderr
}

fn good(path: &'static str, title: &str) -> (&'static str, String) {
    (
        path,
        article(&format!("title: {title}\nsummary: Fine."), "Text.\n"),
    )
}

#[test]
fn malformed_yaml_in_front_matter() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        "---\ntitle: A\nsummary: [unclosed\norder: 1\n---\n\nBody.\n"
    )]));
}

#[test]
fn unterminated_front_matter() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        "---\ntitle: A\nsummary: S\n\nBody.\n"
    )]));
}

#[test]
fn missing_front_matter() {
    insta::assert_snapshot!(stderr_of(&[("content/causes/a.md", "# A\n\nBody.\n")]));
}

#[test]
fn missing_title() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        &article("summary: S\norder: 1", "Body.\n")
    )]));
}

#[test]
fn missing_summary() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        &article("title: A\norder: 1", "Body.\n")
    )]));
}

#[test]
fn unknown_key_suggests_the_closest_one() {
    let (path, text) = good("content/techniques/stretching.md", "Stretching");
    insta::assert_snapshot!(stderr_of(&[
        (path, text.as_str()),
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S\ntecniques: [stretching]", "Body.\n")
        ),
    ]));
}

#[test]
fn unknown_article_key_suggests_a_known_key() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        &article("title: A\nsummary: S\nreviewd: 2025-01-01", "Body.\n")
    )]));
}

#[test]
fn relation_to_a_missing_slug_suggests_the_closest_one() {
    let (path, text) = good("content/techniques/deep-tissue-massage.md", "Deep tissue");
    insta::assert_snapshot!(stderr_of(&[
        (path, text.as_str()),
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: S\ntechniques: [deep-tisue-massage]",
                "Body.\n"
            )
        ),
    ]));
}

#[test]
fn page_link_to_a_missing_page() {
    let (path, text) = good("content/causes/posture.md", "Posture");
    insta::assert_snapshot!(stderr_of(&[
        (path, text.as_str()),
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: S",
                "Intro.\n\nSee [posture](@/causes/postur.md) and [x](@/nowhere/x.md).\n"
            )
        ),
    ]));
}

#[test]
fn page_link_to_a_missing_anchor() {
    insta::assert_snapshot!(stderr_of(&[
        (
            "content/causes/posture.md",
            &article("title: Posture\nsummary: S", "## Why it hurts\n\nText.\n")
        ),
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: S",
                "See [why](@/causes/posture.md#why-it-hurt).\n\nAnd [no](@/causes/posture.md#zzz).\n"
            )
        ),
    ]));
}

#[test]
fn duplicate_slugs_in_a_collection() {
    let (path, text) = good("content/causes/b.md", "B");
    insta::assert_snapshot!(stderr_of(&[
        (path, text.as_str()),
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S\nslug: b", "Body.\n")
        ),
    ]));
}

#[test]
fn slug_that_would_escape_the_output() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        &article("title: A\nsummary: S\nslug: ../../etc", "Body.\n")
    )]));
}

#[test]
fn file_name_that_is_not_a_valid_slug() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/Bad Name.md",
        &article("title: A\nsummary: S", "Body.\n")
    )]));
}

#[test]
fn file_that_is_not_utf8() {
    let site = Site::new(&[SITE]);
    let mut bytes = article("title: A\nsummary: S", "Fine line.\n").into_bytes();
    bytes.extend_from_slice(b"Bad \xff\xfe bytes.\n");
    site.write("content/causes/a.md", bytes);
    insta::assert_snapshot!(stderr_of_site(&site));
}

#[test]
fn empty_article() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        "---\ntitle: A\nsummary: S\n---\n\n\n"
    )]));
}

#[test]
fn invalid_date() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        &article(
            "title: A\nsummary: S\nreviewed: 2025-02-30\nnext_review: 2025/03/01",
            "Body.\n"
        )
    )]));
}

#[test]
fn tabs_in_yaml() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        "---\ntitle: A\n\tsummary: S\n---\n\nBody.\n"
    )]));
}

#[test]
fn reserved_collection_name() {
    let (path, text) = good("content/tags/a.md", "A");
    insta::assert_snapshot!(stderr_of(&[(path, text.as_str())]));
}

#[test]
fn site_yaml_with_a_yaml_error() {
    let (path, text) = good("content/causes/a.md", "A");
    insta::assert_snapshot!(stderr_of(&[
        (
            "site.yaml",
            "title: Test site\ndescription: a: b\nlanguage: en\n"
        ),
        (path, text.as_str()),
    ]));
}

#[test]
fn site_yaml_with_an_unknown_key() {
    let (path, text) = good("content/causes/a.md", "A");
    insta::assert_snapshot!(stderr_of(&[
        ("site.yaml", "title: Test site\ndescripton: A site.\n"),
        (path, text.as_str()),
    ]));
}

#[test]
fn site_yaml_without_a_title() {
    let (path, text) = good("content/causes/a.md", "A");
    insta::assert_snapshot!(stderr_of(&[
        ("site.yaml", "description: A site.\nlanguage: en\n"),
        (path, text.as_str()),
    ]));
}

#[test]
fn site_yaml_missing() {
    let (path, text) = good("content/causes/a.md", "A");
    let site = Site::new(&[(path, text.as_str())]);
    insta::assert_snapshot!(stderr_of_site(&site));
}

#[test]
fn site_yaml_with_an_unknown_theme() {
    let (path, text) = good("content/causes/a.md", "A");
    assert_eq!(
        stderr_of(&[
            ("site.yaml", "title: Test site\ntheme: fancy\n"),
            (path, text.as_str()),
        ]),
        "site.yaml:2: theme `fancy` not found: expected a folder themes/fancy/ (the built-in theme is `default`)\n\
         Build failed with 1 error; nothing was written.\n"
    );
}

#[test]
fn wrong_types_name_the_value() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        &article(
            "title: A\nsummary: S\norder: soon\ndraft: maybe\ntags: {a: 1}",
            "Body.\n"
        )
    )]));
}

#[test]
fn page_link_suggestion_names_a_likely_typo() {
    let (path, text) = good("content/causes/posture.md", "Posture");
    let stderr = stderr_of(&[
        (path, text.as_str()),
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S", "See [p](@/causes/postre.md).\n"),
        ),
    ]);
    assert!(
        stderr.starts_with(
            "content/causes/a.md:6: link to `@/causes/postre.md`: there is no such page, did you mean `@/causes/posture.md`?\n"
        ),
        "{stderr}"
    );
}

#[test]
fn page_link_to_an_unrelated_missing_page_gets_no_suggestion() {
    let (path, text) = good("content/causes/posture.md", "Posture");
    assert_eq!(
        stderr_of(&[
            (path, text.as_str()),
            (
                "content/causes/a.md",
                &article(
                    "title: A\nsummary: S",
                    "See [z](@/causes/zzzzzzzzzzz.md).\n"
                )
            ),
        ]),
        "content/causes/a.md:6: link to `@/causes/zzzzzzzzzzz.md`: there is no such page\n\
         Build failed with 1 error; nothing was written.\n"
    );
}

#[test]
fn article_in_a_sub_folder() {
    let (path, text) = good("content/causes/deeper/a.md", "A");
    insta::assert_snapshot!(stderr_of(&[(path, text.as_str())]));
}

#[test]
fn article_directly_in_content() {
    let (path, text) = good("content/about.md", "About");
    insta::assert_snapshot!(stderr_of(&[(path, text.as_str())]));
}

#[test]
fn sources_entry_without_a_url() {
    insta::assert_snapshot!(stderr_of(&[(
        "content/causes/a.md",
        &article(
            "title: A\nsummary: S\nsources:\n  - title: Only a title",
            "Body.\n"
        )
    )]));
}

#[test]
fn site_yaml_error_at_the_end_names_a_line_of_the_file() {
    let (path, text) = good("content/causes/a.md", "A");
    let stderr = stderr_of(&[
        (
            "site.yaml",
            "title: Test site\ndescription: \"unclosed\nlanguage: en\n",
        ),
        (path, text.as_str()),
    ]);
    let line: usize = stderr
        .strip_prefix("site.yaml:")
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line number: {stderr}"));
    assert!(
        (1..=3).contains(&line),
        "site.yaml has 3 lines, error names line {line}"
    );
}
