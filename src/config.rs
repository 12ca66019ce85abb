//! site.yaml: the site-wide settings, parsed once into a validated `SiteConfig` (model stage).

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, ErrorKind};
use crate::yaml::fields::Fields;

pub const SITE_FILE: &str = "site.yaml";

/// Validated site settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Absolute URL ending in `/`, used only for canonical, sitemap, feed and Open Graph URLs.
    pub base_url: Option<String>,
    pub language: String,
    pub theme: String,
    /// Search synonyms: a visitor's word (key) also finds pages with any of these words or phrases.
    pub synonyms: Vec<(String, Vec<String>)>,
    /// `knead check` flags pages whose reading grade is above this.
    pub reading_grade: f64,
}

impl SiteConfig {
    /// Parses site.yaml's text. `None` means the file does not exist.
    /// Parses site.yaml's text (`None`: the file does not exist). `themes` are the names of
    /// the themes that exist, so a misspelt `theme:` is reported on its line.
    pub fn parse(
        text: Option<&str>,
        themes: &[&str],
        errors: &mut Vec<Error>,
    ) -> Option<SiteConfig> {
        let path = Path::new(SITE_FILE);
        let Some(text) = text else {
            errors.push(Error::file(path, ErrorKind::MissingSiteConfig));
            return None;
        };
        let mapping =
            match crate::yaml::parse_mapping(text.strip_prefix('\u{feff}').unwrap_or(text)) {
                Ok(m) => m,
                Err(e) => {
                    // The parser may blame the line after the last one.
                    let last = text.lines().count().max(1);
                    errors.push(Error::at(path, e.line.unwrap_or(1).min(last), e.kind()));
                    return None;
                }
            };
        let before = errors.len();
        let mut fields = Fields::new(path, mapping, 0, 1, errors);
        let title = fields.required_string("title");
        let description = fields.string("description").unwrap_or_default();
        let base_url = base_url(&mut fields);
        let language = language(&mut fields);
        let theme = theme(&mut fields, themes);
        let synonyms = synonyms(&mut fields);
        let reading_grade = reading_grade(&mut fields);
        fields.reject_remaining();
        if errors.len() > before {
            return None;
        }
        Some(SiteConfig {
            title: title?,
            description,
            base_url,
            language,
            theme,
            synonyms,
            reading_grade,
        })
    }
}

/// `synonyms:` is a map from a word to a list of words or phrases.
fn synonyms(fields: &mut Fields) -> Vec<(String, Vec<String>)> {
    let Some((value, line)) = fields.take("synonyms") else {
        return Vec::new();
    };
    let Some(map) = value.as_object() else {
        let found = crate::yaml::kind_name(&value).to_string();
        fields.error(
            line,
            ErrorKind::WrongType {
                key: "synonyms".into(),
                expected: "a map of word: [words]",
                found,
            },
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (word, alternatives) in map {
        match crate::yaml::fields::string_items(alternatives) {
            Some(list) => out.push((word.trim().to_string(), list)),
            None => fields.error(
                line,
                ErrorKind::WrongType {
                    key: format!("synonyms.{word}"),
                    expected: "a list of words or phrases",
                    found: crate::yaml::kind_name(alternatives).to_string(),
                },
            ),
        }
    }
    out
}

fn base_url(fields: &mut Fields) -> Option<String> {
    let (value, line) = fields.take("base_url")?;
    let kind = match value.as_str().map(normalise_base_url) {
        Some(Ok(url)) => return Some(url),
        Some(Err(kind)) => kind,
        None => ErrorKind::InvalidBaseUrl(value.to_string()),
    };
    fields.error(line, kind);
    None
}

fn language(fields: &mut Fields) -> String {
    match fields.take("language") {
        Some((Value::String(tag), _)) if is_language_tag(tag.trim()) => tag.trim().to_string(),
        Some((value, line)) => {
            let found = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string);
            fields.error(line, ErrorKind::InvalidLanguage(found));
            "en".into()
        }
        None => "en".into(),
    }
}

/// The theme's name; one that is not among `themes` is an error with a did-you-mean.
fn theme(fields: &mut Fields, themes: &[&str]) -> String {
    let Some((value, line)) = fields.take("theme") else {
        return "default".into();
    };
    let name = value
        .as_str()
        .map_or_else(|| value.to_string(), |s| s.trim().to_string());
    if !themes.contains(&name.as_str()) {
        let suggestion = crate::error::closest(&name, themes.iter().copied());
        let kind = ErrorKind::UnknownTheme {
            name: name.clone(),
            suggestion,
        };
        fields.error(line, kind);
    }
    name
}

/// The school grade pages should be readable at; 9 when not given.
fn reading_grade(fields: &mut Fields) -> f64 {
    let Some((value, line)) = fields.take("reading_grade") else {
        return 9.0;
    };
    if let Some(grade) = value.as_f64().filter(|g| (1.0..=20.0).contains(g)) {
        return grade;
    }
    let kind = ErrorKind::WrongType {
        key: "reading_grade".into(),
        expected: "a school grade from 1 to 20",
        found: value.to_string(),
    };
    fields.error(line, kind);
    9.0
}

/// Checks a base URL and gives it exactly one trailing slash.
pub fn normalise_base_url(url: &str) -> Result<String, ErrorKind> {
    let url = url.trim();
    let invalid = || ErrorKind::InvalidBaseUrl(url.to_string());
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(invalid)?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    // A host name, an IPv4 address or a bracketed IPv6 one, and an optional port; no user name.
    let host_ok = !host.is_empty()
        && !host.starts_with(':')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']'));
    // The address becomes the start of every absolute link: a query or fragment would end up
    // in the middle of them, and the rest could break out of an attribute or XML element.
    let path_ok = path.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                '/' | '-'
                    | '.'
                    | '_'
                    | '~'
                    | '%'
                    | '!'
                    | '$'
                    | '&'
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | ':'
                    | '@'
            )
    });
    if !host_ok || !path_ok {
        return Err(invalid());
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}

/// Whether `tag` is a well-formed BCP 47 language tag (RFC 5646's syntax, e.g. `en`, `en-GB`,
/// `zh-Hant-TW`, `es-419`), which is what `<html lang>` and the feed's `xml:lang` expect.
/// Private-use and grandfathered tags are not accepted: a health site needs neither.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(language) = parts.next() else {
        return false;
    };
    let alpha = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic())
    };
    if !alpha(language, 2, 3) {
        return false;
    }
    // After the language: an extended language (3 letters), script (4 letters), region (2
    // letters or 3 digits), variants (5-8 letters or digits, or 4 starting with a digit), each
    // in that order.
    let mut stage = 0;
    for part in parts {
        let digits = |n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
        let variant = part.bytes().all(|b| b.is_ascii_alphanumeric())
            && ((5..=8).contains(&part.len())
                || (part.len() == 4 && part.as_bytes()[0].is_ascii_digit()));
        stage = if stage < 1 && alpha(part, 3, 3) {
            1
        } else if stage < 2 && alpha(part, 4, 4) {
            2
        } else if stage < 3 && (alpha(part, 2, 2) || digits(3)) {
            3
        } else if variant {
            4
        } else {
            return false;
        };
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<SiteConfig>, Vec<String>) {
        let mut errors = Vec::new();
        let config = SiteConfig::parse(Some(text), &["default"], &mut errors);
        (config, errors.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn base_urls_are_absolute_http_addresses_without_query_or_fragment() {
        for good in [
            "https://example.org",
            "http://example.org/guide/",
            "https://localhost:8080/a_b/~c/",
            "https://[::1]:8080/",
            "https://xn--bcher-kva.example/",
        ] {
            assert!(normalise_base_url(good).is_ok(), "{good}");
        }
        for bad in [
            "example.org",
            "ftp://example.org",
            "https://",
            "https:///path",
            "https://example.org/?q=1",
            "https://example.org/#top",
            "https://user@example.org/",
            "https://example.org/a b/",
            "https://example.org/\"><script>",
            "https://exa mple.org/",
            "//example.org/",
        ] {
            assert!(normalise_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn language_tags_follow_bcp_47() {
        for good in [
            "en",
            "en-GB",
            "fr",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
            "zh-yue-HK",
        ] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "", "e", "english", "en_GB", "en-", "-en", "en-GB-GB", "en\"><x", "12", "en GB",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn every_key_read_is_known_so_a_typo_of_any_gets_a_suggestion() {
        let (_, errors) = parse("title: T\nreading_grde: 6\n");
        assert_eq!(
            errors,
            ["site.yaml:2: unknown key `reading_grde`, did you mean `reading_grade`?"]
        );
    }

    #[test]
    fn defaults() {
        let (config, errors) = parse("title: Hips\n");
        assert!(errors.is_empty());
        let config = config.unwrap();
        assert_eq!(config.language, "en");
        assert_eq!(config.theme, "default");
        assert_eq!(config.base_url, None);
    }

    #[test]
    fn synonyms_are_word_lists() {
        let (config, errors) =
            parse("title: A\nsynonyms:\n  knots: [trigger points]\n  stiff: tight\n");
        assert!(errors.is_empty(), "{errors:?}");
        let synonyms = config.unwrap().synonyms;
        assert_eq!(
            synonyms[0],
            ("knots".to_string(), vec!["trigger points".to_string()])
        );
        assert_eq!(
            synonyms[1],
            ("stiff".to_string(), vec!["tight".to_string()])
        );
    }

    #[test]
    fn base_url_gets_one_slash() {
        let (config, _) = parse("title: A\nbase_url: https://example.org/docs//\n");
        assert_eq!(
            config.unwrap().base_url.as_deref(),
            Some("https://example.org/docs/")
        );
    }

    #[test]
    fn unknown_theme_is_named_on_its_line() {
        let (_, errors) = parse("title: A\ntheme: defualt\n");
        assert_eq!(
            errors,
            vec![
                "site.yaml:2: theme `defualt` not found: expected a folder themes/defualt/ (the built-in theme is `default`), did you mean `default`?"
            ]
        );
    }

    #[test]
    fn yaml_errors_stay_inside_the_file() {
        let (_, errors) = parse("title: A\nsummary: [b\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("site.yaml:2: "), "{errors:?}");
    }

    #[test]
    fn every_problem_is_reported() {
        let (config, errors) = parse("titel: A\nbase_url: example.org\n");
        assert!(config.is_none());
        assert_eq!(
            errors,
            vec![
                "site.yaml:1: missing required key `title`",
                "site.yaml:2: `base_url` must be the site's full address, such as https://example.org/ or https://example.org/guide/ (http:// or https://, a host name, and no `?` or `#` part), found `example.org`",
                "site.yaml:1: unknown key `titel`, did you mean `title`?",
            ]
        );
    }
}
