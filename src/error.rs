//! Errors as data: every problem knead reports carries the file (relative to the site root),
//! the line when there is one, and a kind that names the offending value.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found while building, shown as `path:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Error {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub kind: ErrorKind,
}

impl Error {
    pub fn new(path: impl AsRef<Path>, line: Option<usize>, kind: ErrorKind) -> Self {
        Error {
            path: path.as_ref().to_path_buf(),
            line,
            kind,
        }
    }

    pub fn at(path: impl AsRef<Path>, line: usize, kind: ErrorKind) -> Self {
        Self::new(path, Some(line), kind)
    }

    pub fn file(path: impl AsRef<Path>, kind: ErrorKind) -> Self {
        Self::new(path, None, kind)
    }
}

impl Error {
    /// `path:line:` (or `path:` without a line), with forward slashes on every platform, so
    /// messages and snapshots read the same everywhere.
    pub fn location(&self) -> String {
        let path = self.path.to_string_lossy().replace('\\', "/");
        match self.line {
            Some(line) => format!("{path}:{line}:"),
            None => format!("{path}:"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.location(), self.kind)
    }
}

impl std::error::Error for Error {}

/// `, did you mean `x`?` or nothing.
fn hint(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(", did you mean `{s}`?"),
        None => String::new(),
    }
}

/// What went wrong. The message names the offending value and, where it can, says what to do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
pub enum ErrorKind {
    #[error("cannot read: {0}")]
    Read(String),
    #[error("cannot write: {0}")]
    Write(String),
    #[error("file is not valid UTF-8 (the first bad byte is on this line): save it as UTF-8")]
    NotUtf8,
    #[error(
        "this name is not valid UTF-8 (shown with \u{fffd} where a byte is not): rename it, as knead never renames files itself"
    )]
    NameNotUtf8,
    #[error(
        "this is a symbolic link to `{0}`, outside the site folder: knead reads only files inside the site (move the file into the site, or build with --allow-outside-links if it is there on purpose)"
    )]
    LinkOutsideSite(String),
    #[error("missing site.yaml: create it with at least a `title: ...` line")]
    MissingSiteConfig,
    #[error(
        "missing front matter: the file must start with a line `---`, then `title: ...`, then a line `---`"
    )]
    MissingFrontMatter,
    #[error("front matter is never closed: add a line `---` after the last key")]
    UnterminatedFrontMatter,
    #[error("invalid YAML: {0}")]
    Yaml(String),
    /// Valid YAML holding a value knead does not accept; the message says which and why.
    #[error("{0}")]
    Value(String),
    #[error("expected `key: value` lines, found {0}")]
    NotAMapping(String),
    #[error("missing required key `{0}`")]
    MissingKey(String),
    #[error("unknown key `{key}`{}", hint(.suggestion))]
    UnknownKey {
        key: String,
        suggestion: Option<String>,
    },
    #[error("`{key}` must be {expected}, found `{found}`")]
    WrongType {
        key: String,
        expected: &'static str,
        found: String,
    },
    #[error("`{key}` is not a valid date: `{value}` (use YYYY-MM-DD, e.g. 2025-03-31)")]
    InvalidDate { key: String, value: String },
    #[error("`{key}` must not be empty")]
    Empty { key: String },
    #[error(
        "`base_url` must be the site's full address, such as https://example.org/ or https://example.org/guide/ (http:// or https://, a host name, and no `?` or `#` part), found `{0}`"
    )]
    InvalidBaseUrl(String),
    #[error("`language` must be a language tag such as `en`, `en-GB` or `fr`, found `{0}`")]
    InvalidLanguage(String),
    #[error(
        "slug `{0}` is not allowed: use only lowercase letters a-z, digits 0-9 and `-` (set `slug:` or rename the file)"
    )]
    InvalidSlug(String),
    #[error(
        "collection folder `{0}` is not allowed: use only lowercase letters a-z, digits 0-9 and `-`"
    )]
    InvalidCollectionName(String),
    #[error("collection folder `{0}` is reserved for knead's own pages: rename it")]
    ReservedCollectionName(String),
    #[error(
        "{what} `{value}` is too long for a web address ({bytes} bytes, the most is {max}): shorten it"
    )]
    TooLong {
        what: &'static str,
        value: String,
        bytes: usize,
        max: usize,
    },
    #[error("tag `{0}` has no letters or digits to make a web address from")]
    InvalidTag(String),
    #[error("duplicate slug `{slug}`: {other} already uses it")]
    DuplicateSlug { slug: String, other: String },
    #[error("`{key}` lists `{slug}`, but there is no such page in {key}{}", hint(.suggestion))]
    UnknownRelation {
        key: String,
        slug: String,
        suggestion: Option<String>,
    },
    #[error("link to `{target}`: there is no such page{}", hint(.suggestion))]
    UnknownLink {
        target: String,
        suggestion: Option<String>,
    },
    #[error("link to `{target}`: that page has no heading with id `{anchor}`{}", hint(.suggestion))]
    UnknownAnchor {
        target: String,
        anchor: String,
        suggestion: Option<String>,
    },
    #[error(
        "link to `{0}`: that page is a draft, so it is left out of this build (remove the link, publish the page, or build with --drafts)"
    )]
    LinkToDraft(String),
    #[error(
        "link `{0}` is not allowed: use https://, http://, mailto:, tel:, a relative link or an `@/` link"
    )]
    UnsafeLink(String),
    #[error(
        "image `{0}` has no alt text: describe it inside the brackets, like ![A diagram of the hip joint]({0}), or mark a purely decorative image with ![]({0} \"decorative\")"
    )]
    MissingAlt(String),
    #[error(
        "lists, quotes or styles are nested more than {0} levels deep here: flatten them (knead stops at {0}, so every page can be built safely)"
    )]
    TooDeeplyNested(usize),
    #[error(
        "unknown care card kind `{kind}`{} (the kinds are `urgent`, `doctor` and `self-care`)",
        hint(.suggestion)
    )]
    UnknownCareCard {
        kind: String,
        suggestion: Option<String>,
    },
    #[error("a care card needs a kind: write ```care urgent, ```care doctor or ```care self-care")]
    CareCardWithoutKind,
    #[error("a care card needs a heading: write it on the first line inside the ```care block")]
    CareCardWithoutHeading,
    #[error("care cards cannot be nested: close one ```care block before starting the next")]
    NestedCareCard,
    #[error(
        "this line holds a control character (U+{:04X}) that a web page cannot show, often pasted by accident: delete it",
        u32::from(*.0)
    )]
    ControlCharacter(char),
    #[error("the article has no text after its front matter")]
    EmptyArticle,
    #[error(
        "file name `{0}` looks like an article, but only names ending in `.md` (lowercase) are read as articles: rename it"
    )]
    NotMarkdown(String),
    #[error("template error: {0}")]
    Template(String),
    #[error(
        "theme `{name}` not found: expected a folder themes/{name}/ (the built-in theme is `default`){}",
        hint(.suggestion)
    )]
    UnknownTheme {
        name: String,
        suggestion: Option<String>,
    },
    #[error("{}{message}", question.as_ref().map_or_else(String::new, |q| format!("question `{q}`: ")))]
    Quiz {
        question: Option<String>,
        message: String,
    },
    #[error("question id `{0}` is not allowed: use only lowercase letters a-z, digits 0-9 and `-`")]
    InvalidQuestionId(String),
    #[error("question id `{0}` is the name of one of the quiz's own steps: choose another")]
    ReservedQuestionId(String),
    #[error("{0}")]
    Output(String),
}

/// Sorts errors by file, then line, and drops exact repeats, so output is stable.
pub fn sorted(mut errors: Vec<Error>) -> Vec<Error> {
    errors.sort();
    errors.dedup();
    errors
}

/// The closest candidate to `wanted` when it is close enough to be a likely typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        // Jaro-Winkler favours a shared beginning; the edit distance check keeps a long shared
        // prefix (`causes/...`) from making two otherwise unrelated names look alike.
        let score = strsim::jaro_winkler(wanted, candidate);
        let edits = strsim::normalized_damerau_levenshtein(wanted, candidate);
        if score >= 0.8
            && edits >= 0.6
            && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c))
        {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// How many errors of one kind get a suggestion.
pub const MAX_SUGGESTIONS: usize = 100;

/// Suggestions for one kind of error, given to the first `MAX_SUGGESTIONS` only. Each one looks
/// at every candidate (for a link, every page), so 20,000 broken links used to compare 400
/// million pairs of names; nobody reads that far down a list of errors for a hint.
#[derive(Default)]
pub struct Suggestions {
    given: usize,
}

impl Suggestions {
    /// `closest`, while suggestions are left.
    pub fn closest<'a>(
        &mut self,
        wanted: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<String> {
        if self.given >= MAX_SUGGESTIONS {
            return None;
        }
        self.given += 1;
        closest(wanted, candidates)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_stop_after_the_first_hundred() {
        let mut suggestions = Suggestions::default();
        let given = (0..MAX_SUGGESTIONS + 5)
            .filter(|_| suggestions.closest("tecniques", ["techniques"]).is_some())
            .count();
        assert_eq!(given, MAX_SUGGESTIONS);
    }

    #[test]
    fn shows_path_line_and_message() {
        let e = Error::at(
            "content/causes/a.md",
            4,
            ErrorKind::UnknownKey {
                key: "tecniques".into(),
                suggestion: Some("techniques".into()),
            },
        );
        assert_eq!(
            e.to_string(),
            "content/causes/a.md:4: unknown key `tecniques`, did you mean `techniques`?"
        );
    }

    #[test]
    fn suggests_only_close_names() {
        assert_eq!(
            closest("tecniques", ["techniques", "tags", "title"]),
            Some("techniques".into())
        );
        assert_eq!(closest("zzz", ["techniques", "tags", "title"]), None);
        assert_eq!(
            closest("causes/zzzzzzzzzzz.md", ["causes/_index.md", "causes/a.md"]),
            None
        );
        assert_eq!(
            closest("causes/poor-postur.md", ["causes/poor-posture.md"]),
            Some("causes/poor-posture.md".into())
        );
    }
}
