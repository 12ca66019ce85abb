//! `knead serve`: the author's preview. Builds the site into a private temporary folder, serves
//! it on loopback, watches the sources and rebuilds on every save; open pages reload themselves
//! (server-sent events), and a broken build shows its errors over the page until the next good
//! save. The reload script is added to HTML only as it is served, never written into a build.
//!
//! 1. `watch` turns file events into rebuilds and publishes each result to the `Hub`;
//! 2. `http` answers requests from the current build and streams the `Hub`'s news.

mod http;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

use anyhow::Context;

use crate::BuildOptions;

/// What `knead serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

/// The outcome of the latest build, shared by the watcher and every connection.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildState {
    /// Counts successful builds: a page reloads when it changes.
    pub generation: u64,
    /// The latest build's errors, as `path:line: message` lines; empty when it succeeded.
    pub errors: Vec<String>,
}

/// Where build results are published and waited for.
pub struct Hub {
    state: Mutex<BuildState>,
    changed: Condvar,
}

impl Hub {
    fn new() -> Hub {
        Hub {
            state: Mutex::new(BuildState::default()),
            changed: Condvar::new(),
        }
    }

    pub fn current(&self) -> BuildState {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn publish(&self, update: impl FnOnce(&mut BuildState)) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        update(&mut state);
        self.changed.notify_all();
    }

    /// Waits until the state differs from `seen`, or `timeout` passes; returns the state.
    pub fn wait_for_change(&self, seen: &BuildState, timeout: std::time::Duration) -> BuildState {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s == seen)
            .unwrap_or_else(|e| e.into_inner());
        state.clone()
    }
}

/// Builds once, then serves and rebuilds until interrupted.
pub fn serve(options: &ServeOptions) -> anyhow::Result<()> {
    let folder = preview_folder()?;
    // Ctrl-C, from now on: remove the temporary folder and leave.
    let cleanup = folder.path().to_path_buf();
    ctrlc::set_handler(move || {
        let _ = std::fs::remove_dir_all(&cleanup);
        println!("\nStopped.");
        std::process::exit(0);
    })
    .context("cannot catch Ctrl-C")?;
    let output = folder.path().join("site");
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: output.clone(),
        base_url: None,
        drafts: options.drafts,
        portable: false,
    };
    let hub = Arc::new(Hub::new());
    rebuild(&build_options, &hub);

    let address = SocketAddr::new(options.bind, options.port);
    let server = tiny_http::Server::http(address).map_err(|e| {
        anyhow::anyhow!("cannot listen on {address}: {e} (choose another with --port)")
    })?;
    let address = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?;
    // Watch before announcing the address, so no save made after it is missed.
    let _watcher = watch::start(&options.root, build_options, Arc::clone(&hub))?;
    let url = format!("http://{address}/");
    println!(
        "Serving {} at {url} (Ctrl-C to stop)",
        options.root.display()
    );
    if !options.bind.is_loopback() {
        println!(
            "Warning: --bind {} makes the preview reachable from other computers",
            options.bind
        );
    }

    if options.open {
        open_browser(&url);
    }
    http::run(server, output, hub);
    Ok(())
}

/// A private temporary folder for the preview's builds: in memory (/dev/shm) where the system
/// has one, since every save rewrites the whole site there; elsewhere the usual temporary folder.
fn preview_folder() -> anyhow::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("knead-serve-");
    let memory = std::path::Path::new("/dev/shm");
    if memory.is_dir() {
        if let Ok(folder) = builder.tempdir_in(memory) {
            return Ok(folder);
        }
    }
    builder
        .tempdir()
        .context("cannot create a temporary folder")
}

/// Runs one build and publishes its result; prints a line, or the errors, to the terminal.
fn rebuild(options: &BuildOptions, hub: &Hub) {
    let started = Instant::now();
    match crate::build(options) {
        Ok(report) => {
            println!(
                "Built {} pages in {:.0} ms",
                report.pages,
                started.elapsed().as_secs_f64() * 1000.0
            );
            hub.publish(|s| {
                s.generation += 1;
                s.errors.clear();
            });
        }
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            for line in &lines {
                eprintln!("{line}");
            }
            eprintln!(
                "Build failed with {} error{}; the preview shows them until the next good save.",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" }
            );
            hub.publish(|s| s.errors = lines);
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        println!("Open {url} in your browser.");
    }
}

/// Whether a changed path is one of the site's sources.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative.components();
    let first = parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let hidden = relative.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
    });
    !hidden
        && match first.as_deref() {
            Some("site.yaml") => parts.next().is_none(),
            Some("content" | "templates" | "themes" | "static") => true,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_content_templates_themes_static_and_site_yaml() {
        let root = Path::new("/site");
        for yes in [
            "/site/site.yaml",
            "/site/content/a.md",
            "/site/themes/x/templates/a.html",
            "/site/static/a.png",
        ] {
            assert!(is_source(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/content/.a.md.swp",
            "/site/content/a.md~",
            "/other/content/a.md",
            "/site/README.md",
        ] {
            assert!(!is_source(root, Path::new(no)), "{no}");
        }
    }

    #[test]
    fn waiting_sees_a_change() {
        let hub = Arc::new(Hub::new());
        let seen = hub.current();
        let publisher = Arc::clone(&hub);
        std::thread::spawn(move || publisher.publish(|s| s.generation = 5));
        let state = hub.wait_for_change(&seen, std::time::Duration::from_secs(5));
        assert_eq!(state.generation, 5);
    }
}
