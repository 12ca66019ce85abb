//! Hostile and odd content: what people paste, save and name by accident. Each case either
//! builds, or fails with a clear `path:line: message` and writes nothing; none crashes or hangs.

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::html::{between, ids, links, text};
use crate::support::{SITE, Site, article};

/// Plain words, so the page and the search index have something to hold.
const WORDS: &str = "Massage may ease stiffness in the lower back.";

fn one_article(body: &str) -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article("title: A page\nsummary: Fine.", body),
        ),
    ])
}

/// The article's Markdown, as HTML (the theme's `<div class="prose">`, minified or not).
fn prose(page: &str) -> &str {
    let start = ["<div class=prose>", "<div class=\"prose\">"]
        .iter()
        .find_map(|open| page.find(open).map(|i| i + open.len()))
        .unwrap_or_else(|| panic!("no prose in {page}"));
    let end = page[start..].find("</div>").expect("prose is closed") + start;
    &page[start..end]
}

/// Asserts the build failed with exactly these error lines and wrote nothing.
#[track_caller]
fn assert_errors(site: &Site, expected: &[&str]) {
    let build = site.build(&[]).failed();
    assert_eq!(build.errors(), expected, "{}", build.stderr);
    assert!(!site.path("public").exists(), "a failed build wrote output");
}

#[test]
fn quiz_saved_on_windows_builds() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article("title: A page\nsummary: Fine.", WORDS),
        ),
        (
            "content/quiz.yaml",
            "\u{feff}title: Quiz\r\nred_flags:\r\n  title: Call now if\r\n  message: Get help.\r\n  items: [numbness]\r\n\
             questions:\r\n  - id: sitting\r\n    text: Do you sit a lot?\r\n    answers:\r\n      - text: Yes\r\n        scores: {causes/a: 1}\r\n",
        ),
    ]);
    let page = site.build(&[]).ok().read("quiz/index.html");
    assert!(page.contains("Do you sit a lot?"), "{page}");
    assert!(!page.contains('\r') && !page.contains('\u{feff}'));
}

#[test]
fn tabs_in_site_yaml_and_quiz_yaml_name_the_file_and_line() {
    let site = one_article(WORDS);
    site.write("site.yaml", "title: Test site\n\tdescription: A site.\n");
    assert_errors(
        &site,
        &["site.yaml:2: invalid YAML: found a tab character that violates indentation"],
    );

    let site = one_article(WORDS);
    site.write(
        "content/quiz.yaml",
        "title: Quiz\nred_flags:\n\ttitle: Call now\n",
    );
    assert_errors(
        &site,
        &["content/quiz.yaml:3: invalid YAML: found a tab character that violates indentation"],
    );
}

#[test]
fn a_five_megabyte_article_builds_whole() {
    let paragraph = format!("{} ", WORDS).repeat(40);
    let mut body = String::with_capacity(5_300_000);
    let mut n = 0;
    while body.len() < 5_000_000 {
        body.push_str(&format!("Paragraph {n}. {paragraph}\n\n"));
        n += 1;
    }
    body.push_str("The very last paragraph.\n");
    let site = one_article(&body);
    let build = site.build(&[]).ok();
    let page = build.read("causes/a/index.html");
    assert!(page.len() > 5_000_000, "page is {} bytes", page.len());
    assert!(page.contains(&format!("Paragraph {}. ", n - 1)));
    assert!(page.contains("The very last paragraph."));
}

#[test]
fn a_list_of_ten_thousand_items_builds() {
    let list: String = (0..10_000).map(|i| format!("- item {i}\n")).collect();
    let site = one_article(&format!("{WORDS}\n\n{list}"));
    let page = site.build(&[]).ok().read("causes/a/index.html");
    let prose = prose(&page);
    assert_eq!(prose.matches("<li>").count(), 10_000);
    assert!(prose.contains("item 9999"));
}

#[test]
fn ten_thousand_nested_lists_or_quotes_are_an_error_not_a_crash() {
    let nesting = |deep: &str| format!("{WORDS}\n\n{deep}\n");
    // Line 8: the front matter takes lines 1-4, a blank line, the words, a blank line.
    let message = "content/causes/a.md:8: lists, quotes or styles are nested more than 100 levels deep here: flatten them (knead stops at 100, so every page can be built safely)";
    for deep in [
        format!("{}deep", "- ".repeat(10_000)),
        format!("{} deep", ">".repeat(10_000)),
        format!("{}deep", "> - ".repeat(5_000)),
    ] {
        // `assert_errors` checks for knead's closing line, which a crash would not print.
        assert_errors(&one_article(&nesting(&deep)), &[message]);
    }
}

#[test]
fn ten_thousand_nested_yaml_lists_are_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(&format!("title: A\nsummary: S\nextra: {deep}"), WORDS),
        ),
    ]);
    assert_errors(
        &site,
        &[
            "content/causes/a.md:4: invalid YAML: lists or maps are nested too deeply (more than 128 levels)",
        ],
    );
    let site = one_article(WORDS);
    site.write("content/quiz.yaml", format!("title: Quiz\nintro: {deep}\n"));
    assert_errors(
        &site,
        &[
            "content/quiz.yaml:2: invalid YAML: lists or maps are nested too deeply (more than 128 levels)",
        ],
    );
}

#[test]
fn a_hundred_nested_lists_build() {
    let site = one_article(&format!("{WORDS}\n\n{}deep\n", "- ".repeat(100)));
    let page = site.build(&[]).ok().read("causes/a/index.html");
    let prose = prose(&page);
    assert_eq!(prose.matches("<ul>").count(), 100);
}

#[test]
fn very_long_lines_build() {
    let line = format!("{WORDS} ").repeat(50_000);
    let title = "Back ".repeat(10_000);
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(
                &format!("title: {title}\nsummary: {line}"),
                &format!("## {title}\n\n{line}\n"),
            ),
        ),
    ]);
    let page = site.build(&[]).ok().read("causes/a/index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), title.trim());
    assert!(ids(&page).contains(&("back-".repeat(9_999) + "back")));
}

#[test]
fn emoji_and_right_to_left_text_build_in_titles_headings_and_tags() {
    let title = "Back pain 💆‍♀️ آلام الظهر";
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(
                &format!(
                    "title: \"{title}\"\nsummary: \"ملخص 🙂\"\ntags: [\"ألم الظهر\", \"back 💪\"]"
                ),
                &format!("{WORDS}\n\n## تمارين 🧘\n\nText.\n"),
            ),
        ),
    ]);
    let build = site.build(&[]).ok();
    let page = build.read("causes/a/index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), title);
    // A heading's id keeps its letters in any script; the emoji is not a letter.
    assert!(ids(&page).contains("تمارين"), "{page}");
    assert!(build.exists("tags/ألم-الظهر/index.html"));
    assert!(build.exists("tags/back/index.html"));
}

#[test]
fn slugs_and_tags_need_a_letter_or_digit_and_slugs_are_ascii() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article("title: A\nsummary: S\nslug: ظهر-💆", WORDS),
        ),
        (
            "content/causes/b.md",
            &article("title: B\nsummary: S\ntags: [💆]", WORDS),
        ),
        (
            "content/causes/ظهر.md",
            &article("title: C\nsummary: S", WORDS),
        ),
    ]);
    assert_errors(
        &site,
        &[
            "content/causes/a.md:4: slug `ظهر-💆` is not allowed: use only lowercase letters a-z, digits 0-9 and `-` (set `slug:` or rename the file)",
            "content/causes/b.md:4: tag `💆` has no letters or digits to make a web address from",
            "content/causes/ظهر.md:1: slug `ظهر` is not allowed: use only lowercase letters a-z, digits 0-9 and `-` (set `slug:` or rename the file)",
        ],
    );
}

#[test]
fn slugs_and_tags_too_long_for_a_file_name_are_refused_on_their_line() {
    let slug = "a".repeat(151);
    let tag = "é".repeat(76);
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(&format!("title: A\nsummary: S\nslug: {slug}"), WORDS),
        ),
        (
            "content/causes/b.md",
            &article(&format!("title: B\nsummary: S\ntags: [{tag}]"), WORDS),
        ),
    ]);
    assert_errors(
        &site,
        &[
            &format!(
                "content/causes/a.md:4: slug `{slug}` is too long for a web address (151 bytes, the most is 150): shorten it"
            ),
            &format!(
                "content/causes/b.md:4: tag `{tag}` is too long for a web address (152 bytes, the most is 150): shorten it"
            ),
        ],
    );
    // At the limit, both build.
    let site = Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(
                &format!(
                    "title: A\nsummary: S\nslug: {}\ntags: [{}]",
                    "a".repeat(150),
                    "é".repeat(75)
                ),
                WORDS,
            ),
        ),
    ]);
    let build = site.build(&[]).ok();
    assert!(build.exists(&format!("causes/{}/index.html", "a".repeat(150))));
    assert!(build.exists(&format!("tags/{}/index.html", "é".repeat(75))));
}

#[test]
fn file_names_with_spaces_or_capitals_build_only_with_a_slug() {
    // The rule: a file name is the page's address unless `slug:` gives another, and an address
    // is lowercase a-z, 0-9 and `-`. Nothing is renamed behind the author's back.
    let site = Site::new(&[
        SITE,
        (
            "content/causes/Back Pain.md",
            &article("title: Back pain\nsummary: S\nslug: back-pain", WORDS),
        ),
    ]);
    let build = site.build(&[]).ok();
    assert!(build.exists("causes/back-pain/index.html"));

    let site = Site::new(&[
        SITE,
        (
            "content/causes/Back Pain.md",
            &article("title: A\nsummary: S", WORDS),
        ),
        (
            "content/Causes/b.md",
            &article("title: B\nsummary: S", WORDS),
        ),
        (
            "content/causes/Sitting.MD",
            &article("title: C\nsummary: S", WORDS),
        ),
        (
            "content/causes/plan.markdown",
            &article("title: D\nsummary: S", WORDS),
        ),
    ]);
    assert_errors(
        &site,
        &[
            "content/Causes: collection folder `Causes` is not allowed: use only lowercase letters a-z, digits 0-9 and `-`",
            "content/causes/Back Pain.md:1: slug `Back Pain` is not allowed: use only lowercase letters a-z, digits 0-9 and `-` (set `slug:` or rename the file)",
            "content/causes/Sitting.MD:1: file name `Sitting.MD` looks like an article, but only names ending in `.md` (lowercase) are read as articles: rename it",
            "content/causes/plan.markdown:1: file name `plan.markdown` looks like an article, but only names ending in `.md` (lowercase) are read as articles: rename it",
        ],
    );
}

/// Runs a build that must end by itself within `limit`, and returns its stderr.
fn build_within(site: &Site, limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_knead"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run knead");
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            child.kill().expect("kill");
            panic!("the build was still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("output");
    (
        output.status.code(),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

#[test]
fn symbolic_link_loops_under_content_are_errors_not_hangs() {
    let site = one_article(WORDS);
    std::os::unix::fs::symlink("..", site.path("content/causes/up")).unwrap();
    std::os::unix::fs::symlink("itself", site.path("content/itself")).unwrap();
    let (code, stderr) = build_within(&site, Duration::from_secs(60));
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(
        stderr,
        "content/causes/up: cannot read: symbolic link loop: this link points back to a folder that contains it\n\
         content/itself: cannot read: Too many levels of symbolic links (os error 40)\n\
         Build failed with 2 errors; nothing was written.\n"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn a_named_pipe_under_content_is_skipped_not_waited_for() {
    let site = one_article(WORDS);
    let made = Command::new("mkfifo")
        .arg(site.path("content/causes/pipe.md"))
        .status()
        .expect("run mkfifo");
    assert!(made.success());
    let (code, stderr) = build_within(&site, Duration::from_secs(60));
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    assert!(site.path("public/causes/a/index.html").is_file());
    assert!(!site.path("public/causes/pipe").exists());
}

#[test]
fn files_that_cannot_be_read_are_named() {
    let site = one_article(WORDS);
    // A link to nothing is a file that is listed but cannot be read, for any user.
    std::os::unix::fs::symlink("nowhere.md", site.path("content/causes/gone.md")).unwrap();
    // A link out of the site is refused before it is read (/proc/self/mem is a file even root
    // cannot read from its start).
    std::os::unix::fs::symlink("/proc/self/mem", site.path("content/causes/mem.md")).unwrap();
    let build = site.build(&[]).failed();
    let errors = build.errors();
    assert_eq!(errors.len(), 2, "{}", build.stderr);
    assert_eq!(
        errors[0],
        "content/causes/gone.md: cannot read: No such file or directory (os error 2)"
    );
    assert!(
        errors[1].starts_with("content/causes/mem.md: this is a symbolic link to `/proc/"),
        "{}",
        build.stderr
    );

    // Permissions: only an ordinary user is stopped by them.
    let site = one_article(WORDS);
    let locked = site.path("content/causes/a.md");
    let mut permissions = fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o000);
    fs::set_permissions(&locked, permissions).unwrap();
    if fs::read(&locked).is_ok() {
        println!(
            "running as root, which reads files whatever their permissions: the unreadable-by-permission case is covered by the two above"
        );
        return;
    }
    assert_errors(
        &site,
        &["content/causes/a.md: cannot read: Permission denied (os error 13)"],
    );
}

#[test]
fn a_page_linked_from_five_thousand_others_builds() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/target.md",
            &article("title: The target\nsummary: Linked from everywhere.", WORDS),
        ),
    ]);
    for i in 0..5_000 {
        site.write(
            &format!("content/techniques/p{i}.md"),
            article(
                &format!("title: Page {i}\nsummary: One of many.\ncauses: [target]"),
                &format!("{WORDS} See [the target](@/causes/target.md)."),
            ),
        );
    }
    let build = site.build(&[]).ok();
    let target = build.read("causes/target/index.html");
    let related = between(&target, "Related pages</h2>", "</section>");
    assert_eq!(links(related).len(), 5_000);
    let page = build.main("techniques/p4999/index.html");
    assert!(
        links(&page)
            .iter()
            .any(|(_, href)| href == "../../causes/target/"),
        "{page}"
    );
}

#[test]
fn a_site_with_no_indexed_word_builds_a_search_that_finds_nothing() {
    // One-letter words and stop words are not indexed, so the index has no terms at all.
    let site = Site::new(&[
        SITE,
        ("content/a/b.md", &article("title: A\nsummary: S", "x")),
    ]);
    let built = site.build(&[]).ok();
    let manifest = built.read("search/index.js");
    assert!(manifest.contains("\"bounds\":[\"\"]"), "{manifest}");
    assert!(site.path("public/search/s0.js").exists());
}
