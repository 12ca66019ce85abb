//! site.yaml: the site-wide settings, parsed once into a validated `SiteConfig` (model stage).

use std::path::Path;

use crate::error::{Error, ErrorKind};
use crate::model::fields::Fields;

pub const SITE_FILE: &str = "site.yaml";

const KNOWN_KEYS: &[&str] = &["title", "description", "base_url", "language", "theme"];

/// Validated site settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Absolute URL ending in `/`, used only for canonical, sitemap, feed and Open Graph URLs.
    pub base_url: Option<String>,
    pub language: String,
    pub theme: String,
}

impl SiteConfig {
    /// Parses site.yaml's text. `None` means the file does not exist.
    pub fn parse(text: Option<&str>, errors: &mut Vec<Error>) -> Option<SiteConfig> {
        let path = Path::new(SITE_FILE);
        let Some(text) = text else {
            errors.push(Error::file(path, ErrorKind::MissingSiteConfig));
            return None;
        };
        let mapping =
            match crate::yaml::parse_mapping(text.strip_prefix('\u{feff}').unwrap_or(text)) {
                Ok(m) => m,
                Err(e) => {
                    errors.push(Error::at(path, e.line.unwrap_or(1), e.kind()));
                    return None;
                }
            };
        let before = errors.len();
        let mut fields = Fields::new(path, mapping, 0, 1, errors);
        let title = fields.required_string("title");
        let description = fields.string("description").unwrap_or_default();
        let base_url = fields
            .take("base_url")
            .and_then(|(value, line)| match value.as_str() {
                Some(url) => match normalise_base_url(url) {
                    Ok(url) => Some(url),
                    Err(kind) => {
                        fields.error(line, kind);
                        None
                    }
                },
                None => {
                    fields.error(line, ErrorKind::InvalidBaseUrl(value.to_string()));
                    None
                }
            });
        let language = fields.string("language").unwrap_or_else(|| "en".into());
        let theme = fields.string("theme").unwrap_or_else(|| "default".into());
        fields.reject_remaining(KNOWN_KEYS);
        if errors.len() > before {
            return None;
        }
        Some(SiteConfig {
            title: title?,
            description,
            base_url,
            language,
            theme,
        })
    }
}

/// Checks a base URL and gives it exactly one trailing slash.
pub fn normalise_base_url(url: &str) -> Result<String, ErrorKind> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !url.contains(char::is_whitespace) => {
            Ok(format!("{}/", url.trim_end_matches('/')))
        }
        _ => Err(ErrorKind::InvalidBaseUrl(url.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<SiteConfig>, Vec<String>) {
        let mut errors = Vec::new();
        let config = SiteConfig::parse(Some(text), &mut errors);
        (config, errors.iter().map(ToString::to_string).collect())
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
    fn base_url_gets_one_slash() {
        let (config, _) = parse("title: A\nbase_url: https://example.org/docs//\n");
        assert_eq!(
            config.unwrap().base_url.as_deref(),
            Some("https://example.org/docs/")
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let (config, errors) = parse("titel: A\nbase_url: example.org\n");
        assert!(config.is_none());
        assert_eq!(
            errors,
            vec![
                "site.yaml:1: missing required key `title`",
                "site.yaml:2: `base_url` must start with http:// or https://, found `example.org`",
                "site.yaml:1: unknown key `titel`, did you mean `title`?",
            ]
        );
    }
}
