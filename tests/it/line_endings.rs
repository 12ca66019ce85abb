//! Files saved by word processors on Windows (CRLF line endings, a UTF-8 byte-order mark) build.

use crate::html::{between, meta, text};
use crate::support::Site;

#[test]
fn windows_line_endings_are_accepted() {
    let site = Site::new(&[
        (
            "site.yaml",
            "title: Test site\r\ndescription: CRLF site.\r\n",
        ),
        (
            "content/causes/a.md",
            "---\r\ntitle: Windows\r\nsummary: Saved on Windows.\r\ntags: [back]\r\n---\r\n\r\n## A heading\r\n\r\nText.\r\n",
        ),
    ]);
    let build = site.build(&[]).ok();
    let page = build.read("causes/a/index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), "Windows");
    assert_eq!(
        meta(&page, "name", "description").as_deref(),
        Some("Saved on Windows.")
    );
    assert!(
        page.contains("<h2 id=\"a-heading\">A heading</h2>"),
        "{page}"
    );
    assert!(!page.contains('\r'));
    assert!(build.exists("tags/back/index.html"));
}

#[test]
fn byte_order_mark_is_accepted() {
    let site = Site::new(&[
        ("site.yaml", "\u{feff}title: Test site\n"),
        (
            "content/causes/a.md",
            "\u{feff}---\ntitle: Marked\nsummary: Has a BOM.\n---\n\nText.\n",
        ),
    ]);
    let build = site.build(&[]).ok();
    let page = build.read("causes/a/index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), "Marked");
    assert!(!page.contains('\u{feff}'));
}

#[test]
fn byte_order_mark_and_windows_line_endings_together() {
    let site = Site::new(&[
        ("site.yaml", "title: Test site\n"),
        (
            "content/causes/a.md",
            "\u{feff}---\r\ntitle: Both\r\nsummary: BOM and CRLF.\r\n---\r\n\r\nText.\r\n",
        ),
    ]);
    let page = site.build(&[]).ok().read("causes/a/index.html");
    assert_eq!(text(between(&page, "<h1>", "</h1>")), "Both");
}

#[test]
fn errors_keep_their_line_numbers_with_windows_line_endings() {
    let site = Site::new(&[
        ("site.yaml", "title: Test site\n"),
        (
            "content/causes/a.md",
            "\u{feff}---\r\ntitle: A\r\nsummary: S\r\nreviewed: 2025-02-30\r\n---\r\n\r\nSee [x](@/zzz/qqq.md).\r\n",
        ),
        (
            "content/causes/b.md",
            "---\r\ntitle: B\r\nsummary: S\r\n---\r\n\r\nIntro.\r\n\r\nSee [x](@/zzz/qqq.md).\r\n",
        ),
    ]);
    let build = site.build(&[]).failed();
    let errors = build.errors();
    assert!(
        errors.contains(
            &"content/causes/a.md:4: `reviewed` is not a valid date: `2025-02-30` (use YYYY-MM-DD, e.g. 2025-03-31)"
        ),
        "{}",
        build.stderr
    );
    assert!(
        errors.contains(&"content/causes/b.md:8: link to `@/zzz/qqq.md`: there is no such page"),
        "{}",
        build.stderr
    );
}
