//! Slugs (the URL name of an article) and ids made from words (heading anchors, tag URLs).

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// An article slug: lowercase ASCII letters, digits and `-`, not starting or ending with `-`.
/// This rule keeps every URL portable across hosts and file systems and makes `..` impossible.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The longest slug or tag address, in bytes. Each becomes a folder name in the output, and file
/// systems refuse names over 255 bytes; a limit well below that fails in the model, on the
/// author's line, instead of halfway through writing the site.
pub const MAX_NAME_BYTES: usize = 150;

/// Whether `c` belongs to a word: a letter or digit of any script, or a combining mark (Unicode
/// categories Mn, Mc and Me: a Hindi virama or vowel sign, an accent written as a mark of its
/// own), which is part of the letter before it. Heading ids, tag addresses and search (here and
/// in the browser's engine.js) all split words by this rule.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `text` in Unicode's composed form (NFC, so `Café` typed either way gives one
/// id), lowercased and joined by `-`: every run of characters that are not part of a word
/// (`is_word_char`) becomes one `-`, and none is left at either end. "Why does it hurt?" becomes
/// `why-does-it-hurt`. Empty when `text` has no letters or digits.
pub fn words_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfc() {
        if is_word_char(c) {
            if gap && !id.is_empty() {
                id.push('-');
            }
            gap = false;
            id.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    id
}

/// A readable title from a slug: `poor-posture` becomes `Poor posture`. Used where an author
/// gave no title (a collection without `_index.md`, `knead new` without `--title`).
pub fn readable(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Hands out heading ids that are unique within one page: the second `summary` is `summary-1`.
#[derive(Default)]
pub struct UniqueIds {
    used: HashSet<String>,
    /// Per base id, the number to try next. Ids are never given back, so every smaller number
    /// is taken already; counting from 1 each time made 20,000 equal headings cost 200 million
    /// tries, this makes each number tried once.
    next_number: HashMap<String, usize>,
}

impl UniqueIds {
    pub fn next(&mut self, text: &str) -> String {
        let mut base = words_id(text);
        if base.is_empty() {
            base = "section".to_string();
        }
        self.unique(base, 1)
    }

    /// `base` itself if it is free, else `base-N` with the first free N from `first` on.
    pub fn unique(&mut self, base: String, first: usize) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next_number.entry(base.clone()).or_insert(first);
        loop {
            // An author's heading may have taken this one already ("Summary 2").
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_valid_slug("deep-tissue-massage"));
        assert!(is_valid_slug("step-2"));
        for bad in ["", "Deep", "a b", "../etc", "a/b", "-a", "a-", "café"] {
            assert!(!is_valid_slug(bad), "{bad}");
        }
    }

    #[test]
    fn ids_are_lowercased_words() {
        assert_eq!(words_id("Why does it hurt?"), "why-does-it-hurt");
        assert_eq!(
            words_id("  Deep tissue — how it works  "),
            "deep-tissue-how-it-works"
        );
        assert_eq!(words_id("Étirements et côtes"), "étirements-et-côtes");
        assert_eq!(words_id("?!"), "");
    }

    #[test]
    fn combining_marks_stay_in_their_word() {
        // Hindi: "health", with viramas (Mn) and vowel signs (Mc).
        assert_eq!(words_id("स्वास्थ्य"), "स्वास्थ्य");
        assert_eq!(words_id("स्वास्थ्य और योग"), "स्वास्थ्य-और-योग");
        assert_eq!(words_id("தமிழ் மருத்துவம்"), "தமிழ்-மருத்துவம்");
        // An enclosing mark (Me) after a digit.
        assert_eq!(words_id("1\u{20e3} step"), "1\u{20e3}-step");
        assert!(is_word_char('\u{94d}') && is_word_char('\u{93e}') && is_word_char('\u{301}'));
        assert!(!is_word_char('-') && !is_word_char('\u{200d}'));
    }

    #[test]
    fn composed_and_decomposed_spellings_give_one_id() {
        let composed = "Caf\u{e9} cr\u{e8}me";
        let decomposed = "Cafe\u{301} cre\u{300}me";
        assert_eq!(words_id(composed), "caf\u{e9}-cr\u{e8}me");
        assert_eq!(words_id(decomposed), words_id(composed));
        let mut ids = UniqueIds::default();
        assert_eq!(ids.next(decomposed), "caf\u{e9}-cr\u{e8}me");
        assert_eq!(ids.next(composed), "caf\u{e9}-cr\u{e8}me-1");
    }

    #[test]
    fn readable_titles_from_slugs() {
        assert_eq!(readable("poor-posture"), "Poor posture");
        assert_eq!(readable("exercises"), "Exercises");
        assert_eq!(readable(""), "");
    }

    #[test]
    fn repeated_headings_are_numbered() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.next("Summary"), "summary");
        assert_eq!(ids.next("Summary"), "summary-1");
        assert_eq!(ids.next("Summary"), "summary-2");
        assert_eq!(ids.next("!!"), "section");
    }

    #[test]
    fn numbered_ids_skip_ids_authors_wrote() {
        let mut ids = UniqueIds::default();
        let given: Vec<String> = ["Same 2", "Same", "Same", "Same", "Same 2", "Same 1"]
            .iter()
            .map(|h| ids.next(h))
            .collect();
        assert_eq!(
            given,
            ["same-2", "same", "same-1", "same-3", "same-2-1", "same-1-1"]
        );
    }

    #[test]
    fn numbering_resumes_where_it_stopped() {
        // The same ids as counting from 1 each time, without the counting.
        let mut ids = UniqueIds::default();
        for _ in 0..20_000 {
            ids.next("Same");
        }
        assert_eq!(ids.next("Same"), "same-20000");
        assert_eq!(ids.next("Same 20001"), "same-20001");
        assert_eq!(ids.next("Same"), "same-20002");
    }
}
