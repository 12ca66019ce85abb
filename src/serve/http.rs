//! The preview's HTTP side: files of the current build (a folder address is redirected to its
//! trailing slash, so relative links work), the live-reload script, and the stream of build
//! news. A path that leaves the build folder, by `..`, an encoded `%2e%2e` or an encoded slash,
//! gets 404.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Request, Response, Server, StatusCode};

use super::{BuildState, Hub};

const LIVE_SCRIPT_PATH: &str = "/__knead/live.js";
const EVENTS_PATH: &str = "/__knead/events";
const LIVE_SCRIPT: &str = include_str!("live.js");
/// Sent when nothing else is, so proxies and browsers keep the stream open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Answers requests until the process ends, one thread per connection.
pub fn run(server: Server, output: PathBuf, hub: Arc<Hub>) {
    let output = Arc::new(output);
    for request in server.incoming_requests() {
        let output = Arc::clone(&output);
        let hub = Arc::clone(&hub);
        std::thread::spawn(move || answer(request, &output, &hub));
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
            return Target::Redirect(format!("{url_path}/"));
        }
        path.push("index.html");
    }
    // A link inside the build could still point outside it.
    match (path.canonicalize(), output.canonicalize()) {
        (Ok(file), Ok(root)) if file.starts_with(&root) && file.is_file() => Target::File(file),
        _ => Target::NotFound,
    }
}

fn answer(request: Request, output: &Path, hub: &Hub) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
    let method = request.method().as_str().to_string();
    if method != "GET" && method != "HEAD" {
        let _ = request.respond(Response::from_string("Method not allowed").with_status_code(405));
        return;
    }
    if path == EVENTS_PATH {
        stream_events(request, hub);
        return;
    }
    let response = if path == LIVE_SCRIPT_PATH {
        file_response(
            LIVE_SCRIPT.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
            200,
        )
    } else {
        match resolve(output, &path) {
            Target::File(file) => match std::fs::read(&file) {
                Ok(bytes) => {
                    file_response(with_live_script(&file, bytes), content_type(&file), 200)
                }
                Err(_) => not_found(output),
            },
            Target::Redirect(location) => {
                let query = url.find('?').map_or("", |i| &url[i..]);
                let header = Header::from_bytes("Location", format!("{location}{query}"))
                    .expect("valid header");
                Response::from_data(Vec::new())
                    .with_status_code(301)
                    .with_header(header)
                    .with_header(Header::from_bytes("Connection", "close").expect("valid header"))
            }
            Target::NotFound => not_found(output),
        }
    };
    let _ = request.respond(response);
}

fn not_found(output: &Path) -> Response<std::io::Cursor<Vec<u8>>> {
    let page = output.join("404.html");
    match std::fs::read(&page) {
        Ok(bytes) => file_response(
            with_live_script(&page, bytes),
            "text/html; charset=utf-8",
            404,
        ),
        Err(_) => file_response(b"Not found".to_vec(), "text/plain; charset=utf-8", 404),
    }
}

fn file_response(bytes: Vec<u8>, kind: &str, status: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(bytes)
        .with_status_code(StatusCode(status))
        .with_header(Header::from_bytes("Content-Type", kind).expect("valid header"))
        // A preview must never show an old version of a page.
        .with_header(Header::from_bytes("Cache-Control", "no-store").expect("valid header"))
        // tiny_http keeps a thread per open connection, and its pool can miss a waiting
        // connection while every thread sits on an idle keep-alive one; closing each answered
        // connection frees its thread at once (event streams stay open by design).
        .with_header(Header::from_bytes("Connection", "close").expect("valid header"))
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

/// Server-sent events: the build state now, then each change, until the page goes away.
fn stream_events(request: Request, hub: &Hub) {
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    let mut seen: Option<BuildState> = None;
    loop {
        let state = match &seen {
            None => hub.current(),
            Some(seen) => hub.wait_for_change(seen, KEEP_ALIVE),
        };
        let message = if seen.as_ref() == Some(&state) {
            ": still here\n\n".to_string()
        } else {
            let data = serde_json::json!({"generation": state.generation, "errors": state.errors});
            format!("event: state\ndata: {data}\n\n")
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
        seen = Some(state);
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
