//! Watches a site's sources (content/, templates/, themes/, static/, site.yaml) with notify and
//! rebuilds after each burst of saves.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::preview::Preview;
use super::{Hub, is_source, rebuild};

/// Editors save in bursts (write, rename, touch); one build follows the burst.
const SETTLE: Duration = Duration::from_millis(50);

/// How long the saves must pause before the search index is rebuilt.
const QUIET: Duration = Duration::from_millis(400);

/// Starts watching; the returned watcher stops when dropped.
pub fn start(
    root: &Path,
    mut preview: Preview,
    hub: Arc<Hub>,
) -> anyhow::Result<RecommendedWatcher> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot open {}", root.display()))?;
    let (sender, events) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(sender).context("cannot watch files")?;
    for folder in ["content", "templates", "themes", "static"] {
        let path = root.join(folder);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    // The root itself, not its sub-folders: site.yaml lives there, and so may public/ or target/.
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
                            for error in errors {
                                eprintln!("{error}");
                            }
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
            if !matters(&root, event) {
                continue;
            }
            // Let the burst finish, and fold whatever else arrived into this one build.
            std::thread::sleep(SETTLE);
            while events.try_recv().is_ok() {}
            rebuild(&mut preview, &hub);
        }
    });
    Ok(watcher)
}

/// A change to a source file. Reading a file is not a change: the build reads them all.
fn matters(root: &Path, event: notify::Result<Event>) -> bool {
    match event {
        Ok(event) => {
            matches!(
                event.kind,
                EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
            ) && event.paths.iter().any(|p| is_source(root, p))
        }
        Err(e) => {
            eprintln!("watching files: {e}");
            false
        }
    }
}
