//! A failed build leaves the previous output exactly as it was, and knead never replaces a folder
//! it did not write, nor one that holds the site's sources.

use std::fs;

use crate::support::{SITE, Site, article, assert_same_tree, knead_raw, tree};

fn good_site() -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article(
                "title: Poor posture\nsummary: Slouching.\ntags: [back]",
                "Text.\n",
            ),
        ),
        (
            "content/causes/sitting.md",
            &article("title: Sitting\nsummary: Chairs.", "Text.\n"),
        ),
    ])
}

/// Names in the output's parent folder that look like knead's staging or retired folders.
/// Staging or retired folders beside the output. The lock file `.public.knead-lock` stays on
/// purpose: builds take turns through it.
fn leftovers(site: &Site) -> Vec<String> {
    fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".knead-") && !n.ends_with(".knead-lock"))
        .collect()
}

#[test]
fn failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = good_site();
    let first = site.build(&[]).ok();
    let before = first.files();
    assert!(before.contains_key(".knead-output"));

    site.write(
        "content/causes/sitting.md",
        article("title: Sitting\nreviewed: 2025-02-30", "Text.\n"),
    );
    site.build(&[]).failed();
    assert_same_tree(&before, &tree(&site.path("public")));
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn successful_rebuild_replaces_the_output_and_leaves_no_staging_folders() {
    let site = good_site();
    site.build(&[]).ok();
    fs::write(site.path("public/stale.html"), "old").unwrap();
    site.write(
        "content/causes/sitting.md",
        article("title: Sitting down\nsummary: Chairs.", "Text.\n"),
    );
    let second = site.build(&[]).ok();
    assert!(
        !second.exists("stale.html"),
        "files of the previous build are kept"
    );
    assert!(
        second
            .read("causes/sitting/index.html")
            .contains("Sitting down")
    );
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn leftover_staging_folders_of_a_killed_build_are_cleaned_up() {
    let site = good_site();
    fs::create_dir_all(site.path(".public.knead-new-99999/causes")).unwrap();
    fs::create_dir_all(site.path(".public.knead-old-99999")).unwrap();
    site.build(&[]).ok();
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn non_empty_folder_without_a_marker_is_refused_and_left_untouched() {
    let site = good_site();
    let out = site.path("mine");
    fs::create_dir_all(out.join("notes")).unwrap();
    fs::write(out.join("notes/todo.txt"), "do not delete").unwrap();
    fs::write(out.join("index.html"), "my own page").unwrap();
    let before = tree(&out);

    let build = site.build_into(&out, &[]).failed();
    assert_eq!(build.errors().len(), 1, "{}", build.stderr);
    assert!(
        build.errors()[0].ends_with(
            ": refusing to replace this folder: it is not empty and was not written by knead (no .knead-output file in it)"
        ),
        "{}",
        build.stderr
    );
    assert_same_tree(&before, &tree(&out));
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn empty_existing_folder_is_accepted() {
    let site = good_site();
    let out = site.path("empty");
    fs::create_dir_all(&out).unwrap();
    site.build_into(&out, &[]).ok();
    assert!(out.join(".knead-output").is_file());
}

#[test]
fn output_equal_to_the_site_root_is_refused() {
    let site = good_site();
    let before = tree(site.root());
    let build = site.build_into(site.root(), &[]).failed();
    assert!(
        build.stderr.contains(
            "the output folder must not be the site folder or contain it: choose another --output, such as public/"
        ),
        "{}",
        build.stderr
    );
    assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn output_given_as_a_relative_dot_is_refused() {
    let site = good_site();
    let before = tree(site.root());
    let build = knead_raw(
        site.root(),
        &["build", "--root", ".", "--output", "."],
        site.root().to_path_buf(),
    )
    .failed();
    assert!(
        build.stderr.contains("must not be the site folder"),
        "{}",
        build.stderr
    );
    assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn output_inside_content_is_refused() {
    let site = good_site();
    let before = tree(site.root());
    let build = site.build_into(&site.path("content/out"), &[]).failed();
    assert!(
        build.stderr.contains(
            "the output folder must not be inside content/: choose another --output, such as public/"
        ),
        "{}",
        build.stderr
    );
    assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn output_inside_content_written_with_dots_is_refused() {
    let site = good_site();
    let sneaky = site.path("public/../content/causes");
    let before = tree(site.root());
    let build = site.build_into(&sneaky, &[]).failed();
    assert!(
        build.stderr.contains("must not be inside content/"),
        "{}",
        build.stderr
    );
    assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn output_that_contains_the_site_is_refused() {
    let site = good_site();
    let parent = site.root().parent().unwrap().to_path_buf();
    let build = site.build_into(&parent, &[]).failed();
    assert!(
        build
            .stderr
            .contains("must not be the site folder or contain it"),
        "{}",
        build.stderr
    );
}

#[test]
fn output_that_is_a_file_is_refused_and_kept() {
    let site = good_site();
    let file = site.path("output.txt");
    fs::write(&file, "keep me").unwrap();
    let build = site.build_into(&file, &[]).failed();
    assert!(
        build
            .stderr
            .contains("the output path is a file, not a folder"),
        "{}",
        build.stderr
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn a_second_build_into_the_same_output_waits_for_the_first() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let site = good_site();
    site.build(&[]).ok();
    let before = tree(&site.path("public"));
    // Hold the output's lock, as a build in progress does.
    let lock = fs::File::create(site.path(".public.knead-lock")).unwrap();
    lock.lock().unwrap();
    site.write(
        "content/causes/posture.md",
        article("title: Posture\nsummary: Changed.", "New text.\n"),
    );
    let mut second = Command::new(env!("CARGO_BIN_EXE_knead"))
        .arg("build")
        .arg("--root")
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // A build of this tiny site takes milliseconds; half a second later it must still be waiting,
    // with the output untouched.
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        second.try_wait().unwrap().is_none(),
        "the second build did not wait for the lock"
    );
    assert_same_tree(&before, &tree(&site.path("public")));
    drop(lock);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the second build never finished");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    let page = fs::read_to_string(site.path("public/causes/posture/index.html")).unwrap();
    assert!(page.contains("New text."), "{page}");
}

#[test]
fn output_reached_through_a_link_into_content_is_refused() {
    let site = good_site();
    std::os::unix::fs::symlink(site.path("content/causes"), site.path("shortcut")).unwrap();
    let before = tree(site.root());
    for output in ["content", "static", "shortcut", "shortcut/public"] {
        let build = site.build_into(&site.path(output), &[]).failed();
        let refusal = if output.starts_with("shortcut") {
            "shortcut: the output folder is reached through this symbolic link to `"
        } else {
            "the output folder must not be inside "
        };
        assert!(build.stderr.contains(refusal), "{output}: {}", build.stderr);
    }
    assert_same_tree(&before, &tree(site.root()));
}

/// A site whose build takes long enough (in a debug build, most of a second) to be killed halfway.
fn big_site(text: &str) -> Site {
    let site = good_site();
    for i in 0..600 {
        site.write(
            &format!("content/guides/page-{i}.md"),
            article(
                &format!("title: Page {i}\nsummary: {text}\ntags: [tag-{}]", i % 50),
                &format!("## {text}\n\nMassage may ease the lower back. {text}\n"),
            ),
        );
    }
    site
}

/// Whether a staging folder of a build in progress exists beside the output.
fn staging_exists(site: &Site) -> bool {
    leftovers(site)
        .iter()
        .any(|n| n.starts_with(".public.knead-new-"))
}

#[test]
fn a_build_killed_halfway_leaves_the_previous_output_and_the_next_build_cleans_up() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let site = big_site("First version.");
    let mut previous = site.build(&[]).ok().files();
    let mut killed_while_writing = 0;
    let mut killed = 0;
    // `None`: kill as soon as the build starts writing; otherwise after a fixed delay.
    let moments = [
        None,
        Some(0),
        Some(100),
        Some(300),
        None,
        Some(600),
        Some(1_000),
        None,
    ];
    for (round, moment) in moments.into_iter().enumerate() {
        let text = format!("Version {round}.");
        for i in (0..600).step_by(7) {
            site.write(
                &format!("content/guides/page-{i}.md"),
                article(&format!("title: Page {i}\nsummary: {text}"), &text),
            );
        }
        // What this round's build makes when nothing stops it (output is the same bytes in
        // any folder).
        let complete = site.build_into(&site.path("reference"), &[]).ok().files();
        let mut child = Command::new(env!("CARGO_BIN_EXE_knead"))
            .arg("build")
            .arg("--root")
            .arg(site.root())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut saw_staging = false;
        match moment {
            Some(ms) => std::thread::sleep(Duration::from_millis(ms)),
            None => {
                let deadline = Instant::now() + Duration::from_secs(60);
                while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
                    if staging_exists(&site) {
                        saw_staging = true;
                        break;
                    }
                    std::thread::sleep(Duration::from_micros(200));
                }
            }
        }
        // SIGKILL: no chance to clean up, as when a laptop's battery dies.
        let _ = child.kill();
        let status = child.wait().unwrap();
        assert!(
            status.success() || status.signal() == Some(9),
            "round {round}: {status:?}"
        );
        // The output is the previous site or the whole new one, never a mix. A build killed
        // after its swap (while it removes the old copy) has already put the new one in place.
        let now = tree(&site.path("public"));
        if now == previous {
            if status.signal() == Some(9) {
                killed += 1;
                killed_while_writing += usize::from(saw_staging);
            }
        } else {
            assert_same_tree(&complete, &now);
            previous = now;
        }
    }
    assert!(
        killed >= 3,
        "only {killed} builds were killed before they finished"
    );
    assert!(
        killed_while_writing >= 1,
        "no build was killed while writing its staging folder"
    );

    let build = site.build(&[]).ok();
    assert!(
        build
            .read("guides/page-0/index.html")
            .contains("Version 7.")
    );
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

/// A build killed between moving the published site aside and moving the new one in leaves no
/// output folder, only the retired copy: the next build puts it back before anything else, so
/// even a failed build leaves the published site in place.
#[test]
fn a_site_moved_aside_by_a_killed_build_is_put_back() {
    let site = good_site();
    let before = site.build(&[]).ok().files();
    fs::rename(site.path("public"), site.path(".public.knead-old-99999")).unwrap();
    site.write(
        "content/causes/sitting.md",
        article("title: Sitting\nreviewed: 2025-02-30", "Text.\n"),
    );
    site.build(&[]).failed();
    assert_same_tree(&before, &tree(&site.path("public")));
    assert_eq!(leftovers(&site), Vec::<String>::new());

    // And a successful build after such a kill replaces it as usual.
    fs::rename(site.path("public"), site.path(".public.knead-old-99999")).unwrap();
    site.write(
        "content/causes/sitting.md",
        article("title: Sitting again\nsummary: Chairs.", "Text.\n"),
    );
    let after = site.build(&[]).ok();
    assert!(
        after
            .read("causes/sitting/index.html")
            .contains("Sitting again")
    );
    assert_eq!(leftovers(&site), Vec::<String>::new());
}
