//! A build reports every error it finds, not just the first, sorted by file then line.

use crate::support::{SITE, Site, article};

#[test]
fn five_errors_in_three_files_are_all_reported_in_order() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/b.md",
            &article(
                "title: B\nsummary: S",
                "See [nothing](@/guides/nothing.md).\n\nAnd [here](@/causes/b.md#nope).\n",
            ),
        ),
        (
            "content/causes/a.md",
            &article("title: A\nslug: Not A Slug", "Body.\n"),
        ),
        ("content/techniques/x.md", "no front matter\n"),
    ]);
    let build = site.build(&[]).failed();
    insta::assert_snapshot!(build.stderr);
    assert_eq!(build.errors().len(), 5, "{}", build.stderr);
    assert!(
        build
            .stderr
            .ends_with("Build failed with 5 errors; nothing was written.\n"),
        "{}",
        build.stderr
    );
    let keys: Vec<(String, usize)> = build
        .errors()
        .iter()
        .map(|line| {
            let mut parts = line.splitn(3, ':');
            let path = parts.next().unwrap().to_string();
            let line: usize = parts.next().unwrap().parse().expect("a line number");
            (path, line)
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "errors are not sorted by path then line");
    let files: std::collections::BTreeSet<&str> = keys.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(files.len(), 3);
}

#[test]
fn one_error_is_counted_in_the_singular() {
    let site = Site::new(&[
        SITE,
        ("content/causes/a.md", &article("title: A", "Body.\n")),
    ]);
    let build = site.build(&[]).failed();
    assert!(
        build
            .stderr
            .ends_with("\nBuild failed with 1 error; nothing was written.\n"),
        "{}",
        build.stderr
    );
}

#[test]
fn page_with_an_error_does_not_cause_missing_page_errors_elsewhere() {
    let site = Site::new(&[
        SITE,
        ("content/causes/a.md", &article("title: A", "Body.\n")),
        (
            "content/causes/c.md",
            &article(
                "title: C\nsummary: S\ncauses: [a]",
                "See [a](@/causes/a.md).\n",
            ),
        ),
    ]);
    let build = site.build(&[]).failed();
    assert_eq!(
        build.errors(),
        vec!["content/causes/a.md:1: missing required key `summary`"]
    );
}

#[test]
fn a_broken_article_gives_only_its_own_error_wherever_it_is_named() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            "---\ntitle: A\nsummary: [unclosed\n---\n\nBody.\n",
        ),
        (
            "content/techniques/t.md",
            &article(
                "title: T\nsummary: S\ncauses: [a]",
                "See [a](@/causes/a.md#why) and [its folder](@/causes/_index.md).\n",
            ),
        ),
        (
            "content/quiz.yaml",
            "title: Quiz\nred_flags:\n  title: Call now if\n  message: Get help.\n  items: [numbness]\n\
             questions:\n  - id: sitting\n    text: Do you sit a lot?\n    answers:\n      - text: Yes\n        scores: {causes/a: 2, techniques/t: 1}\n",
        ),
    ]);
    let build = site.build(&[]).failed();
    assert_eq!(
        build.errors(),
        vec!["content/causes/a.md:4: invalid YAML: did not find expected ',' or ']'"]
    );
}

#[test]
fn broken_link_is_reported_beside_a_front_matter_error_in_the_same_file() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: S\nreviewed: 2025-02-30",
                "See [x](@/zzz/qqq.md).\n",
            ),
        ),
    ]);
    let build = site.build(&[]).failed();
    assert_eq!(
        build.errors(),
        vec![
            "content/causes/a.md:4: `reviewed` is not a valid date: `2025-02-30` (use YYYY-MM-DD, e.g. 2025-03-31)",
            "content/causes/a.md:7: link to `@/zzz/qqq.md`: there is no such page",
        ]
    );
}
