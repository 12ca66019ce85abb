//! `knead serve` on a random loopback port: pages are served, edits rebuild them and announce
//! a reload, a broken edit keeps the server up and the next good save recovers, and paths
//! outside the build are refused. It answers only requests addressed to itself, redirects only
//! within the site, keeps its build folder private, watches source folders made after it
//! started, and closes connections that never finish their request.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{SITE, Site, article};

/// A running `knead serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
    /// What the server printed on stderr so far, line by line.
    stderr: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with_env(site, &[])
    }

    /// Starts the server with extra environment variables.
    fn start_with_env(site: &Site, env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_knead"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("knead serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("serve prints its address")
                .expect("a line");
            if let Some(at) = line.find("http://") {
                let rest = &line[at + "http://".len()..];
                break rest[..rest.find('/').expect("address ends with /")].to_string();
            }
        };
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let errors = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let sink = std::sync::Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in errors.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Server {
            child,
            address,
            stderr,
        }
    }

    /// A plain HTTP/1.0 GET: status code and body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n",
            self.address
        )
        .expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read");
        let status = response[9..12].parse().expect("status code");
        let body = response
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    fn port(&self) -> u16 {
        let (_, port) = self.address.rsplit_once(':').expect("address:port");
        port.parse().expect("a port number")
    }

    /// Sends `request` as it is and reads the whole answer, headers and body.
    fn raw(&self, request: &str) -> String {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).expect("send");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        String::from_utf8_lossy(&response).into_owned()
    }

    /// How many failed builds the server has reported on stderr.
    fn failed_builds(&self) -> usize {
        let lines = self.stderr.lock().unwrap();
        lines
            .iter()
            .filter(|l| l.starts_with("Build failed"))
            .count()
    }

    /// Waits until the server has reported `count` failed builds.
    fn wait_for_failed_builds(&self, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.failed_builds() < count {
            assert!(
                Instant::now() < deadline,
                "still {} failed builds",
                self.failed_builds()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until `path` answers with a body for which `done` holds.
    fn wait_for(&self, path: &str, done: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (status, body) = self.get(path);
            if done(status, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {path}; last answer {status}: {body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    /// Stops the server as a person would, with Ctrl-C (SIGINT), so it removes its temporary
    /// folder; kills it if it has not stopped after a few seconds.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Asserts each path gets 404 and shows nothing of the secret file or the site's sources.
#[track_caller]
fn assert_not_served(server: &Server, paths: &[&str]) {
    for path in paths {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("do not serve") && !body.contains("title: Test site"),
            "{path}: {body}"
        );
    }
}

/// The status code of a raw HTTP answer.
fn status(response: &str) -> u16 {
    response
        .get(9..12)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {response:?}"))
}

/// The value of a header of a raw HTTP answer.
fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let (head, _) = response.split_once("\r\n\r\n")?;
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// Opens the server-sent event stream.
fn open_events(address: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /__knead/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    BufReader::new(stream)
}

/// Reads server-sent events until one carries `wanted`.
fn wait_for_event(address: &str, wanted: &str) -> String {
    next_event(&mut open_events(address), wanted)
}

/// Reads an open event stream until an event carries `wanted`.
fn next_event(reader: &mut BufReader<TcpStream>, wanted: &str) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        let read = reader
            .read_line(&mut line)
            .expect("the event stream stays open");
        assert!(read > 0, "the event stream closed");
        if line.starts_with("data:") && line.contains(wanted) {
            return line;
        }
    }
}

fn site() -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article(
                "title: Posture\nsummary: Sitting still.",
                "First version.\n",
            ),
        ),
    ])
}

#[test]
fn serves_pages_with_the_reload_script_and_redirects_folders() {
    let site = site();
    let server = Server::start(&site);
    let (status, page) = server.get("/causes/posture/");
    assert_eq!(status, 200);
    assert!(page.contains("First version."), "{page}");
    assert!(
        page.contains("<script src=\"/__knead/live.js\" defer></script></body>"),
        "{page}"
    );
    assert_eq!(server.get("/causes/posture").0, 301);
    let (status, script) = server.get("/__knead/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));
    // The real build never contains the script.
    let built = site.build(&[]).ok().read("causes/posture/index.html");
    assert!(!built.contains("__knead"), "{built}");
}

#[test]
fn an_edit_rebuilds_the_page_and_announces_a_reload() {
    let site = site();
    let server = Server::start(&site);
    let address = server.address.clone();
    let events = std::thread::spawn(move || wait_for_event(&address, "\"generation\":2"));
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "content/causes/posture.md",
        article(
            "title: Posture\nsummary: Sitting still.",
            "Second version.\n",
        ),
    );
    server.wait_for("/causes/posture/", |_, body| {
        body.contains("Second version.")
    });
    let event = events.join().expect("an event arrives");
    assert!(event.contains("\"errors\":[]"), "{event}");
}

#[test]
fn a_broken_edit_keeps_the_server_up_and_a_fix_recovers() {
    let site = site();
    let server = Server::start(&site);
    site.write(
        "content/causes/posture.md",
        "---\ntitle: Posture\n---\nNo summary.\n",
    );
    let event = wait_for_event(&server.address, "missing required key");
    assert!(
        event.contains("content/causes/posture.md:1: missing required key `summary`"),
        "{event}"
    );
    // The last good build is still served.
    assert!(server.get("/causes/posture/").1.contains("First version."));
    site.write(
        "content/causes/posture.md",
        article("title: Posture\nsummary: Fixed.", "Fixed version.\n"),
    );
    server.wait_for("/causes/posture/", |_, body| {
        body.contains("Fixed version.")
    });
    wait_for_event(&server.address, "\"errors\":[]");
}

#[test]
fn paths_outside_the_build_are_refused() {
    let site = site();
    site.write("secret.txt", "do not serve");
    let server = Server::start(&site);
    assert_not_served(
        &server,
        &[
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/causes%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/site.yaml",
        ],
    );
}

#[test]
fn listens_on_loopback_only_by_default() {
    let site = site();
    let server = Server::start(&site);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
}

/// Puts a file named after the site's own temporary folder into static/, so the preview's build
/// folder can be told apart from other tests' previews; returns its name.
fn mark(site: &Site) -> String {
    let name = site
        .root()
        .file_name()
        .expect("a folder name")
        .to_string_lossy()
        .into_owned();
    let marker = format!("marker-{name}.txt");
    site.write(&format!("static/{marker}"), "marker");
    marker
}

/// The preview's build folder (`knead-serve-*/site`) that holds `marker`.
fn build_folder(marker: &str) -> PathBuf {
    let parents = [PathBuf::from("/dev/shm"), std::env::temp_dir()];
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        for parent in &parents {
            let Ok(entries) = std::fs::read_dir(parent) else {
                continue;
            };
            for entry in entries.flatten() {
                let site = entry.path().join("site");
                let ours = entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with("knead-serve-")
                    && site.join(marker).is_file();
                if ours {
                    return site;
                }
            }
        }
        assert!(Instant::now() < deadline, "no build folder holds {marker}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn answers_only_requests_addressed_to_itself() {
    let site = site();
    let server = Server::start(&site);
    let port = server.port();
    // DNS rebinding: a page of another site, whose name now resolves to 127.0.0.1.
    for path in ["/causes/posture/", "/__knead/live.js", "/__knead/events"] {
        let response = server.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status(&response), 403, "{path}: {response}");
        assert!(
            response.contains(&format!("127.0.0.1:{port}"))
                && response.contains("evil.example")
                && !response.contains("First version"),
            "{path}: {response}"
        );
    }
    let other_port = port.wrapping_add(1);
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{other_port}"),
        format!("user@127.0.0.1:{port}"),
        "localhost".to_string(),
    ] {
        let response = server.raw(&format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status(&response), 403, "{host}: {response}");
    }
    let absolute = format!(
        "GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(status(&server.raw(&absolute)), 403);
    let no_host = server.raw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&no_host), 403, "{no_host}");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = server.raw(&format!(
            "GET /causes/posture/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status(&response), 200, "{host}: {response}");
        assert!(response.contains("First version."), "{host}: {response}");
    }
}

#[test]
fn folder_redirects_stay_on_this_site() {
    let site = site();
    site.write("static/evil.example/index.html", "<p>A folder.</p>");
    let server = Server::start(&site);
    for (path, expected) in [
        ("/causes/posture", Some("/causes/posture/")),
        ("//causes/posture", Some("/causes/posture/")),
        ("///causes/posture?a=1", Some("/causes/posture/?a=1")),
        ("//evil.example", Some("/evil.example/")),
        ("//evil.example/", None),
        ("/\\evil.example", None),
        ("/\\/evil.example", None),
    ] {
        let response = server.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.address
        ));
        let location = header(&response, "location");
        if let Some(expected) = expected {
            assert_eq!(location, Some(expected), "{path}: {response}");
        }
        if let Some(location) = location {
            let second = location.chars().nth(1);
            assert!(
                location.starts_with('/') && !matches!(second, Some('/' | '\\')),
                "{path} redirects off the site: {response}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn the_build_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let site = site();
    let marker = mark(&site);
    let _server = Server::start(&site);
    let folder = build_folder(&marker);
    let private = folder.parent().expect("the knead-serve-* folder");
    let mode = std::fs::metadata(private).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{} has mode {mode:o}", private.display());
}

#[test]
fn folders_made_after_the_start_are_watched() {
    let site = site();
    let server = Server::start(&site);
    site.write("static/hello.txt", "Hello.");
    server.wait_for("/hello.txt", |status, body| {
        status == 200 && body == "Hello."
    });
    site.write("static/hello.txt", "Hello again.");
    server.wait_for("/hello.txt", |_, body| body == "Hello again.");

    std::fs::remove_dir_all(site.path("content")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let posture = |body: &str| article("title: Posture\nsummary: Sitting still.", body);
    site.write("content/causes/posture.md", posture("Second version.\n"));
    server.wait_for("/causes/posture/", |_, body| {
        body.contains("Second version.")
    });
    site.write("content/causes/posture.md", posture("Third version.\n"));
    server.wait_for("/causes/posture/", |_, body| {
        body.contains("Third version.")
    });
}

#[test]
fn stalled_requests_are_closed_but_the_event_stream_stays_open() {
    let site = site();
    let server = Server::start_with_env(&site, &[("KNEAD_SERVE_HEADER_TIMEOUT_MS", "500")]);
    let mut events = open_events(&server.address);
    next_event(&mut events, "\"generation\":1");

    // A request line and a header, and then nothing: the blank line never comes.
    let mut stalled = TcpStream::connect(&server.address).expect("connect");
    stalled
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stalled, "GET / HTTP/1.1\r\nHost: {}\r\n", server.address).unwrap();
    let started = Instant::now();
    let mut buffer = [0; 1024];
    let closed = loop {
        match stalled.read(&mut buffer) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) => {
                break !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    };
    assert!(
        closed,
        "the stalled connection is still open after {:?}",
        started.elapsed()
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // The event stream, open for longer than the timeout, still brings the next build.
    std::thread::sleep(Duration::from_millis(1500));
    site.write(
        "content/causes/posture.md",
        article(
            "title: Posture\nsummary: Sitting still.",
            "Second version.\n",
        ),
    );
    next_event(&mut events, "\"generation\":2");
    assert_eq!(server.get("/causes/posture/").0, 200);
}

#[cfg(unix)]
#[test]
fn links_out_of_the_build_are_refused() {
    let site = site();
    site.write("secret.txt", "do not serve");
    let marker = mark(&site);
    let server = Server::start(&site);
    let folder = build_folder(&marker);
    std::os::unix::fs::symlink(site.path("secret.txt"), folder.join("secret.txt")).unwrap();
    std::os::unix::fs::symlink(site.root(), folder.join("outside")).unwrap();
    assert_eq!(server.get(&format!("/{marker}")).0, 200);
    assert_not_served(
        &server,
        &[
            "/secret.txt",
            "/outside/secret.txt",
            "/outside/site.yaml",
            "/outside/",
        ],
    );
}

#[test]
fn the_watcher_does_not_follow_links_out_of_the_site() {
    let site = site();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.txt"), "first").unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/shared")).unwrap();
    let server = Server::start(&site);
    // The link is an error for the build; the server keeps running and says so.
    server.wait_for_failed_builds(1);
    assert!(
        server
            .stderr
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("content/shared: this is a symbolic link to")),
        "{:?}",
        server.stderr.lock().unwrap()
    );
    // A save outside the site, behind the link, is no reason to rebuild.
    std::fs::write(outside.path().join("notes.txt"), "second").unwrap();
    std::fs::write(outside.path().join("more.txt"), "new").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(server.failed_builds(), 1, "a save outside the site rebuilt");
    // A save inside the site is (and shows that rebuilds are seen at all).
    site.write(
        "content/causes/posture.md",
        article("title: Posture\nsummary: S.", "Edited."),
    );
    server.wait_for_failed_builds(2);
}
