//! Values that are wrong are errors, never silently changed or passed on: a key given twice,
//! `.nan` and `.inf`, control characters, a `base_url` or `language` that is not one. A NUL in
//! Markdown is read as U+FFFD, as CommonMark says, and `knead new` writes any title so it builds.

use crate::support::{SITE, Site, article, knead_raw};

fn stderr_of(files: &[(&str, &str)]) -> String {
    let site = Site::new(files);
    let build = site.build(&[]).failed();
    assert!(!site.path("public").exists(), "a failed build wrote output");
    build.stderr
}

#[test]
fn a_key_given_twice_is_an_error_on_the_second() {
    insta::assert_snapshot!(stderr_of(&[
        SITE,
        (
            "content/causes/a.md",
            "---\ntitle: First\nsummary: Fine.\ntitle: Second\nsources:\n  - title: A\n    url: https://a.example/\n    title: B\n---\n\nText.\n",
        ),
        (
            "content/causes/b.md",
            "---\ntitle: B\nsummary: Fine.\ntags: [x]\n---\n\nText.\n",
        ),
    ]));
    insta::assert_snapshot!(
        "site_yaml_key_given_twice",
        stderr_of(&[
            ("site.yaml", "title: One\nlanguage: en\ntitle: Two\n"),
            (
                "content/causes/b.md",
                &article("title: B\nsummary: Fine.", "Text.")
            ),
        ])
    );
}

#[test]
fn nan_and_infinity_are_errors_not_missing_values() {
    insta::assert_snapshot!(stderr_of(&[
        SITE,
        (
            "content/causes/a.md",
            "---\ntitle: .nan\nsummary: Fine.\norder: .inf\n---\n\nText.\n",
        ),
    ]));
}

#[test]
fn control_characters_are_errors_in_front_matter_and_body() {
    insta::assert_snapshot!(stderr_of(&[
        SITE,
        (
            "content/causes/a.md",
            "---\ntitle: \"Bell \\a\"\nsummary: \"Escape \\e\"\n---\n\nText.\n\nA form feed \u{c} here.\n",
        ),
        (
            "content/causes/b.md",
            "---\ntitle: B\nsummary: \"C1 \u{85}\u{9b}\"\n---\n\nText \u{7f}.\n",
        ),
    ]));
}

#[test]
fn nul_in_markdown_is_read_as_the_replacement_character() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(
                "title: A\nsummary: Fine.",
                "Nul \0 here, `in\0code` and\n\n## Head\0ing",
            ),
        ),
    ]);
    let build = site.build(&[]).ok();
    for (path, bytes) in build.files() {
        assert!(!bytes.contains(&0), "{path} holds a NUL byte");
    }
    let page = build.read("causes/a/index.html");
    assert!(page.contains("Nul \u{fffd} here"), "{page}");
    assert!(page.contains("in\u{fffd}code"), "{page}");
}

#[test]
fn base_url_must_be_an_absolute_address_without_query_or_fragment() {
    for url in [
        "https://example.org/?lang=en",
        "https://example.org/#top",
        "https://user@example.org/",
        "https://example.org/a\"b/",
        "https:///guide/",
    ] {
        let stderr = stderr_of(&[
            ("site.yaml", &format!("title: T\nbase_url: '{url}'\n")),
            (
                "content/causes/b.md",
                &article("title: B\nsummary: Fine.", "Text."),
            ),
        ]);
        assert!(
            stderr.starts_with(&format!(
                "site.yaml:2: `base_url` must be the site's full address, such as https://example.org/ or https://example.org/guide/ (http:// or https://, a host name, and no `?` or `#` part), found `{url}`"
            )),
            "{url}: {stderr}"
        );
    }
}

#[test]
fn language_must_be_a_language_tag() {
    insta::assert_snapshot!(stderr_of(&[
        ("site.yaml", "title: T\nlanguage: English\n"),
        (
            "content/causes/b.md",
            &article("title: B\nsummary: Fine.", "Text.")
        ),
    ]));
    let site = Site::new(&[
        ("site.yaml", "title: T\nlanguage: pt-BR\n"),
        (
            "content/causes/b.md",
            &article("title: B\nsummary: Fine.", "Text."),
        ),
    ]);
    let build = site.build(&[]).ok();
    assert!(build.read("index.html").contains("lang=\"pt-BR\""));
}

#[test]
fn knead_new_writes_any_title_so_that_it_builds() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/b.md",
            &article("title: B\nsummary: Fine.", "Text."),
        ),
    ]);
    let title = r#"Back \ hip "pain": it's C:\temp\n #1"#;
    let root = site.root().to_str().unwrap();
    let run = knead_raw(
        site.root(),
        &["new", "causes/odd", "--title", title, "--root", root],
        site.path("public"),
    );
    assert!(run.success, "{}", run.stderr);
    let build = site.build(&["--drafts"]).ok();
    let page = build.read("causes/odd/index.html");
    let escaped = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    assert!(
        page.contains(&format!("<h1>{escaped}</h1>")) || page.contains(&escaped),
        "the title is not shown as given: {page}"
    );
}
