//! Content from a stranger's pull request stays inside the site: symbolic links that lead out of
//! it are errors (unless `--allow-outside-links`), an output folder reached through a link is
//! refused, file names that are not UTF-8 are named, and a content path that would overwrite a
//! generated file is an error before anything is written.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use crate::support::{SITE, Site, article, knead_raw};

const SECRET: &str = "password=hunter2";

fn one_article() -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/a.md",
            &article(
                "title: A page\nsummary: Fine.",
                "Massage may ease stiffness.",
            ),
        ),
    ])
}

/// A folder outside the site holding one secret file, deleted when dropped.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
    fs::write(
        dir.path().join("secret.md"),
        article("title: Secret\nsummary: Secret.", SECRET),
    )
    .unwrap();
    dir
}

/// Asserts the build failed with one error naming `link` and where it points, and that no file
/// holds the secret.
#[track_caller]
fn assert_refused_link(site: &Site, link: &str, target: &Path) {
    let build = site.build(&[]).failed();
    let target = fs::canonicalize(target).unwrap();
    let expected = format!(
        "{link}: this is a symbolic link to `{}`, outside the site folder",
        target.display()
    );
    assert!(
        build.errors().iter().any(|e| e.starts_with(&expected)),
        "expected `{expected}` in:\n{}",
        build.stderr
    );
    assert!(
        !site.path("public").exists(),
        "a refused build wrote output"
    );
}

#[test]
fn a_link_to_a_file_outside_the_site_is_an_error_naming_it() {
    let site = one_article();
    let secrets = outside();
    fs::create_dir_all(site.path("static")).unwrap();
    symlink(
        secrets.path().join("secret.txt"),
        site.path("static/notes.txt"),
    )
    .unwrap();
    symlink(
        secrets.path().join("secret.md"),
        site.path("content/causes/b.md"),
    )
    .unwrap();
    symlink("/etc/passwd", site.path("content/causes/passwd.png")).unwrap();
    let build = site.build(&[]).failed();
    let errors = build.errors();
    assert_eq!(errors.len(), 3, "{}", build.stderr);
    assert_refused_link(
        &site,
        "static/notes.txt",
        &secrets.path().join("secret.txt"),
    );
    assert_refused_link(
        &site,
        "content/causes/b.md",
        &secrets.path().join("secret.md"),
    );
    assert_refused_link(&site, "content/causes/passwd.png", Path::new("/etc/passwd"));
}

#[test]
fn a_link_to_a_folder_outside_the_site_is_an_error_naming_it() {
    let site = one_article();
    let secrets = outside();
    symlink(secrets.path(), site.path("content/causes/shared")).unwrap();
    assert_refused_link(&site, "content/causes/shared", secrets.path());

    // The top folders themselves, and a theme's folder, may be the links.
    let site = one_article();
    symlink(secrets.path(), site.path("static")).unwrap();
    symlink(secrets.path(), site.path("templates")).unwrap();
    fs::create_dir_all(site.path("themes")).unwrap();
    symlink(secrets.path(), site.path("themes/mine")).unwrap();
    assert_refused_link(&site, "static", secrets.path());
    assert_refused_link(&site, "templates", secrets.path());
    assert_refused_link(&site, "themes/mine", secrets.path());
}

#[test]
fn site_yaml_that_links_outside_the_site_is_an_error() {
    let site = one_article();
    let secrets = outside();
    fs::remove_file(site.path("site.yaml")).unwrap();
    fs::write(secrets.path().join("site.yaml"), "title: Elsewhere\n").unwrap();
    symlink(secrets.path().join("site.yaml"), site.path("site.yaml")).unwrap();
    assert_refused_link(&site, "site.yaml", &secrets.path().join("site.yaml"));
}

#[test]
fn check_refuses_links_out_of_the_site_too() {
    let site = one_article();
    let secrets = outside();
    symlink(
        secrets.path().join("secret.md"),
        site.path("content/causes/b.md"),
    )
    .unwrap();
    let root = site.root().to_str().unwrap();
    let check = knead_raw(site.root(), &["check", "--root", root], site.path("public"));
    assert!(!check.success);
    assert!(
        check
            .stderr
            .contains("content/causes/b.md: this is a symbolic link to"),
        "{}",
        check.stderr
    );
}

#[test]
fn links_inside_the_site_build_and_outside_links_build_when_allowed() {
    let site = one_article();
    site.write(
        "shared/b.md",
        article("title: B page\nsummary: Shared.", "Shared words."),
    );
    symlink("../../shared/b.md", site.path("content/causes/b.md")).unwrap();
    let build = site.build(&[]).ok();
    assert!(build.read("causes/b/index.html").contains("Shared words."));

    let secrets = outside();
    symlink(
        secrets.path().join("secret.txt"),
        site.path("content/causes/notes.txt"),
    )
    .unwrap();
    site.build(&[]).failed();
    let build = site.build(&["--allow-outside-links"]).ok();
    assert_eq!(build.read("causes/notes.txt"), SECRET);
}

#[test]
fn an_output_folder_that_is_a_link_is_refused_and_its_target_untouched() {
    let site = one_article();
    // An older knead output elsewhere, and an empty folder: both would be replaceable if the
    // link were followed.
    let elsewhere = tempfile::tempdir().unwrap();
    let older = elsewhere.path().join("older");
    site.build_into(&older, &[]).ok();
    let before = crate::support::tree(&older);
    let empty = elsewhere.path().join("empty");
    fs::create_dir(&empty).unwrap();
    for target in [&older, &empty] {
        let _ = fs::remove_file(site.path("public"));
        symlink(target, site.path("public")).unwrap();
        let build = site.build(&[]).failed();
        let errors = build.errors();
        assert_eq!(errors.len(), 1, "{}", build.stderr);
        assert!(
            errors[0].starts_with(
                "public: the output folder is reached through this symbolic link to `"
            ) && errors[0].contains(&target.display().to_string()),
            "{}",
            build.stderr
        );
    }
    assert_eq!(
        crate::support::tree(&older),
        before,
        "the link's target changed"
    );
    assert!(fs::read_dir(&empty).unwrap().next().is_none());

    // A folder on the way to the output may be the link too.
    let _ = fs::remove_file(site.path("public"));
    symlink(elsewhere.path(), site.path("dist")).unwrap();
    let build = site.build_into(&site.path("dist/site"), &[]).failed();
    assert!(build.stderr.contains("dist: "), "{}", build.stderr);
    assert!(!elsewhere.path().join("site").exists());
}

#[test]
fn an_output_inside_content_is_refused_when_content_is_a_link() {
    let site = one_article();
    let elsewhere = tempfile::tempdir().unwrap();
    let content = elsewhere.path().join("content");
    fs::rename(site.path("content"), &content).unwrap();
    symlink(&content, site.path("content")).unwrap();
    // The content folder's real place is outside the site, so it is refused as a link anyway;
    // with links allowed, the output still may not go inside it.
    let build = site
        .build_into(&content.join("out"), &["--allow-outside-links"])
        .failed();
    assert!(
        build.stderr.contains("must not be inside content/"),
        "{}",
        build.stderr
    );
    assert!(!content.join("out").exists());
}

#[test]
fn a_file_name_that_is_not_utf8_is_named_not_renamed() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let site = one_article();
    let name = OsStr::from_bytes(b"caf\xe9.png");
    fs::write(site.path("content/causes").join(name), b"image").unwrap();
    let build = site.build(&[]).failed();
    assert_eq!(
        build.errors(),
        [
            "content/causes/caf\u{fffd}.png: this name is not valid UTF-8 (shown with \u{fffd} where a byte is not): rename it, as knead never renames files itself"
        ],
    );
}

#[test]
fn a_content_path_that_collides_with_a_generated_file_is_an_error_naming_it() {
    let site = one_article();
    site.write("content/feed.xml/x.png", "image");
    site.write("content/sitemap.xml", "<urlset/>");
    site.write("content/causes/a/index.html", "<p>clash</p>");
    let build = site.build(&[]).failed();
    let errors = build.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/feed.xml/x.png: ") && e.contains("`feed.xml`")),
        "{}",
        build.stderr
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/sitemap.xml: ")),
        "{}",
        build.stderr
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/causes/a/index.html: ")),
        "{}",
        build.stderr
    );
}
