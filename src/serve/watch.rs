//! Watches a site's sources (content/, templates/, themes/, static/, site.yaml) with notify and
//! rebuilds after each burst of saves. A source folder made after the preview started, or
//! deleted and made again, is watched from then on.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::preview::Preview;
use super::{Hub, is_source, rebuild};

/// Editors save in bursts (write, rename, touch); one build follows the burst.
const SETTLE: Duration = Duration::from_millis(50);

/// How long the saves must pause before the search index is rebuilt.
const QUIET: Duration = Duration::from_millis(400);

/// The folders of sources in the site's root, each watched with everything in it.
const SOURCE_FOLDERS: [&str; 4] = ["content", "templates", "themes", "static"];

/// Starts watching, on a thread of its own that keeps the watcher for as long as the process
/// runs: it also adds watches, for source folders made later.
pub fn start(root: &Path, mut preview: Preview, hub: Arc<Hub>) -> anyhow::Result<()> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open {}", root.display()))?;
    let (sender, events) = mpsc::channel::<notify::Result<Event>>();
    // Links out of the site are errors for the build; the watcher does not follow them either,
    // so it never walks or watches folders outside the site.
    let config = notify::Config::default().with_follow_symlinks(preview.allows_outside_links());
    let mut watcher = RecommendedWatcher::new(sender, config).context("cannot watch files")?;
    for folder in SOURCE_FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    // The root itself, not its sub-folders: site.yaml lives there, and so may public/ or target/.
    // Its events also tell when a source folder is made.
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .context("cannot watch the site folder")?;

    std::thread::spawn(move || {
        loop {
            // Once the saves pause, the search index catches up with the last build.
            let event = if preview.search_is_stale() {
                match events.recv_timeout(QUIET) {
                    Ok(event) => event,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        if let Err(errors) = preview.refresh_search() {
                            crate::report::errors(
                                &errors,
                                "The search index was not updated ({count}); the next save tries again.",
                            );
                        }
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match events.recv() {
                    Ok(event) => event,
                    Err(_) => break,
                }
            };
            let event = match event {
                Ok(event) => event,
                Err(e) => {
                    eprintln!("watching files: {e}");
                    continue;
                }
            };
            watch_new_folders(&root, &mut watcher, &event);
            if !matters(&root, &event) {
                continue;
            }
            // Let the burst finish, and fold whatever else arrived into this one build.
            std::thread::sleep(SETTLE);
            while events.try_recv().is_ok() {}
            rebuild(&mut preview, &hub);
        }
    });
    Ok(())
}

/// Watches a source folder that has just appeared in the root (made, or moved in): static/ made
/// for a first image, or content/ deleted and made again, whose old watch went with it. Files
/// put in it before the watch began are read by the rebuild that this same event starts.
fn watch_new_folders(root: &Path, watcher: &mut RecommendedWatcher, event: &Event) {
    if !matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
    ) {
        return;
    }
    for path in &event.paths {
        let source_folder = path.parent() == Some(root)
            && path
                .file_name()
                .is_some_and(|name| SOURCE_FOLDERS.iter().any(|folder| name == *folder));
        if source_folder
            && path.is_dir()
            && let Err(e) = watcher.watch(path, RecursiveMode::Recursive)
        {
            eprintln!("cannot watch {}: {e}", path.display());
        }
    }
}

/// A change to a source file. Reading a file is not a change: the build reads them all.
fn matters(root: &Path, event: &Event) -> bool {
    matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    ) && event.paths.iter().any(|p| is_source(root, p))
}
