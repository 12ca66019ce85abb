//! A small HTML tag reader, enough for minified output (quoted, single-quoted and unquoted
//! attribute values), and the link checker built on it.

use std::collections::{BTreeMap, BTreeSet};

/// One start tag: its lowercased name and its attributes in order, values decoded.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`, in order. Comments, end tags, the doctype and the text of
/// `<script>`, `<style>`, `<title>` and `<textarea>` (where a `<` starts no tag) are skipped.
pub fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        i += offset;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("</") || rest.starts_with("<!") || rest.starts_with("<?") {
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if !bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // Tag name.
        let mut j = i + 1;
        while j < bytes.len()
            && !bytes[j].is_ascii_whitespace()
            && bytes[j] != b'>'
            && bytes[j] != b'/'
        {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        // Attributes.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr_name = html[start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && (bytes[j] == b'"' || bytes[j] == b'\'') {
                    let quote = bytes[j];
                    let end = html[j + 1..]
                        .find(quote as char)
                        .map_or(bytes.len(), |e| j + 1 + e);
                    value = decode_entities(&html[j + 1..end]);
                    j = (end + 1).min(bytes.len());
                } else {
                    let start = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[start..j]);
                }
            }
            if !attr_name.is_empty() {
                attrs.push((attr_name, value));
            }
        }
        i = j.min(bytes.len());
        if matches!(name.as_str(), "script" | "style" | "title" | "textarea") {
            let close = format!("</{name}");
            i += html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .unwrap_or(html.len() - i);
        }
        out.push(Tag { name, attrs });
    }
    out
}

/// Decodes the character references that can appear in attribute values.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every `id` attribute of a page.
pub fn ids(html: &str) -> BTreeSet<String> {
    tags(html)
        .into_iter()
        .filter_map(|t| t.attr("id").map(str::to_string))
        .collect()
}

/// Every `href` and `src` value of a page, with the tag it is on.
pub fn links(html: &str) -> Vec<(Tag, String)> {
    let mut out = Vec::new();
    for tag in tags(html) {
        for (name, value) in &tag.attrs {
            if name == "href" || name == "src" {
                out.push((tag.clone(), value.clone()));
            }
        }
    }
    out
}

/// How the checker treats a link to a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A served site: `dir/` opens `dir/index.html`.
    Served,
    /// A site read from disk: links must name their file, `dir/` is broken.
    Portable,
}

fn has_scheme(link: &str) -> bool {
    let Some(colon) = link.find(':') else {
        return false;
    };
    let scheme = &link[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&path[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Resolves `link` (already without fragment or query) against the page at `page` (a path
/// relative to the output root). `None` when it climbs out of the site.
fn resolve(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    let names_a_folder =
        link.is_empty() || link.ends_with('/') || link.ends_with("/.") || link == ".";
    if names_a_folder && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Checks every `href` and `src` of every HTML page in `files` (an output tree) except 404.html:
/// none is absolute to the host (`/x`, `//x`); a link with a scheme (`https:`, `mailto:`) is
/// either the page's `<link rel=canonical>` (under `base_url`) or written by an author (it
/// appears in `authored`, the text of the site's content files); every other link resolves to
/// an output file, and its `#fragment` (if any) to an `id` in that file.
/// Returns one line per problem.
pub fn check_links(
    files: &BTreeMap<String, Vec<u8>>,
    mode: Mode,
    base_url: Option<&str>,
    authored: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    let mut id_cache: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |file: &str| -> BTreeSet<String> {
        id_cache
            .entry(file.to_string())
            .or_insert_with(|| ids(&String::from_utf8_lossy(&files[file])))
            .clone()
    };
    let mut checked = 0;
    for (page, bytes) in files {
        if !page.ends_with(".html") || page == "404.html" {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for (tag, link) in links(&html) {
            checked += 1;
            let at = format!("{page}: <{} {}>", tag.name, link);
            if link.starts_with('/') {
                problems.push(format!("{at}: absolute to the host, not relative"));
                continue;
            }
            if has_scheme(&link) {
                let canonical = tag.name == "link" && tag.attr("rel") == Some("canonical");
                if canonical {
                    if base_url.is_none_or(|base| !link.starts_with(base)) {
                        problems.push(format!("{at}: canonical link outside the base URL"));
                    }
                } else if !authored.contains(link.as_str()) {
                    problems.push(format!(
                        "{at}: an absolute URL no author wrote (internal links must be relative)"
                    ));
                }
                continue;
            }
            let (without_fragment, fragment) = match link.split_once('#') {
                Some((l, f)) => (l, Some(f)),
                None => (link.as_str(), None),
            };
            let path_part = without_fragment.split('?').next().unwrap_or("");
            let target = if path_part.is_empty() && fragment.is_some() {
                page.clone()
            } else {
                let Some(resolved) = resolve(page, &percent_decode(path_part)) else {
                    problems.push(format!("{at}: climbs out of the site"));
                    continue;
                };
                if resolved.is_empty() || resolved.ends_with('/') {
                    if mode == Mode::Portable {
                        problems.push(format!(
                            "{at}: names a folder, not its index.html (portable build)"
                        ));
                        continue;
                    }
                    format!("{resolved}index.html")
                } else {
                    resolved
                }
            };
            if !files.contains_key(&target) {
                problems.push(format!("{at}: no such file `{target}`"));
                continue;
            }
            if let Some(fragment) = fragment {
                let fragment = percent_decode(fragment);
                if !ids_of(&target).contains(&fragment) {
                    problems.push(format!("{at}: `{target}` has no id `{fragment}`"));
                }
            }
        }
    }
    assert!(checked > 0, "the link checker found no links at all");
    problems
}

/// Runs `check_links` and fails with every problem found.
#[track_caller]
pub fn assert_links_ok(
    files: &BTreeMap<String, Vec<u8>>,
    mode: Mode,
    base_url: Option<&str>,
    authored: &str,
) {
    let problems = check_links(files, mode, base_url, authored);
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The text of every file under `root/content/`: where authors write their external links.
pub fn authored_text(root: &std::path::Path) -> String {
    crate::support::tree(&root.join("content"))
        .into_values()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `content` of the first `<meta>` whose `key` attribute is `value`
/// (`meta(html, "name", "description")`, `meta(html, "property", "og:title")`).
pub fn meta(html: &str, key: &str, value: &str) -> Option<String> {
    tags(html)
        .into_iter()
        .find(|t| t.name == "meta" && t.attr(key) == Some(value))
        .and_then(|t| t.attr("content").map(str::to_string))
}

/// The first tag named `name` that has attribute `key` equal to `value`.
pub fn find_tag(html: &str, name: &str, key: &str, value: &str) -> Option<Tag> {
    tags(html)
        .into_iter()
        .find(|t| t.name == name && t.attr(key) == Some(value))
}

/// The text between the first `start` and the next `end` after it, as written (markup kept).
#[track_caller]
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found in:\n{html}"))
        + start.len();
    let to = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("`{end}` not found after `{start}`"))
        + from;
    &html[from..to]
}

/// `html` with its tags removed and character references decoded: what a reader sees.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        rest = &rest[rest.find('>').map_or(rest.len(), |e| e + 1)..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// The hrefs of every `<a>` in `html`, in order.
pub fn anchors(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect()
}

/// The `id` values that appear more than once in a page.
pub fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut repeated = BTreeSet::new();
    for tag in tags(html) {
        if let Some(id) = tag.attr("id")
            && !seen.insert(id.to_string())
        {
            repeated.insert(id.to_string());
        }
    }
    repeated.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_single_quoted_and_unquoted_values() {
        let t = tags(
            r#"<a href=../../x/ class="a b" title='it&#39;s'>x</a><img src=p.png alt=""><br/>"#,
        );
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].attr("href"), Some("../../x/"));
        assert_eq!(t[0].attr("class"), Some("a b"));
        assert_eq!(t[0].attr("title"), Some("it's"));
        assert_eq!(t[1].attr("src"), Some("p.png"));
        assert_eq!(t[1].attr("alt"), Some(""));
        assert_eq!(t[2].name, "br");
    }

    #[test]
    fn unquoted_value_ends_at_the_closing_bracket() {
        let t = tags("<a href=../>up</a><a href=#top>top</a>");
        assert_eq!(t[0].attr("href"), Some("../"));
        assert_eq!(t[1].attr("href"), Some("#top"));
    }

    #[test]
    fn skips_script_text_and_comments() {
        let t = tags(r#"<!-- <a href=x> --><script>var a = "<a href=y>";</script><p id=z>"#);
        let names: Vec<_> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["script", "p"]);
    }

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(resolve("a/b/index.html", "../../").as_deref(), Some(""));
        assert_eq!(resolve("a/b/index.html", "../c/").as_deref(), Some("a/c/"));
        assert_eq!(resolve("index.html", "./").as_deref(), Some(""));
        assert_eq!(resolve("index.html", "a/").as_deref(), Some("a/"));
        assert_eq!(resolve("index.html", "../x"), None);
    }

    #[test]
    fn only_authored_urls_and_the_canonical_may_be_absolute() {
        let mut files = BTreeMap::new();
        files.insert(
            "index.html".to_string(),
            b"<link rel=canonical href=https://ex.org/><a href=https://nhs.uk/>n</a><a href=https://ex.org/a/>a</a>"
                .to_vec(),
        );
        let authored = "[n](https://nhs.uk/)";
        let problems = check_links(&files, Mode::Served, Some("https://ex.org/"), authored);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("https://ex.org/a/"), "{problems:#?}");
    }

    #[test]
    fn finds_broken_links_and_fragments() {
        let mut files = BTreeMap::new();
        files.insert(
            "index.html".to_string(),
            b"<a href=a/>a</a><a href=a/#h>h</a><a href=a/#nope>n</a><a href=/abs>x</a><a href=b/>b</a>".to_vec(),
        );
        files.insert(
            "a/index.html".to_string(),
            b"<h2 id=h>H</h2><a href=../>up</a>".to_vec(),
        );
        let problems = check_links(&files, Mode::Served, None, "");
        assert_eq!(problems.len(), 3, "{problems:#?}");
        let portable = check_links(&files, Mode::Portable, None, "");
        assert!(
            portable.iter().any(|p| p.contains("names a folder")),
            "{portable:#?}"
        );
    }
}
