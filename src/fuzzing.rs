//! Entry points for the fuzz targets in `fuzz/`, outside the pipeline: each runs one parser, or
//! the whole model stage, on arbitrary input and asserts what must hold for every input. A panic
//! here, or a failed assertion, is a bug the fuzzer reports. Not part of knead's interface.
//!
//! What every entry point checks: nothing panics, and every error names a line that exists in
//! its file (line 1 to the number of line breaks plus one).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::SiteConfig;
use crate::error::Error;
use crate::load::{Source, SourceBytes, SourceText, Theme};
use crate::model::{self, Body, LinkTarget, ModelOptions, PageRef, body, front_matter, page};

/// Front matter splitting, then the same text read as an article, a collection index and the
/// home page.
pub fn front_matter(text: &str) {
    if let Ok(split) = front_matter::split(text) {
        assert!(split.body_line >= 2, "the body starts after a fence");
        let inside = |part: &str| {
            let start = part.as_ptr() as usize;
            start >= text.as_ptr() as usize
                && start + part.len() <= text.as_ptr() as usize + text.len()
        };
        assert!(
            inside(split.yaml) && inside(split.body),
            "parts are slices of the text"
        );
    }
    let collections = ["causes".to_string(), "techniques".to_string()];
    let mut errors = Vec::new();
    let article = page::parse_article("content/causes/a.md", "a", text, &collections, &mut errors);
    if let Ok(article) = &article {
        assert!(
            errors.is_empty(),
            "a parsed article has no errors: {errors:?}"
        );
        assert!(
            model::slug::is_valid_slug(&article.front.slug),
            "slug {:?}",
            article.front.slug
        );
        assert!(!article.front.title.is_empty() && !article.front.summary.is_empty());
    }
    let _ = page::parse_collection("content/causes/_index.md", text, &mut errors);
    let _ = page::parse_home("content/_index.md", text, &mut errors);
    assert_lines_inside(&errors, text);
    // The YAML layer alone, on the whole text.
    if let Err(e) = crate::yaml::parse_mapping(text)
        && let Some(line) = e.line
    {
        assert!(line >= 1, "YAML error lines start at 1");
    }
}

/// A Markdown body through the model's scan and the renderer's event passes, with every `@/`
/// link taken as resolved to a page.
pub fn markdown(text: &str) {
    let scanned = body::scan(text, 1);
    let mut ids = HashSet::new();
    for heading in &scanned.headings {
        assert!(
            !heading.id.is_empty(),
            "heading {:?} has no id",
            heading.text
        );
        assert!(
            ids.insert(heading.id.as_str()),
            "id {:?} used twice",
            heading.id
        );
        assert!((2..=6).contains(&heading.level), "level {}", heading.level);
    }
    let last = text.split('\n').count();
    for link in scanned.links.iter().chain(&scanned.images_without_alt) {
        assert!(
            (1..=last).contains(&link.line),
            "link line {} of {last}",
            link.line
        );
    }
    let links = scanned
        .links
        .iter()
        .filter_map(|link| {
            let rest = link.dest.strip_prefix("@/")?;
            let anchor = rest.split_once('#').map(|(_, a)| a.to_string());
            let target = LinkTarget {
                page: PageRef::Article(0),
                anchor,
            };
            Some((link.dest.clone(), target))
        })
        .collect();
    let body = Body::new(&scanned, links);
    let html =
        crate::render::markdown::to_html(&body, &|target: &LinkTarget| match &target.anchor {
            Some(anchor) => format!("../../causes/a/#{anchor}"),
            None => "../../causes/a/".to_string(),
        });
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "raw HTML ran: {html}");
    assert!(
        !lower.contains("<h1"),
        "a body heading became the page's h1"
    );
    // Every heading the model found is in the HTML with the id links were checked against.
    let mut rest = html.as_str();
    for heading in &scanned.headings {
        let needle = format!("<h{} id=\"{}\"", heading.level, heading.id);
        let at = rest
            .find(&needle)
            .unwrap_or_else(|| panic!("heading `{needle}` missing or out of order in {html}"));
        rest = &rest[at + needle.len()..];
    }
    let shown = (2..=6)
        .map(|n| html.matches(&format!("<h{n}")).count())
        .sum::<usize>();
    assert_eq!(shown, scanned.headings.len(), "headings in {html}");
}

/// content/quiz.yaml, scoring two published pages, with one draft.
pub fn quiz(text: &str) {
    let pages = HashMap::from([
        ("causes/poor-posture".to_string(), 0),
        ("techniques/stretching".to_string(), 1),
    ]);
    let drafts = ["causes/sitting".to_string()];
    let mut errors = Vec::new();
    let unpublished = model::quiz::Unpublished {
        drafts: &drafts,
        broken: &[],
    };
    let quiz = model::quiz::parse(text, &pages, unpublished, &mut errors);
    match quiz {
        Some(quiz) => {
            assert!(errors.is_empty(), "a parsed quiz has no errors: {errors:?}");
            let mut ids = HashSet::new();
            for question in &quiz.questions {
                assert!(ids.insert(question.id.as_str()), "duplicate id");
                assert!(
                    model::slug::is_valid_slug(&question.id),
                    "id {:?}",
                    question.id
                );
                for answer in &question.answers {
                    for (page, _) in &answer.scores {
                        assert!(*page < 2, "score of an unknown page {page}");
                    }
                }
            }
        }
        None => assert!(!errors.is_empty(), "a failed quiz reports why"),
    }
    assert_lines_inside(&errors, text);
}

/// site.yaml, with the built-in theme and one of the site's own.
pub fn site_yaml(text: &str) {
    let mut errors = Vec::new();
    match SiteConfig::parse(Some(text), &["default", "calm"], &mut errors) {
        Some(config) => {
            assert!(
                errors.is_empty(),
                "a parsed site.yaml has no errors: {errors:?}"
            );
            if let Some(url) = &config.base_url {
                assert!(url.ends_with('/'), "base_url {url:?} ends with /");
            }
            assert!((1.0..=20.0).contains(&config.reading_grade));
        }
        None => assert!(!errors.is_empty(), "a failed site.yaml reports why"),
    }
    assert_lines_inside(&errors, text);
}

/// The file names a fuzzed site is made of: a few good places and a few bad ones.
pub const SITE_PATHS: &[&str] = &[
    "site.yaml",
    "content/_index.md",
    "content/quiz.yaml",
    "content/causes/_index.md",
    "content/causes/poor-posture.md",
    "content/causes/sitting.md",
    "content/techniques/_index.md",
    "content/techniques/stretching.md",
    "content/techniques/deep-tissue.md",
    "content/guides/plan.md",
    "content/causes/images/hip.png",
    "content/tags/a.md",
    "content/Bad Folder/x.md",
    "content/about.md",
    "content/causes/deeper/a.md",
    "content/causes/Upper Case.md",
];

/// Cuts fuzz input into files: the input is split at zero bytes, and each piece's first byte
/// picks its path from `SITE_PATHS` (the first piece with a path wins). A site without a
/// site.yaml piece gets a plain one, so most inputs reach the model's later phases.
pub fn site_files(data: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for piece in data.split(|&b| b == 0) {
        let Some((&pick, contents)) = piece.split_first() else {
            continue;
        };
        let path = SITE_PATHS[usize::from(pick) % SITE_PATHS.len()];
        files
            .entry(path.to_string())
            .or_insert_with(|| contents.to_vec());
    }
    files
        .entry("site.yaml".to_string())
        .or_insert_with(|| b"title: Fuzzed site\n".to_vec());
    files
}

/// The files as the load stage would hand them on.
pub fn source(files: &BTreeMap<String, Vec<u8>>) -> Source {
    let mut errors = Vec::new();
    let mut site_yaml = None;
    let mut documents = Vec::new();
    let mut content_files = Vec::new();
    for (path, bytes) in files {
        if path == crate::config::SITE_FILE {
            site_yaml = crate::load::decode(path, bytes.clone(), &mut errors);
        } else if path.ends_with(".md") {
            if let Some(text) = crate::load::decode(path, bytes.clone(), &mut errors) {
                documents.push(SourceText {
                    path: path.clone(),
                    text,
                });
            }
        } else {
            content_files.push(SourceBytes {
                path: path.clone(),
                bytes: bytes.clone(),
            });
        }
    }
    Source {
        site_yaml,
        documents,
        content_files,
        themes: BTreeMap::from([("default".to_string(), Theme::default())]),
        template_overrides: BTreeMap::new(),
        static_files: Vec::new(),
        errors,
    }
}

/// The whole model stage (and `knead check`'s review) on a small site cut from `data`, with and
/// without drafts.
pub fn site(data: &[u8]) {
    let files = site_files(data);
    let source = source(&files);
    for drafts in [false, true] {
        let options = ModelOptions {
            drafts,
            base_url: None,
        };
        match model::build(&source, &options) {
            Ok(site) => {
                assert_site_is_linked(&site);
                let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
                let _ = crate::check::review(&site, today);
            }
            Err(errors) => {
                assert!(!errors.is_empty(), "a failed model reports why");
                for error in &errors {
                    let path = error.path.to_string_lossy().replace('\\', "/");
                    let file = files.iter().find(|(p, _)| **p == path);
                    let folder = files.keys().any(|p| p.starts_with(&format!("{path}/")));
                    assert!(file.is_some() || folder, "error names no input: {error}");
                    if let (Some((_, bytes)), Some(line)) = (file, error.line) {
                        let last = bytes.split(|&b| b == b'\n').count();
                        assert!((1..=last).contains(&line), "line {line} of {last}: {error}");
                    }
                }
            }
        }
    }
}

/// What a successful model promises the later stages.
pub fn assert_site_is_linked(site: &model::Site) {
    let n = site.articles.len();
    let mut seen = vec![0; n];
    for (c, collection) in site.collections.iter().enumerate() {
        for &id in &collection.articles {
            assert!(id < n, "article id {id} out of range");
            assert_eq!(
                site.articles[id].collection, c,
                "article in the wrong collection"
            );
            seen[id] += 1;
        }
    }
    assert!(
        seen.iter().all(|&s| s == 1),
        "each article in one collection once"
    );
    for (id, article) in site.articles.iter().enumerate() {
        assert!(
            model::slug::is_valid_slug(&article.front.slug),
            "slug {:?}",
            article.front.slug
        );
        for &other in &article.related {
            assert!(other < n && other != id, "related id {other}");
            assert!(
                site.articles[other].related.contains(&id),
                "relation {id} -> {other} is not shown both ways"
            );
        }
        if let Some(previous) = article.previous {
            assert_eq!(
                site.articles[previous].next,
                Some(id),
                "previous and next agree"
            );
        }
        for &tag in &article.tags {
            assert!(
                site.tags[tag].articles.contains(&id),
                "tag lists its article"
            );
        }
    }
    for tag in &site.tags {
        assert!(!tag.slug.is_empty(), "tag {:?} has a slug", tag.name);
    }
    let bodies = std::iter::once(&site.home.body)
        .chain(site.collections.iter().map(|c| &c.intro))
        .chain(site.articles.iter().map(|a| &a.body));
    for body in bodies {
        for (dest, target) in &body.links {
            let headings = match target.page {
                PageRef::Home => Some(&site.home.body.headings),
                PageRef::Collection(i) => Some(&site.collections[i].intro.headings),
                PageRef::Article(i) => Some(&site.articles[i].body.headings),
                PageRef::Asset(i) => {
                    assert!(i < site.assets.len(), "asset {i}");
                    None
                }
            };
            if let (Some(anchor), Some(headings)) = (&target.anchor, headings) {
                assert!(
                    headings.iter().any(|h| &h.id == anchor),
                    "{dest}: no heading {anchor}"
                );
            }
        }
    }
}

/// Every error with a line names a line of `text`.
fn assert_lines_inside(errors: &[Error], text: &str) {
    let last = text.split('\n').count();
    for error in errors {
        if let Some(line) = error.line {
            assert!((1..=last).contains(&line), "line {line} of {last}: {error}");
        }
    }
}
