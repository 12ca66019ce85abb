//! Parses one Markdown file (home page, collection index or article) into typed, validated
//! values. Relations stay as slugs here; `model::build` turns them into page ids.

// The parsing closures hand a failed file's body back as their error, once per file, so its
// links can still be checked; its size does not matter there.
#![allow(clippy::result_large_err)]

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use super::body::{self, ScannedBody};
use super::front_matter;
use super::slug::{MAX_NAME_BYTES, is_valid_slug};
use crate::error::{Error, ErrorKind};
use crate::yaml::Step;
use crate::yaml::fields::{Fields, string_items};

/// The home page's front matter and body.
#[derive(Debug, Clone)]
pub struct ParsedHome {
    pub title: Option<String>,
    pub summary: String,
    pub extra: Value,
    pub body: ScannedBody,
}

/// A collection's `_index.md`.
#[derive(Debug, Clone)]
pub struct ParsedCollection {
    pub title: String,
    pub summary: String,
    pub order: Option<i64>,
    pub extra: Value,
    pub body: ScannedBody,
}

/// An article, validated but not yet linked to other pages.
#[derive(Debug, Clone)]
pub struct ParsedArticle {
    pub path: String,
    /// Each front matter key with its line, for messages about its value.
    pub key_lines: Vec<(String, usize)>,
    /// The line of an explicit `slug:` key; `None` when the slug is the file name.
    pub slug_line: Option<usize>,
    pub tags_line: usize,
    pub front: FrontMatter,
    /// Relation keys as written: collection name, slugs, line of the key.
    pub relations: Vec<(String, Vec<String>, usize)>,
    pub body: ScannedBody,
}

/// An article's front matter, validated: the one place each article key is declared. The model's
/// `Article` keeps it whole, and pages borrow from it.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// The article's address: `slug:`, or its file name.
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub order: Option<i64>,
    pub draft: bool,
    /// As written, in composed form; the model turns them into tag pages.
    pub tags: Vec<String>,
    pub reviewed: Option<NaiveDate>,
    pub next_review: Option<NaiveDate>,
    pub author: Option<String>,
    pub reviewer: Option<String>,
    pub sources: Vec<Citation>,
    pub evidence: Option<String>,
    pub extra: Value,
}

/// One entry of `sources`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Citation {
    pub title: String,
    pub url: String,
}

/// A parsed page, or the failure: the errors are already recorded, and the body is kept when it
/// could be read, so its links can still be checked and reported with everything else.
pub type Outcome<T> = Result<T, Option<Box<ScannedBody>>>;

/// Front matter read into `Fields`, and the body scanned, or the reason it could not be.
fn open<'e, T>(
    path: &'e str,
    text: &str,
    errors: &'e mut Vec<Error>,
    read: impl FnOnce(&mut Fields<'_>, ScannedBody) -> Result<T, ScannedBody>,
) -> Outcome<T> {
    // CommonMark reads a NUL as U+FFFD; so does everything else knead shows from the file.
    let text = if text.contains('\0') {
        std::borrow::Cow::Owned(text.replace('\0', "\u{FFFD}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let split = match front_matter::split(&text) {
        Ok(split) => split,
        Err((line, kind)) => {
            errors.push(Error::at(path, line, kind));
            return Err(None);
        }
    };
    let scanned = body::scan(split.body, split.body_line);
    let mapping = match crate::yaml::parse_mapping(split.yaml) {
        Ok(m) => Some(m),
        Err(e) => {
            // The parser may blame the end of the text; the closing fence is the last line it saw.
            let line = (split.open_line + e.line.unwrap_or(1)).min(split.body_line - 1);
            errors.push(Error::at(path, line, e.kind()));
            None
        }
    };
    for link in &scanned.links {
        if !body::is_allowed_url(&link.dest) {
            errors.push(Error::at(
                path,
                link.line,
                ErrorKind::UnsafeLink(link.dest.clone()),
            ));
        }
    }
    if let Some((line, c)) = body::control_character(split.body, split.body_line) {
        errors.push(Error::at(path, line, ErrorKind::ControlCharacter(c)));
    }
    if let Some(line) = scanned.too_deep {
        errors.push(Error::at(
            path,
            line,
            ErrorKind::TooDeeplyNested(body::MAX_NESTING),
        ));
    }
    for (line, kind) in &scanned.care_card_errors {
        errors.push(Error::at(path, *line, kind.clone()));
    }
    for image in &scanned.images_without_alt {
        errors.push(Error::at(
            path,
            image.line,
            ErrorKind::MissingAlt(image.dest.clone()),
        ));
    }
    let Some(mapping) = mapping else {
        return Err(Some(Box::new(scanned)));
    };
    let mut fields = Fields::new(
        Path::new(path),
        mapping,
        split.open_line,
        split.open_line,
        errors,
    );
    read(&mut fields, scanned).map_err(|body| Some(Box::new(body)))
}

fn extra(fields: &mut Fields) -> Value {
    match fields.take("extra") {
        Some((value @ Value::Object(_), _)) => value,
        Some((other, line)) => {
            let found = crate::yaml::kind_name(&other).to_string();
            fields.error(
                line,
                ErrorKind::WrongType {
                    key: "extra".into(),
                    expected: "a map of keys",
                    found,
                },
            );
            Value::Object(Default::default())
        }
        None => Value::Object(Default::default()),
    }
}

pub fn parse_home(path: &str, text: &str, errors: &mut Vec<Error>) -> Outcome<ParsedHome> {
    open(path, text, errors, |fields, body| {
        let title = fields.string("title");
        let summary = fields.string("summary").unwrap_or_default();
        let extra = extra(fields);
        fields.reject_remaining();
        Ok(ParsedHome {
            title,
            summary,
            extra,
            body,
        })
    })
}

pub fn parse_collection(
    path: &str,
    text: &str,
    errors: &mut Vec<Error>,
) -> Outcome<ParsedCollection> {
    open(path, text, errors, |fields, body| {
        let title = fields.required_string("title");
        let summary = fields.string("summary").unwrap_or_default();
        let order = fields.int("order");
        let extra = extra(fields);
        fields.reject_remaining();
        let Some(title) = title else {
            return Err(body);
        };
        Ok(ParsedCollection {
            title,
            summary,
            order,
            extra,
            body,
        })
    })
}

/// Parses an article. `stem` is the file name without `.md`; `collections` are the names that
/// may be used as relation keys, sorted (each key is looked up by binary search, so an article
/// naming every one of 2,000 collections costs no more than its keys).
pub fn parse_article(
    path: &str,
    stem: &str,
    text: &str,
    collections: &[String],
    errors: &mut Vec<Error>,
) -> Outcome<ParsedArticle> {
    let before = errors.len();
    let parsed = open(path, text, errors, |fields, body| {
        read_article(fields, path, stem, collections, body)
    });
    // A page with any error in it is not passed on: later checks would only repeat the problem.
    match parsed {
        Ok(article) if errors.len() > before => Err(Some(Box::new(article.body))),
        other => other,
    }
}

/// Every front matter key an article may have (relation keys aside), as `read_article` reads
/// them: the list cannot miss a key, since it is the reader's own.
#[cfg(test)]
pub fn article_keys() -> Vec<String> {
    let mut errors = Vec::new();
    let empty = crate::yaml::parse_mapping("").unwrap_or_else(|_| unreachable!("empty YAML"));
    let mut fields = Fields::new(Path::new(""), empty, 0, 1, &mut errors);
    let _ = read_article(&mut fields, "", "a", &[], body::scan("", 1));
    fields.asked().to_vec()
}

fn read_article(
    fields: &mut Fields,
    path: &str,
    stem: &str,
    collections: &[String],
    body: ScannedBody,
) -> Result<ParsedArticle, ScannedBody> {
    let key_lines = fields.key_lines();
    let title = fields.required_string("title");
    let summary = fields.required_string("summary");
    let order = fields.int("order");
    let (slug, slug_line) = slug(fields, stem);
    let draft = fields.bool("draft").unwrap_or(false);
    let tags = tags(fields);
    let reviewed = fields.date("reviewed");
    let next_review = fields.date("next_review");
    let author = fields.string("author").filter(|s| !s.is_empty());
    let reviewer = fields.string("reviewer").filter(|s| !s.is_empty());
    let sources = citations(fields);
    let evidence = fields.string("evidence").filter(|s| !s.is_empty());
    let extra = extra(fields);

    let relations = relations(fields, collections);
    if body.markdown.trim().is_empty() {
        fields.error(1, ErrorKind::EmptyArticle);
    }
    let (Some(title), Some(summary)) = (title, summary) else {
        return Err(body);
    };
    Ok(ParsedArticle {
        path: path.to_string(),
        key_lines,
        slug_line,
        tags_line: tags.1,
        front: FrontMatter {
            slug,
            title,
            summary,
            order,
            draft,
            tags: tags.0,
            reviewed,
            next_review,
            author,
            reviewer,
            sources,
            evidence,
            extra,
        },
        relations,
        body,
    })
}

/// The article's address: `slug:`, or else its file name; with the line of `slug:`.
fn slug(fields: &mut Fields, stem: &str) -> (String, Option<usize>) {
    let (slug, slug_line) = match fields.take("slug") {
        Some((Value::String(slug), line)) => {
            let slug = slug.trim().to_string();
            if !is_valid_slug(&slug) {
                fields.error(line, ErrorKind::InvalidSlug(slug.clone()));
            }
            (slug, Some(line))
        }
        Some((other, line)) => {
            fields.error(line, ErrorKind::InvalidSlug(other.to_string()));
            (String::new(), Some(line))
        }
        None => {
            if !is_valid_slug(stem) {
                fields.error(1, ErrorKind::InvalidSlug(stem.to_string()));
            }
            (stem.to_string(), None)
        }
    };
    if slug.len() > MAX_NAME_BYTES {
        let kind = ErrorKind::TooLong {
            what: "slug",
            value: slug.clone(),
            bytes: slug.len(),
            max: MAX_NAME_BYTES,
        };
        fields.error(slug_line.unwrap_or(1), kind);
    }
    (slug, slug_line)
}

/// `tags:`, in composed form (NFC): `Café` typed with a combining accent is the same tag, with
/// the same name, as `Café` typed with `é`. With the line of `tags:`.
fn tags(fields: &mut Fields) -> (Vec<String>, usize) {
    let Some((value, line)) = fields.take("tags") else {
        return (Vec::new(), 1);
    };
    match string_items(&value) {
        Some(tags) => (
            tags.iter()
                .filter(|t| !t.is_empty())
                .map(|t| t.nfc().collect())
                .collect(),
            line,
        ),
        None => {
            let kind = ErrorKind::WrongType {
                key: "tags".into(),
                expected: "a list of text items",
                found: crate::yaml::kind_name(&value).to_string(),
            };
            fields.error(line, kind);
            (Vec::new(), line)
        }
    }
}

/// The keys left once every known key is read: relations when they name a collection (a
/// list of slugs each), unknown keys otherwise.
fn relations(fields: &mut Fields, collections: &[String]) -> Vec<(String, Vec<String>, usize)> {
    let mut relations = Vec::new();
    for (key, value, line) in fields.remaining() {
        if collections.binary_search(&key).is_ok() {
            match string_items(&value) {
                Some(slugs) => relations.push((key, slugs, line)),
                None => {
                    let found = crate::yaml::kind_name(&value).to_string();
                    fields.error(
                        line,
                        ErrorKind::WrongType {
                            key,
                            expected: "a list of slugs",
                            found,
                        },
                    );
                }
            }
        } else {
            fields.reject(key, line, collections);
        }
    }
    relations
}

/// `sources`: a list of `{title, url}` maps. A URL must be http(s).
fn citations(fields: &mut Fields) -> Vec<Citation> {
    let Some((value, line)) = fields.take("sources") else {
        return Vec::new();
    };
    let Value::Array(items) = value else {
        let found = crate::yaml::kind_name(&value).to_string();
        fields.error(
            line,
            ErrorKind::WrongType {
                key: "sources".into(),
                expected: "a list of {title, url} items",
                found,
            },
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let key = format!("sources[{}]", index + 1);
        let at = [Step::Key("sources".into()), Step::Index(index)];
        let item_line = fields.nested_line(&at);
        let entry = item.as_object();
        let text = |name: &str| {
            entry
                .and_then(|m| m.get(name))
                .and_then(Value::as_str)
                .map(str::trim)
        };
        let (Some(title), Some(url)) = (text("title"), text("url")) else {
            let kind = ErrorKind::WrongType {
                key,
                expected: "a `title` and a `url`",
                found: item.to_string(),
            };
            fields.error(item_line, kind);
            continue;
        };
        let key_line = |name: &str| {
            let [sources, index] = at.clone();
            fields.nested_line(&[sources, index, Step::Key(name.to_string())])
        };
        if title.is_empty() {
            let line = key_line("title");
            fields.error(
                line,
                ErrorKind::Empty {
                    key: format!("{key}.title"),
                },
            );
        } else if let Some(unknown) =
            entry.and_then(|m| m.keys().find(|k| *k != "title" && *k != "url"))
        {
            let line = key_line(unknown);
            let suggestion = crate::error::closest(unknown, ["title", "url"]);
            let key = format!("{key}.{unknown}");
            fields.error(line, ErrorKind::UnknownKey { key, suggestion });
        } else if !(url.starts_with("https://") || url.starts_with("http://")) {
            let line = key_line("url");
            fields.error(line, ErrorKind::UnsafeLink(url.to_string()));
        } else {
            out.push(Citation {
                title: title.to_string(),
                url: url.to_string(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> (Option<ParsedArticle>, Vec<String>) {
        let (parsed, errors) = article_outcome(text);
        (parsed.ok(), errors)
    }

    fn article_outcome(text: &str) -> (Outcome<ParsedArticle>, Vec<String>) {
        let mut errors = Vec::new();
        let collections = vec!["causes".to_string(), "techniques".to_string()];
        let parsed = parse_article("content/causes/a.md", "a", text, &collections, &mut errors);
        (parsed, errors.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_every_key() {
        let (a, errors) = article(
            "---\ntitle: Posture\nsummary: S\norder: 2\ntags: [back, hips]\nreviewed: 2025-01-02\n\
             sources:\n  - {title: NHS, url: 'https://nhs.uk'}\ntechniques: [deep-tissue]\n---\nBody\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        let a = a.unwrap();
        assert_eq!(
            (a.front.slug.as_str(), a.front.order, a.front.tags.len()),
            ("a", Some(2), 2)
        );
        assert_eq!(
            a.relations,
            vec![("techniques".into(), vec!["deep-tissue".into()], 9)]
        );
        assert_eq!(a.front.sources[0].url, "https://nhs.uk");
    }

    #[test]
    fn tags_are_read_in_composed_form() {
        let (a, errors) = article(
            "---\ntitle: T\nsummary: S\ntags: [\"Cafe\u{301}\", Caf\u{e9}, back]\n---\nBody\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(a.unwrap().front.tags, ["Caf\u{e9}", "Caf\u{e9}", "back"]);
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let (a, errors) = article(
            "---\ntitle: T\ntecniques: [x]\nslug: Bad Slug\nreviewed: 2025-13-01\n\
             sources:\n  - {title: X, url: 'javascript:alert(1)'}\n---\n[x](javascript:alert(1))\n",
        );
        assert!(a.is_none());
        assert_eq!(
            errors,
            vec![
                "content/causes/a.md:9: link `javascript:alert(1)` is not allowed: use https://, http://, mailto:, tel:, a relative link or an `@/` link",
                "content/causes/a.md:1: missing required key `summary`",
                "content/causes/a.md:4: slug `Bad Slug` is not allowed: use only lowercase letters a-z, digits 0-9 and `-` (set `slug:` or rename the file)",
                "content/causes/a.md:5: `reviewed` is not a valid date: `2025-13-01` (use YYYY-MM-DD, e.g. 2025-03-31)",
                "content/causes/a.md:7: link `javascript:alert(1)` is not allowed: use https://, http://, mailto:, tel:, a relative link or an `@/` link",
                "content/causes/a.md:3: unknown key `tecniques`, did you mean `techniques`?",
            ]
        );
    }

    #[test]
    fn a_failed_article_keeps_its_body_for_link_checks() {
        let (outcome, _) = article_outcome("---\ntitle: T\n---\nSee [x](@/causes/b.md)\n");
        let body = outcome.unwrap_err().expect("body kept");
        assert_eq!(body.links[0].dest, "@/causes/b.md");
        let (outcome, _) = article_outcome("---\ntitle: [unclosed\n---\nSee [x](@/causes/b.md)\n");
        assert!(
            outcome.unwrap_err().is_some(),
            "body kept after a YAML error"
        );
    }

    #[test]
    fn empty_and_unclosed_articles() {
        assert_eq!(
            article("---\ntitle: T\nsummary: S\n---\n\n").1,
            vec!["content/causes/a.md:1: the article has no text after its front matter"]
        );
        assert_eq!(
            article("---\ntitle: T\n").1,
            vec![
                "content/causes/a.md:1: front matter is never closed: add a line `---` after the last key"
            ]
        );
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let (_, errors) = article("---\ntitle: T\nsummary: [unclosed\n---\nBody\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("content/causes/a.md:"), "{errors:?}");
        assert!(errors[0].contains("invalid YAML"), "{errors:?}");
    }
}
