//! `knead serve`: the author's preview. Builds the site into a private temporary folder, serves
//! it on loopback, watches the sources and rebuilds on every save; open pages reload themselves
//! (server-sent events), and a broken build shows its errors over the page until the next good
//! save. The reload script is added to HTML only as it is served, never written into a build.
//!
//! 1. `watch` turns file events into rebuilds and publishes each result to the `Hub`;
//! 2. `http` answers requests from the current build and streams the `Hub`'s news.

mod http;
pub mod preview;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::Settings;

/// Where `knead serve` listens, and whether it opens a browser.
#[derive(Debug, Clone)]
pub struct Listen {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
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

/// Where build results are published; every open page subscribes.
pub struct Hub {
    state: tokio::sync::watch::Sender<BuildState>,
}

impl Hub {
    fn new() -> Hub {
        Hub {
            state: tokio::sync::watch::Sender::new(BuildState::default()),
        }
    }

    pub fn current(&self) -> BuildState {
        self.state.borrow().clone()
    }

    fn publish(&self, update: impl FnOnce(&mut BuildState)) {
        self.state.send_modify(update);
    }

    /// The state now, and every change after it.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<BuildState> {
        self.state.subscribe()
    }
}

/// Builds once, then serves and rebuilds until interrupted.
pub fn serve(settings: &Settings, options: &Listen) -> anyhow::Result<()> {
    let folder = preview_folder()?;
    // Ctrl-C, from now on, and also `kill` (SIGTERM) or a closed terminal (SIGHUP): remove the
    // temporary folder (a whole copy of the site, in memory where /dev/shm is) and leave.
    let cleanup = folder.path().to_path_buf();
    ctrlc::set_handler(move || {
        let _ = std::fs::remove_dir_all(&cleanup);
        println!("\nStopped.");
        std::process::exit(0);
    })
    .context("cannot catch Ctrl-C and termination signals")?;
    let output = folder.path().join("site");
    // The preview is served from its own root, so it needs neither a base URL nor portable links.
    let build_options = Settings {
        output: output.clone(),
        base_url: None,
        portable: false,
        ..settings.clone()
    };
    let hub = Arc::new(Hub::new());
    let mut preview = preview::Preview::new(build_options);
    rebuild(&mut preview, &hub);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the preview server")?;
    runtime.block_on(async {
        let address = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("cannot listen on {address} (choose another with --port)"))?;
        let address = listener.local_addr().context("the server has no address")?;
        // Watch before announcing the address, so no save made after it is missed.
        watch::start(&settings.root, preview, Arc::clone(&hub))?;
        let url = format!("http://{address}/");
        println!(
            "Serving {} at {url} (Ctrl-C to stop)",
            settings.root.display()
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
        let app = http::router(output, hub, http::OwnAddress::new(address));
        http::serve(listener, app, header_timeout()).await;
        Ok::<(), anyhow::Error>(())
    })?;
    Ok(())
}

/// How long a client may take to send a request's head before its connection is closed: long
/// enough for any real client, short enough that stalled connections do not pile up.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// The header timeout. The environment variable KNEAD_SERVE_HEADER_TIMEOUT_MS (milliseconds)
/// overrides it, so that the tests of stalled connections need not wait 10 s; it is not an
/// option meant for authors, and is not documented elsewhere.
fn header_timeout() -> Duration {
    std::env::var("KNEAD_SERVE_HEADER_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.parse::<u64>().ok())
        .filter(|&ms| ms > 0)
        .map_or(HEADER_TIMEOUT, Duration::from_millis)
}

/// A private temporary folder for the preview's builds: in memory (/dev/shm) where the system
/// has one, since every save rewrites the whole site there; elsewhere the usual temporary folder.
fn preview_folder() -> anyhow::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("knead-serve-");
    // Drafts are built there too. tempfile makes folders with the default mode (0755 under the
    // usual umask), which lets every user of the computer read them.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let memory = std::path::Path::new("/dev/shm");
    if memory.is_dir()
        && let Ok(folder) = builder.tempdir_in(memory)
    {
        return Ok(folder);
    }
    builder
        .tempdir()
        .context("cannot create a temporary folder")
}

/// Runs one build and publishes its result; prints a line, or the errors, to the terminal.
fn rebuild(preview: &mut preview::Preview, hub: &Hub) {
    match preview.build() {
        Ok(report) => {
            hub.publish(|s| {
                s.generation += 1;
                s.errors.clear();
            });
            println!(
                "Built {} pages in {:.0} ms ({} rendered, {} files written or removed)",
                report.pages,
                report.took.as_secs_f64() * 1000.0,
                report.rendered,
                report.changed,
            );
        }
        Err(errors) => {
            crate::report::errors(
                &errors,
                "Build failed with {count}; the preview shows them until the next good save.",
            );
            hub.publish(|s| s.errors = errors.iter().map(ToString::to_string).collect());
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
    // The loader's own rule: a file it would skip is no reason to rebuild.
    let hidden = relative
        .components()
        .any(|c| crate::load::is_ignored(&c.as_os_str().to_string_lossy()));
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
    fn subscribers_see_each_build() {
        let hub = Hub::new();
        let mut pages = hub.subscribe();
        assert_eq!(pages.borrow_and_update().generation, 0);
        hub.publish(|s| s.generation = 5);
        assert!(pages.has_changed().unwrap());
        assert_eq!(pages.borrow_and_update().generation, 5);
        hub.publish(|s| s.errors = vec!["a.md:1: broken".into()]);
        assert_eq!(hub.current().errors.len(), 1);
    }
}
