//! The one place knead calls a YAML parser: it turns YAML text into a neutral
//! `serde_json::Value` plus the line of each top-level key, so the parser could be swapped here alone.

use std::collections::HashMap;

use serde_json::Value;

/// A YAML parse failure, with the 1-based line inside the parsed text when the parser knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub line: Option<usize>,
    pub message: String,
    /// Set when the YAML is valid but is not a mapping: names what was found instead.
    pub found_instead: Option<&'static str>,
}

impl YamlError {
    /// The error kind to report for this failure.
    pub fn kind(self) -> crate::error::ErrorKind {
        match self.found_instead {
            Some(found) => crate::error::ErrorKind::NotAMapping(format!("a {found}")),
            None => crate::error::ErrorKind::Yaml(self.message),
        }
    }
}

/// A parsed YAML document whose top level is a mapping (or empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    /// Keys in the order they appear, each with its value and its 1-based line in the text.
    pub entries: Vec<(String, Value, usize)>,
}

/// Parses `text` as a YAML mapping. An empty document is an empty mapping.
/// Anything else at the top level (a list, a lone string) is an error naming what was found.
pub fn parse_mapping(text: &str) -> Result<Mapping, YamlError> {
    let value = parse_value(text)?;
    let map = match value {
        Value::Null => {
            return Ok(Mapping {
                entries: Vec::new(),
            });
        }
        Value::Object(map) => map,
        other => {
            let found = kind_name(&other);
            return Err(YamlError {
                line: Some(1),
                message: format!("a {found}"),
                found_instead: Some(found),
            });
        }
    };
    // The first line of each key, looked up by name: a search of the list per key made a front
    // matter of 20,000 keys cost 200 million comparisons.
    let mut lines: HashMap<String, usize> = HashMap::new();
    for (key, line) in key_lines(text) {
        lines.entry(key).or_insert(line);
    }
    let mut entries: Vec<(String, Value, usize)> = map
        .into_iter()
        .map(|(key, value)| {
            let line = lines.get(&key).copied().unwrap_or(1);
            (key, value, line)
        })
        .collect();
    entries.sort_by_key(|(_, _, line)| *line);
    Ok(Mapping { entries })
}

/// Parses a YAML value that is not necessarily a mapping (used for nested data such as quiz files).
pub fn parse_value(text: &str) -> Result<Value, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map(|l| l.line());
        // A tab in the indentation gives different parser messages depending on where it is;
        // name the tab whenever it is the cause.
        let indented_with_tab = line
            .and_then(|n| text.lines().nth(n.saturating_sub(1)))
            .is_some_and(|l| l[..l.len() - l.trim_start().len()].contains('\t'));
        let message = if indented_with_tab {
            TAB_MESSAGE.to_string()
        } else {
            clean_message(&e.to_string())
        };
        YamlError {
            line,
            message,
            found_instead: None,
        }
    })
}

/// The parser's own words for a tab in the indentation, used for every such case.
const TAB_MESSAGE: &str = "found a tab character that violates indentation";

/// A short, human name of a value's type, for messages.
pub fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "empty value",
        Value::Bool(_) => "true/false value",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "list",
        Value::Object(_) => "map of keys",
    }
}

/// Finds the line of each top-level key: a line that starts at column 0 with `key:`,
/// `"key":` or `'key':`. serde's value types carry no positions, and top-level keys
/// in front matter always start a line, so this is exact for the cases we report.
fn key_lines(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some(first) = line.chars().next() else {
            continue;
        };
        if first.is_whitespace() || first == '#' || first == '-' {
            continue;
        }
        let key = if first == '"' || first == '\'' {
            line[1..].split(first).next().map(str::to_string)
        } else {
            line.split_once(':').map(|(k, _)| k.trim_end().to_string())
        };
        if let Some(key) = key {
            found.push((key, index + 1));
        }
    }
    found
}

/// serde_yaml appends " at line X column Y" to its messages; we print the line ourselves.
/// Two of its messages speak of its internals; they are put in an author's words.
fn clean_message(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    message
        .replace(
            "recursion limit exceeded",
            "lists or maps are nested too deeply (more than 128 levels)",
        )
        .replace("JSON number out of range", "the number is too large")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_lines() {
        let m = parse_mapping("title: A\n\nsummary: B\ntags:\n  - x\n").unwrap();
        let keys: Vec<_> = m.entries.iter().map(|(k, _, l)| (k.as_str(), *l)).collect();
        assert_eq!(keys, vec![("title", 1), ("summary", 3), ("tags", 4)]);
    }

    #[test]
    fn dates_stay_text() {
        let m = parse_mapping("reviewed: 2024-02-01\n").unwrap();
        assert_eq!(m.entries[0].1, Value::String("2024-02-01".into()));
    }

    #[test]
    fn empty_document_is_empty_mapping() {
        assert!(parse_mapping("").unwrap().entries.is_empty());
    }

    #[test]
    fn errors_have_lines() {
        let e = parse_mapping("title: a\nsummary: [b\n").unwrap_err();
        assert!(e.line.is_some());
        assert!(!e.message.contains(" at line "));
    }

    #[test]
    fn tabs_are_an_error() {
        assert!(parse_mapping("title: a\n\tsummary: b\n").is_err());
    }

    #[test]
    fn a_tab_in_the_indentation_is_named_wherever_it_is() {
        for text in [
            "title: a\n\tsummary: b\n",
            "red_flags:\n\ttitle: Call now\n",
            "a:\n  b: 1\n \tc: 2\n",
        ] {
            let e = parse_value(text).unwrap_err();
            assert_eq!(e.message, TAB_MESSAGE, "{text:?}");
        }
    }

    #[test]
    fn messages_about_the_parser_s_internals_are_reworded() {
        let deep = format!("extra: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            parse_mapping(&deep).unwrap_err().message,
            "lists or maps are nested too deeply (more than 128 levels)"
        );
        let big = parse_mapping("order: 99999999999999999999999\n").unwrap_err();
        assert_eq!(big.message, "order: the number is too large");
    }

    #[test]
    fn a_list_is_not_a_mapping() {
        assert_eq!(parse_mapping("- a\n- b\n").unwrap_err().message, "a list");
    }
}
