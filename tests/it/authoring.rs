//! The author's commands: `knead check` (errors and warnings, exit codes), `knead new` and
//! `knead init`.

use std::path::Path;

use crate::support::{SITE, Site, article, knead_raw};

fn knead(dir: &Path, args: &[&str]) -> crate::support::Build {
    knead_raw(dir, args, dir.join("public"))
}

#[test]
fn check_passes_a_clean_site_and_writes_nothing() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article(
                "title: Posture\nsummary: Sitting still.\nnext_review: 2999-01-01\nsources:\n  - {title: NHS, url: 'https://www.nhs.uk/'}",
                "Sit less. Move more. Short walks help.\n",
            ),
        ),
    ]);
    let run = knead(site.root(), &["check", "--root", "."]);
    assert!(run.success, "{}", run.stderr);
    assert!(
        run.stdout.contains("Checked") && run.stdout.contains("no errors, 0 warnings"),
        "{}",
        run.stdout
    );
    assert!(!site.path("public").exists(), "check wrote output");
}

#[test]
fn check_warns_authors_and_exits_zero() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article(
                &format!(
                    "title: Posture\nsummary: {}\nnext_review: 2001-01-01",
                    "Long summary words. ".repeat(10)
                ),
                "See [an old site](http://example.org/) and this picture: ![](wave.png \"decorative\")\n",
            ),
        ),
    ]);
    let run = knead(site.root(), &["check", "--root", "."]);
    assert!(run.success, "warnings alone exit 0: {}", run.stderr);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn deny_warnings_makes_warnings_fail() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article("title: Posture\nsummary: No sources.", "Text.\n"),
        ),
    ]);
    let run = knead(site.root(), &["check", "--root", ".", "--deny-warnings"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("no sources"), "{}", run.stderr);
}

#[test]
fn check_reports_errors_with_exit_one() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            "---\ntitle: Posture\n---\nNo summary.\n",
        ),
    ]);
    let run = knead(site.root(), &["check", "--root", "."]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("content/causes/posture.md:1: missing required key `summary`"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_flags_pages_above_the_target_reading_grade() {
    let dense = "Musculoskeletal manifestations necessitate comprehensive multidisciplinary interventions incorporating individualised therapeutic modalities. ".repeat(5);
    let site = Site::new(&[
        ("site.yaml", "title: Test site\nreading_grade: 8\n"),
        (
            "content/causes/dense.md",
            &article(
                "title: Dense\nsummary: Hard.\nsources:\n  - {title: NHS, url: 'https://www.nhs.uk/'}",
                &dense,
            ),
        ),
    ]);
    let run = knead(site.root(), &["check", "--root", ".", "--verbose"]);
    assert!(
        run.stderr
            .contains("content/causes/dense.md:1: warning: reading grade"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("above the site's target of 8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("reading grade"),
        "--verbose lists each page's grade: {}",
        run.stdout
    );
}

#[test]
fn new_creates_a_draft_that_builds_and_refuses_to_overwrite() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article("title: Posture\nsummary: S.", "Text.\n"),
        ),
    ]);
    let run = knead(
        site.root(),
        &[
            "new",
            "techniques/deep-tissue",
            "--title",
            "Deep tissue massage",
        ],
    );
    assert!(run.success, "{}", run.stderr);
    let text = std::fs::read_to_string(site.path("content/techniques/deep-tissue.md")).unwrap();
    assert!(
        text.contains("title: \"Deep tissue massage\"") && text.contains("draft: true"),
        "{text}"
    );
    assert!(
        text.contains("# causes: ["),
        "relations to the other collections are shown: {text}"
    );
    // The new page builds at once (as a draft, it is left out until published).
    site.build(&[]).ok();
    site.build_into(&site.path("with-drafts"), &["--drafts"])
        .ok();
    let again = knead(site.root(), &["new", "techniques/deep-tissue"]);
    assert_eq!(again.code, Some(1));
    assert!(
        again.stderr.contains("never overwrites"),
        "{}",
        again.stderr
    );
    let bad = knead(site.root(), &["new", "techniques/Deep Tissue"]);
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stderr.contains("slug `Deep Tissue` is not allowed"),
        "{}",
        bad.stderr
    );
}

#[test]
fn init_makes_a_site_that_builds_and_checks_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let run = knead(dir.path(), &["init", "my-site"]);
    assert!(run.success, "{}", run.stderr);
    let root = dir.path().join("my-site");
    for file in [
        "site.yaml",
        "content/_index.md",
        "content/quiz.yaml",
        "content/causes/example-cause.md",
    ] {
        assert!(root.join(file).is_file(), "{file}");
    }
    let build = crate::support::build_site(&root, &root.join("public"), &[]).ok();
    assert!(build.files().contains_key("quiz/index.html"));
    let check = knead(&root, &["check", "--root", ".", "--deny-warnings"]);
    assert!(check.success, "{}", check.stderr);
    let again = knead(dir.path(), &["init", "my-site"]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
}

#[test]
fn quiet_prints_only_errors() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article("title: Posture\nsummary: S.", "Text.\n"),
        ),
    ]);
    let run = knead(site.root(), &["build", "--root", ".", "--quiet"]);
    assert!(run.success);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "");
}
