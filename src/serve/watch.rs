//! Watches a site's sources (content/, templates/, themes/, static/, site.yaml) with notify and
//! rebuilds after each burst of saves.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::{Hub, is_source, rebuild};
use crate::BuildOptions;

/// Editors save in bursts (write, rename, touch); one build follows the burst.
const SETTLE: Duration = Duration::from_millis(50);

/// Starts watching; the returned watcher stops when dropped.
pub fn start(
    root: &Path,
    options: BuildOptions,
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
        while let Ok(event) = events.recv() {
            if !matters(&root, event) {
                continue;
            }
            // Let the burst finish, and fold whatever else arrived into this one build.
            std::thread::sleep(SETTLE);
            while events.try_recv().is_ok() {}
            rebuild(&options, &hub);
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
