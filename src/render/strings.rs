//! The words knead writes itself (the names of the pages it makes, the first breadcrumb, a
//! table's name, dates), read from the theme's `strings/<language>.yaml`, so that a site in
//! another language changes data, not code. Templates see them as `strings`.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::load::{SourceText, Theme};

/// The built-in English words, for a theme that has none for the site's language.
const BUILT_IN: &str = include_str!("../../themes/default/strings/en.yaml");
const BUILT_IN_PATH: &str = "themes/default/strings/en.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    pub home: String,
    pub all_topics: String,
    pub all_topics_summary: String,
    pub all_sections: String,
    pub search: String,
    pub search_summary: String,
    pub quiz_summary: String,
    pub not_found: String,
    pub table: String,
    /// `{columns}` is replaced by a table's column names.
    pub table_of_columns: String,
    /// `{day}`, `{month}` (a name from `months`) and `{year}`.
    pub date: String,
    pub months: [String; 12],
}

impl Strings {
    /// The theme's words for `language`: `en-GB.yaml`, then `en.yaml`, then the built-in
    /// English ones.
    pub fn for_language(theme: &Theme, language: &str) -> Result<Strings, Error> {
        let primary = language.split('-').next().unwrap_or(language);
        let file = [language, primary, "en"]
            .iter()
            .find_map(|l| theme.strings.get(*l));
        match file {
            Some(SourceText { path, text }) => parse(path, text),
            None => parse(BUILT_IN_PATH, BUILT_IN),
        }
    }

    /// The built-in English words.
    pub fn built_in() -> &'static Strings {
        static BUILT_IN_STRINGS: std::sync::LazyLock<Strings> = std::sync::LazyLock::new(|| {
            parse(BUILT_IN_PATH, BUILT_IN).expect("the built-in strings are tested to parse")
        });
        &BUILT_IN_STRINGS
    }

    /// `date` in words, such as "31 March 2025".
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        let month = &self.months[date.month0() as usize];
        self.date
            .replace("{day}", &date.day().to_string())
            .replace("{month}", month)
            .replace("{year}", &date.year().to_string())
    }

    /// The name of a table known only by its columns.
    pub fn table_of_columns(&self, columns: &str) -> String {
        self.table_of_columns.replace("{columns}", columns)
    }
}

fn parse(path: &str, text: &str) -> Result<Strings, Error> {
    let value = crate::yaml::parse_value(text).map_err(|e| {
        let line = e.line.unwrap_or(1);
        Error::at(path, line, e.kind())
    })?;
    serde_json::from_value(value)
        .map_err(|e| Error::file(path, ErrorKind::Template(format!("theme strings: {e}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_words_read_and_write_dates() {
        let strings = parse(BUILT_IN_PATH, BUILT_IN).unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        assert_eq!(strings.date(date), "31 March 2025");
        assert_eq!(strings.table_of_columns("a, b"), "Table: a, b");
    }

    #[test]
    fn a_language_falls_back_to_its_primary_tag_then_english() {
        let mut theme = Theme::default();
        let french = BUILT_IN.replace("home: Home", "home: Accueil");
        theme.strings.insert(
            "fr".into(),
            SourceText {
                path: "themes/x/strings/fr.yaml".into(),
                text: french,
            },
        );
        assert_eq!(
            Strings::for_language(&theme, "fr-CA").unwrap().home,
            "Accueil"
        );
        assert_eq!(Strings::for_language(&theme, "de").unwrap().home, "Home");
        let mut broken = Theme::default();
        broken.strings.insert(
            "en".into(),
            SourceText {
                path: "themes/x/strings/en.yaml".into(),
                text: "home: Home\n".into(),
            },
        );
        let error = Strings::for_language(&broken, "en")
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("themes/x/strings/en.yaml: "), "{error}");
    }
}
