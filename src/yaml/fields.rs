//! Typed reading of a YAML mapping (front matter or site.yaml): each `take_*` call removes one key,
//! checks its type and records an error with the key's line; what is left over is for the caller
//! to judge (relations, or unknown keys). The keys a reader asks for are its known keys, so no
//! list of them is kept by hand: a key that is read is never reported as unknown.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

use crate::error::{Error, ErrorKind};
use crate::yaml::{self, Mapping};

/// The keys of one YAML mapping, waiting to be read, with errors collected on the way.
pub struct Fields<'e> {
    path: &'e Path,
    /// Added to a line inside the YAML text to get the line in the file.
    line_offset: usize,
    /// Where a missing key is reported: the start of the front matter.
    anchor_line: usize,
    entries: Vec<(String, Value, usize)>,
    /// Where each nested key and value is, for errors about them.
    positions: yaml::Positions,
    /// Every key asked for so far, present or not, in the order asked.
    asked: Vec<String>,
    /// Suggestions for unknown keys: an article may name every one of 2,000 collections.
    suggestions: crate::error::Suggestions,
    errors: &'e mut Vec<Error>,
}

impl<'e> Fields<'e> {
    pub fn new(
        path: &'e Path,
        mapping: Mapping,
        line_offset: usize,
        anchor_line: usize,
        errors: &'e mut Vec<Error>,
    ) -> Self {
        Fields {
            path,
            line_offset,
            anchor_line,
            entries: mapping.entries,
            positions: mapping.positions,
            asked: Vec::new(),
            suggestions: Default::default(),
            errors,
        }
    }

    /// The line in the file of the key at `path` (`sources`, 1, `url`), or of the nearest map or
    /// list that holds it.
    pub fn nested_line(&self, path: &[yaml::Step]) -> usize {
        self.positions.line_or_enclosing(path) + self.line_offset
    }

    /// The keys read so far: after a reader has run, the keys it knows.
    #[cfg(test)]
    pub fn asked(&self) -> &[String] {
        &self.asked
    }

    /// Every key still unread, with its line in the file.
    pub fn key_lines(&self) -> Vec<(String, usize)> {
        self.entries
            .iter()
            .map(|(k, _, l)| (k.clone(), l + self.line_offset))
            .collect()
    }

    pub fn error(&mut self, line: usize, kind: ErrorKind) {
        self.errors.push(Error::at(self.path, line, kind));
    }

    /// Removes `key`, returning its value and its line in the file. A YAML `null` counts as absent.
    pub fn take(&mut self, key: &str) -> Option<(Value, usize)> {
        if !self.asked.iter().any(|k| k == key) {
            self.asked.push(key.to_string());
        }
        let index = self.entries.iter().position(|(k, _, _)| k == key)?;
        let (_, value, line) = self.entries.remove(index);
        let line = line + self.line_offset;
        (!value.is_null()).then_some((value, line))
    }

    fn wrong_type(&mut self, key: &str, line: usize, expected: &'static str, value: &Value) {
        let found = match value {
            Value::String(s) => s.clone(),
            other => yaml::kind_name(other).to_string(),
        };
        self.error(
            line,
            ErrorKind::WrongType {
                key: key.to_string(),
                expected,
                found,
            },
        );
    }

    /// A line of text. Numbers are accepted as text (`title: 2025` is a fine title).
    pub fn string(&mut self, key: &str) -> Option<String> {
        let (value, line) = self.take(key)?;
        match value {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                self.wrong_type(key, line, "text", &other);
                None
            }
        }
    }

    /// Like `string`, but the key must be present and not blank. A key written with nothing
    /// after it (`summary:`) is empty, on its own line, not missing.
    pub fn required_string(&mut self, key: &str) -> Option<String> {
        let line = self.line_of(key);
        let blank = self.entries.iter().any(|(k, v, _)| k == key && v.is_null());
        match self.string(key) {
            Some(s) if !s.is_empty() => Some(s),
            Some(_) => {
                let line = line.unwrap_or(self.anchor_line);
                self.error(line, ErrorKind::Empty { key: key.into() });
                None
            }
            None => {
                match line {
                    Some(line) if blank => self.error(line, ErrorKind::Empty { key: key.into() }),
                    Some(_) => {} // `string` said what is wrong with the value.
                    None => {
                        let anchor = self.anchor_line;
                        self.error(anchor, ErrorKind::MissingKey(key.into()));
                    }
                }
                None
            }
        }
    }

    /// The line of a top-level key that is present, even with no value.
    fn line_of(&self, key: &str) -> Option<usize> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, _, l)| l + self.line_offset)
    }

    pub fn int(&mut self, key: &str) -> Option<i64> {
        let (value, line) = self.take(key)?;
        match value.as_i64() {
            Some(n) => Some(n),
            None => {
                self.wrong_type(key, line, "a whole number", &value);
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str) -> Option<bool> {
        let (value, line) = self.take(key)?;
        match value {
            Value::Bool(b) => Some(b),
            other => {
                self.wrong_type(key, line, "true or false", &other);
                None
            }
        }
    }

    /// A calendar date written YYYY-MM-DD.
    pub fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let (value, line) = self.take(key)?;
        let text = match &value {
            Value::String(s) => s.trim().to_string(),
            other => yaml::kind_name(other).to_string(),
        };
        let parsed = (text.len() == 10)
            .then(|| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
            .flatten();
        if parsed.is_none() {
            self.error(
                line,
                ErrorKind::InvalidDate {
                    key: key.into(),
                    value: text,
                },
            );
        }
        parsed
    }

    /// The keys nobody asked for, with their lines in the file.
    pub fn remaining(&mut self) -> Vec<(String, Value, usize)> {
        let offset = self.line_offset;
        std::mem::take(&mut self.entries)
            .into_iter()
            .map(|(k, v, l)| (k, v, l + offset))
            .collect()
    }

    /// Reports every remaining key as unknown, suggesting the closest key that was read.
    pub fn reject_remaining(&mut self) {
        for (key, _, line) in self.remaining() {
            self.reject(key, line, &[]);
        }
    }

    /// Reports `key` as unknown, suggesting the closest of the keys read and `also`.
    pub fn reject(&mut self, key: String, line: usize, also: &[String]) {
        let known = self.asked.iter().chain(also).map(String::as_str);
        let suggestion = self.suggestions.closest(&key, known);
        self.error(line, ErrorKind::UnknownKey { key, suggestion });
    }
}

/// The text items of a list (or a lone text value), or `None` if anything else is in it.
pub fn string_items(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(vec![s.trim().to_string()]),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml_text: &str, f: impl FnOnce(&mut Fields)) -> Vec<String> {
        let mut errors = Vec::new();
        let mapping = crate::yaml::parse_mapping(yaml_text).unwrap();
        let mut fields = Fields::new(Path::new("a.md"), mapping, 1, 1, &mut errors);
        f(&mut fields);
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reports_lines_in_the_file() {
        let errs = read("title: x\norder: soon\n", |f| {
            f.int("order");
        });
        assert_eq!(
            errs,
            vec!["a.md:3: `order` must be a whole number, found `soon`"]
        );
    }

    #[test]
    fn a_required_key_written_with_no_value_is_empty_on_its_own_line() {
        let errs = read("title: x\nsummary:\n", |f| {
            f.required_string("summary");
        });
        assert_eq!(errs, vec!["a.md:3: `summary` must not be empty"]);
    }

    #[test]
    fn missing_required_key_points_at_front_matter() {
        let errs = read("title: x\n", |f| {
            f.required_string("summary");
        });
        assert_eq!(errs, vec!["a.md:1: missing required key `summary`"]);
    }

    #[test]
    fn invalid_dates_are_named() {
        let errs = read("reviewed: 2025-02-30\n", |f| {
            f.date("reviewed");
        });
        assert_eq!(
            errs,
            vec![
                "a.md:2: `reviewed` is not a valid date: `2025-02-30` (use YYYY-MM-DD, e.g. 2025-03-31)"
            ]
        );
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let errs = read("titel: x\n", |f| {
            f.string("title");
            f.string("summary");
            f.reject_remaining();
        });
        assert_eq!(
            errs,
            vec!["a.md:2: unknown key `titel`, did you mean `title`?"]
        );
    }
}
