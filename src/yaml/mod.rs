//! The one place knead calls a YAML parser: it turns YAML text into a neutral
//! `serde_json::Value` (read by serde_yaml) plus the line of every key and value (read from the
//! same parser's events, see `positions`), so the parser could be swapped here alone.

mod events;
pub(crate) mod fields;
pub(crate) mod positions;

use serde_json::Value;

pub use positions::{Positions, Step};

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
            // The YAML is valid, but knead does not accept the value: no "invalid YAML" then.
            None if VALUE_MESSAGES.iter().any(|m| self.message.contains(m)) => {
                crate::error::ErrorKind::Value(self.message)
            }
            None => crate::error::ErrorKind::Yaml(self.message),
        }
    }
}

/// A parsed YAML document whose top level is a mapping (or empty).
#[derive(Debug, Clone)]
pub struct Mapping {
    /// Keys in the order they appear, each with its value and its 1-based line in the text.
    pub entries: Vec<(String, Value, usize)>,
    /// Where every key and value is, nested ones included.
    pub positions: Positions,
}

/// Parses `text` as a YAML mapping. An empty document is an empty mapping.
/// Anything else at the top level (a list, a lone string) is an error naming what was found.
pub fn parse_mapping(text: &str) -> Result<Mapping, YamlError> {
    let (value, positions) = parse_document(text)?;
    let map = match value {
        Value::Null => serde_json::Map::new(),
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
    let mut entries: Vec<(String, Value, usize)> = map
        .into_iter()
        .map(|(key, value)| {
            let line = positions.key_line(&[Step::Key(key.clone())]).unwrap_or(1);
            (key, value, line)
        })
        .collect();
    entries.sort_by_key(|(_, _, line)| *line);
    Ok(Mapping { entries, positions })
}

/// Parses a YAML document into its value and the positions of its keys and values. A key
/// given twice in one map is an error on the line of the second (serde would keep the last).
pub fn parse_document(text: &str) -> Result<(Value, Positions), YamlError> {
    let value = parse_value(text)?;
    let positions = Positions::read(text);
    if let Some((path, line)) = &positions.duplicate {
        let key = match path.last() {
            Some(Step::Key(key)) => key.as_str(),
            _ => "",
        };
        return Err(YamlError {
            line: Some(*line),
            message: format!("the key `{key}`{DUPLICATE_KEY}"),
            found_instead: None,
        });
    }
    Ok((value, positions))
}

/// Parses a YAML value that is not necessarily a mapping (used for nested data such as quiz files).
pub fn parse_value(text: &str) -> Result<Value, YamlError> {
    let parsed: Result<Strict, _> = serde_yaml::from_str(text);
    parsed.map(|strict| strict.0).map_err(|e| {
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

/// A YAML value as knead accepts it: like `serde_json::Value`, but `.nan` or `.inf` and control
/// characters in text are errors instead of being dropped or passed on (a control character
/// makes the feed ill-formed XML).
struct Strict(Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<Value, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        u64::try_from(v)
            .map(Value::from)
            .map_err(|_| E::custom(TOO_LARGE))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::from)
            .map_err(|_| E::custom(TOO_LARGE))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(NOT_A_NUMBER))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        match v.chars().find(|c| is_forbidden_control(*c)) {
            Some(c) => Err(E::custom(format!(
                "the text holds a control character (U+{:04X}) {CONTROL_CHARACTER}: delete it",
                u32::from(c)
            ))),
            None => Ok(Value::String(v.to_string())),
        }
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        self.visit_str(&v)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(Key(key)) = map.next_key()? {
            let Strict(value) = map.next_value()?;
            // A key given twice is found with its line by `parse_document`; here the last wins.
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A map key, as the text it was written as (`1: x` has the key "1").
struct Key(String);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_string(StrictVisitor)? {
            Value::String(key) => Ok(Key(key)),
            other => Ok(Key(other.to_string())),
        }
    }
}

/// Words that only knead's own messages about values hold (see `Strict`).
const VALUE_MESSAGES: &[&str] = &[DUPLICATE_KEY, NOT_A_NUMBER, CONTROL_CHARACTER];

const CONTROL_CHARACTER: &str = "that a web page or feed cannot show";

/// The end of the message for a key given twice.
const DUPLICATE_KEY: &str = " is given twice: keep one of them";

const TOO_LARGE: &str = "the number is too large";

const NOT_A_NUMBER: &str =
    "`.nan` and `.inf` are not numbers knead can use: write a number, or put text in quotes";

/// Control characters other than tab and line breaks: XML forbids them and HTML shows them as
/// nothing, so they are always a paste accident.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
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

/// serde_yaml appends " at line X column Y" to its messages; we print the line ourselves.
/// Two of its messages speak of its internals; they are put in an author's words.
fn clean_message(message: &str) -> String {
    let message = match message
        .find(" at line ")
        .or_else(|| message.find(" at position "))
    {
        Some(i) => &message[..i],
        None => message,
    };
    message
        .replace(
            "recursion limit exceeded",
            "lists or maps are nested too deeply (more than 128 levels)",
        )
        .replace("JSON number out of range", TOO_LARGE)
        .replace(
            "control characters are not allowed",
            &format!("the text holds a control character {CONTROL_CHARACTER}: delete it"),
        )
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
    fn a_key_given_twice_is_an_error_on_its_second_line() {
        let e = parse_mapping("title: A\nsummary: B\ntitle: C\n").unwrap_err();
        assert_eq!(
            e.message,
            "the key `title` is given twice: keep one of them"
        );
        assert_eq!(e.line, Some(3));
        let nested = "title: A\nsources:\n  - title: X\n    url: https://a.example\n    title: Y\n";
        let e = parse_mapping(nested).unwrap_err();
        assert_eq!(e.line, Some(5), "{e:?}");
    }

    #[test]
    fn nan_infinity_and_control_characters_are_errors() {
        for text in ["order: .nan\n", "order: -.inf\n", "title: .Inf\n"] {
            let e = parse_mapping(text).unwrap_err();
            assert!(e.message.ends_with(NOT_A_NUMBER), "{text}: {e:?}");
            assert_eq!(e.line, Some(1));
        }
        let e = parse_mapping("title: A\nsummary: \"bell \\a here\"\n").unwrap_err();
        assert!(e.message.contains("U+0007"), "{e:?}");
        assert_eq!(e.line, Some(2));
        assert!(parse_mapping("title: \"tab\\there\"\nsummary: \"two\\nlines\"\n").is_ok());
        assert!(parse_mapping("title: \"tab\\there\"\n").is_ok());
    }

    #[test]
    fn a_list_is_not_a_mapping() {
        assert_eq!(parse_mapping("- a\n- b\n").unwrap_err().message, "a list");
    }
}
