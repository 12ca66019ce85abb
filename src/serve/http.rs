//! The preview's HTTP side (axum): files of the current build (a folder address is redirected
//! to its trailing slash, so relative links work), the live-reload script, and the stream of
//! build news as server-sent events. A path that leaves the build folder, by `..`, an encoded
//! `%2e%2e` or an encoded slash, gets 404. A request addressed to any other host than the
//! preview's own gets 403, whatever its path. Connections are hyper's own, so that one whose
//! request never ends is closed.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use percent_encoding::percent_decode_str;
use tokio_stream::wrappers::WatchStream;
use tokio_stream::{Stream, StreamExt};

use super::Hub;

const LIVE_SCRIPT_PATH: &str = "/__knead/live.js";
const EVENTS_PATH: &str = "/__knead/events";
const LIVE_SCRIPT: &str = include_str!("live.js");
/// Sent when nothing else is, so proxies and browsers keep the stream open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

#[derive(Clone)]
struct Preview {
    output: Arc<PathBuf>,
    hub: Arc<Hub>,
}

/// The preview's routes: the live-reload script, the event stream, and every other path as a
/// file of the build; all of them only for requests addressed to `own`.
pub fn router(output: PathBuf, hub: Arc<Hub>, own: OwnAddress) -> Router {
    Router::new()
        .route(LIVE_SCRIPT_PATH, axum::routing::get(live_script))
        .route(EVENTS_PATH, axum::routing::get(events))
        .fallback(file)
        .with_state(Preview {
            output: Arc::new(output),
            hub,
        })
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(own),
            only_own_address,
        ))
}

/// Answers connections until the process stops, each with hyper's HTTP/1 server. Not with
/// `axum::serve`, which gives hyper no timer: a client that opens a connection and never
/// finishes its request's head (slowloris) would hold the connection, and a task, forever. The
/// timeout runs while a head is read: from the connection's start, and on a kept-alive
/// connection from the end of one answer to the end of the next request's head. An answer being
/// sent, such as the event stream, is never cut.
pub async fn serve(listener: tokio::net::TcpListener, app: Router, header_timeout: Duration) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                accept_failed(error).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let mut connection = http1::Builder::new();
            connection
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            // A connection that fails (closed early, timed out, not HTTP) concerns its client
            // only.
            let _ = connection
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// An accept error is about one connection (reset before it was taken), or about the process
/// (out of file descriptors, which connections being closed give back): then wait a moment
/// rather than spin.
async fn accept_failed(error: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if !matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        eprintln!("cannot accept a connection: {error}");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// The address requests must be sent to: the preview's own. A web page the author visits can
/// make its own host name resolve to 127.0.0.1 (DNS rebinding); its scripts then reach the
/// preview as the same origin, and could read the author's drafts. Their requests still carry
/// that host name, though, so refusing every other name closes the door.
#[derive(Debug, Clone)]
pub struct OwnAddress {
    listening: SocketAddr,
}

impl OwnAddress {
    pub fn new(listening: SocketAddr) -> OwnAddress {
        OwnAddress { listening }
    }

    /// Why a request must not be answered, or `None` when it is addressed to this server. The
    /// Host header is required, as HTTP/1.1 requires it; a request in absolute form
    /// (`GET http://host/`) must name this server there too.
    pub fn refusal(&self, headers: &HeaderMap, uri: &Uri) -> Option<String> {
        let mut hosts = headers.get_all(header::HOST).iter();
        let reason = match (hosts.next(), hosts.next()) {
            (None, _) => "the request had no Host header".to_string(),
            (Some(_), Some(_)) => "the request had more than one Host header".to_string(),
            (Some(host), None) => {
                let host = String::from_utf8_lossy(host.as_bytes());
                match uri.authority() {
                    _ if !self.accepts(&host) => format!("the Host header was {host}"),
                    Some(named) if !self.accepts(named.as_str()) => {
                        format!("the request was for {named}")
                    }
                    _ => return None,
                }
            }
        };
        Some(format!(
            "This preview only answers requests addressed to {} ({reason}).\n",
            self.listening
        ))
    }

    /// Whether `authority` (`host:port`, compared case-insensitively) names this server:
    /// 127.0.0.1, [::1], localhost or the address it is bound to, with its port. Bound to every
    /// interface (0.0.0.0 or ::), it is reached from other computers by any of their names for
    /// it; an IP address, unlike a host name, cannot be made to point elsewhere, so then any IP
    /// address with the port is accepted.
    pub fn accepts(&self, authority: &str) -> bool {
        let Some((host, port)) = split_authority(authority) else {
            return false;
        };
        if port != self.listening.port() {
            return false;
        }
        if host.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let bound = self.listening.ip();
        ip_literal(host).is_some_and(|ip| {
            ip == IpAddr::V4(Ipv4Addr::LOCALHOST)
                || ip == IpAddr::V6(Ipv6Addr::LOCALHOST)
                || ip == bound
                || bound.is_unspecified()
        })
    }
}

/// `host:port` split in two, an IPv6 host keeping its brackets; no port is HTTP's 80.
fn split_authority(authority: &str) -> Option<(&str, u16)> {
    // A user name (`user@host`) never belongs in a Host header.
    if authority.contains('@') {
        return None;
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => {
            let digits = !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| port.parse().ok().map(|port| (host, port)))?
        }
        _ => Some((authority, 80)),
    }
}

/// The IP address a host is written as: `127.0.0.1`, or `[::1]` in brackets.
fn ip_literal(host: &str) -> Option<IpAddr> {
    match host.strip_prefix('[') {
        Some(v6) => v6
            .strip_suffix(']')?
            .parse::<Ipv6Addr>()
            .ok()
            .map(IpAddr::V6),
        None => host.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    }
}

/// Answers 403, before any route, to a request addressed to another host (see `OwnAddress`).
async fn only_own_address(
    State(own): State<Arc<OwnAddress>>,
    request: Request,
    next: Next,
) -> Response {
    match own.refusal(request.headers(), request.uri()) {
        None => next.run(request).await,
        Some(reason) => file_response(
            reason.into_bytes(),
            "text/plain; charset=utf-8",
            StatusCode::FORBIDDEN,
        ),
    }
}

/// Where a request path leads.
#[derive(Debug, PartialEq)]
pub enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Redirect(String),
    NotFound,
}

/// Maps a URL path (no query) onto the build folder, refusing anything that could leave it.
pub fn resolve(output: &Path, url_path: &str) -> Target {
    let lower = url_path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || url_path.contains('\\') {
        return Target::NotFound;
    }
    let Ok(decoded) = percent_decode_str(url_path).decode_utf8() else {
        return Target::NotFound;
    };
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == ".." || *s == "." || s.contains('\0') || s.contains('\\'))
    {
        return Target::NotFound;
    }
    let mut path = output.to_path_buf();
    path.extend(&segments);
    if path.is_dir() {
        if !url_path.ends_with('/') {
            return Target::Redirect(folder_location(url_path));
        }
        path.push("index.html");
    }
    // A link inside the build could still point outside it.
    match (path.canonicalize(), output.canonicalize()) {
        (Ok(file), Ok(root)) if file.starts_with(&root) && file.is_file() => Target::File(file),
        _ => Target::NotFound,
    }
}

/// Where a folder asked for without its trailing slash is redirected: the same path, with the
/// slash, and with empty segments dropped. `//evil.example` must never become the Location
/// `//evil.example/`, which a browser reads as another site's address.
fn folder_location(url_path: &str) -> String {
    let mut location = String::from("/");
    for segment in url_path.split('/').filter(|s| !s.is_empty()) {
        location.push_str(segment);
        location.push('/');
    }
    location
}

async fn live_script() -> Response {
    file_response(
        LIVE_SCRIPT.as_bytes().to_vec(),
        "text/javascript; charset=utf-8",
        StatusCode::OK,
    )
}

/// Server-sent events: the build state now, then each change, for as long as the page is open.
async fn events(
    State(preview): State<Preview>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(preview.hub.subscribe()).map(|state| {
        let data = serde_json::json!({"generation": state.generation, "errors": state.errors});
        Ok(Event::default().event("state").data(data.to_string()))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
}

async fn file(State(preview): State<Preview>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "Method not allowed").into_response();
    }
    let output = preview.output.as_path();
    match resolve(output, uri.path()) {
        Target::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => file_response(
                with_live_script(&path, bytes),
                content_type(&path),
                StatusCode::OK,
            ),
            Err(_) => not_found(output).await,
        },
        Target::Redirect(location) => {
            let query = uri.query().map_or_else(String::new, |q| format!("?{q}"));
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("{location}{query}")) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Target::NotFound => not_found(output).await,
    }
}

async fn not_found(output: &Path) -> Response {
    let page = output.join("404.html");
    match tokio::fs::read(&page).await {
        Ok(bytes) => file_response(
            with_live_script(&page, bytes),
            "text/html; charset=utf-8",
            StatusCode::NOT_FOUND,
        ),
        Err(_) => file_response(
            b"Not found".to_vec(),
            "text/plain; charset=utf-8",
            StatusCode::NOT_FOUND,
        ),
    }
}

fn file_response(bytes: Vec<u8>, kind: &'static str, status: StatusCode) -> Response {
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // A preview must never show an old version of a page.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Adds the live-reload script to an HTML page, just before `</body>`.
pub fn with_live_script(file: &Path, bytes: Vec<u8>) -> Vec<u8> {
    if file.extension().and_then(|e| e.to_str()) != Some("html") {
        return bytes;
    }
    let tag = format!("<script src=\"{LIVE_SCRIPT_PATH}\" defer></script>");
    let text = String::from_utf8_lossy(&bytes);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("causes/a")).unwrap();
        std::fs::write(out.join("index.html"), "home").unwrap();
        std::fs::write(out.join("causes/a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let out_canon = out.canonicalize().unwrap();

        assert_eq!(
            resolve(&out, "/"),
            Target::File(out_canon.join("index.html"))
        );
        assert_eq!(
            resolve(&out, "/causes/a/"),
            Target::File(out_canon.join("causes/a/index.html"))
        );
        assert_eq!(
            resolve(&out, "/causes/a"),
            Target::Redirect("/causes/a/".into())
        );
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/causes%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/nope.html",
        ] {
            assert_eq!(resolve(&out, bad), Target::NotFound, "{bad}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_that_lead_out_of_the_build_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::fs::write(dir.path().join("index.html"), "secret").unwrap();
        std::fs::write(out.join("inside.txt"), "inside").unwrap();
        let link = |from: &Path, to: &str| std::os::unix::fs::symlink(from, out.join(to)).unwrap();
        link(&dir.path().join("secret.txt"), "secret.txt");
        link(dir.path(), "outside");
        link(&out.join("inside.txt"), "alias.txt");
        for bad in ["/secret.txt", "/outside/secret.txt", "/outside/"] {
            assert_eq!(resolve(&out, bad), Target::NotFound, "{bad}");
        }
        // A link that stays inside is served as the file it names.
        let inside = out.canonicalize().unwrap().join("inside.txt");
        assert_eq!(resolve(&out, "/alias.txt"), Target::File(inside));
    }

    #[test]
    fn folder_redirects_never_leave_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("evil.example/a")).unwrap();
        for (path, location) in [
            ("/evil.example", "/evil.example/"),
            ("//evil.example", "/evil.example/"),
            ("///evil.example", "/evil.example/"),
            ("//evil.example//a", "/evil.example/a/"),
        ] {
            assert_eq!(
                resolve(&out, path),
                Target::Redirect(location.into()),
                "{path}"
            );
        }
        assert_eq!(resolve(&out, "/\\evil.example"), Target::NotFound);
    }

    #[test]
    fn only_the_preview_s_own_address_is_answered() {
        let own = OwnAddress::new("127.0.0.1:1111".parse().unwrap());
        for yes in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
        ] {
            assert!(own.accepts(yes), "{yes}");
        }
        for no in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1:1112",
            "127.0.0.2:1111",
            "192.168.1.5:1111",
            "localhost",
            "localhost:",
            "localhost:+1111",
            "user@localhost:1111",
            "[::1]",
            "[::1:1111",
            "",
        ] {
            assert!(!own.accepts(no), "{no}");
        }
        // Port 80 may be left out, as browsers do.
        assert!(OwnAddress::new("127.0.0.1:80".parse().unwrap()).accepts("localhost"));
    }

    #[test]
    fn a_bound_address_is_accepted_and_any_ip_when_bound_to_all() {
        let lan = OwnAddress::new("192.168.1.5:1111".parse().unwrap());
        assert!(lan.accepts("192.168.1.5:1111") && lan.accepts("localhost:1111"));
        assert!(!lan.accepts("192.168.1.6:1111") && !lan.accepts("evil.example:1111"));
        let all = OwnAddress::new("0.0.0.0:1111".parse().unwrap());
        assert!(all.accepts("192.168.1.6:1111") && all.accepts("[fe80::1]:1111"));
        assert!(!all.accepts("evil.example:1111") && !all.accepts("192.168.1.6:1112"));
    }

    #[test]
    fn a_refusal_says_which_address_is_answered() {
        let own = OwnAddress::new("127.0.0.1:1111".parse().unwrap());
        let uri: Uri = "/".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert_eq!(
            own.refusal(&headers, &uri).unwrap(),
            "This preview only answers requests addressed to 127.0.0.1:1111 \
             (the request had no Host header).\n"
        );
        headers.insert(header::HOST, HeaderValue::from_static("evil.example"));
        assert_eq!(
            own.refusal(&headers, &uri).unwrap(),
            "This preview only answers requests addressed to 127.0.0.1:1111 \
             (the Host header was evil.example).\n"
        );
        headers.insert(header::HOST, HeaderValue::from_static("localhost:1111"));
        assert_eq!(own.refusal(&headers, &uri), None);
        let absolute: Uri = "http://evil.example/".parse().unwrap();
        assert!(own.refusal(&headers, &absolute).is_some());
        headers.append(header::HOST, HeaderValue::from_static("localhost:1111"));
        assert!(own.refusal(&headers, &uri).is_some());
    }

    #[test]
    fn the_script_goes_into_html_only() {
        let html = with_live_script(Path::new("a.html"), b"<p>x</p></body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<p>x</p><script src=\"/__knead/live.js\" defer></script></body></html>"
        );
        assert_eq!(
            with_live_script(Path::new("a.css"), b"p{}".to_vec()),
            b"p{}".to_vec()
        );
    }
}
