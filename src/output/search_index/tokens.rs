//! Words as search sees them: lowercased, accents removed, split on anything that is not part of
//! a word (a letter, digit or combining mark: `slug::is_word_char`), common words dropped, and reduced to their English stem. The browser repeats
//! exactly these steps on the visitor's query (themes/default/static/search/), so both must agree.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

use crate::model::slug::is_word_char;

/// Words too common to help ranking, sorted (they are looked up by binary search). Shipped to the browser in the index manifest, so the
/// query is filtered with the very same list.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from",
    "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or",
    "our", "so", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "to", "was", "we", "were", "what", "when", "which", "who", "why", "will", "with", "you",
    "your",
];

/// Lowercases and removes accents (the combining marks U+0300 to U+036F after canonical
/// decomposition, as the browser's `normalize('NFD')` and a regular expression do).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// `fold`, appending to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    // Most text is plain ASCII: nothing to decompose.
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    out.extend(
        text.nfd()
            .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
            .flat_map(char::to_lowercase),
    );
}

/// The words of folded text: its runs of letters, digits and combining marks (a Hindi vowel sign
/// or virama is part of its word). The same as splitting on every character that is not
/// `is_word_char`, but ASCII is tested a byte at a time: this runs for every word of every page.
pub fn words(folded: &str) -> Words<'_> {
    Words {
        text: folded,
        at: 0,
    }
}

pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl Words<'_> {
    /// The character at byte `at`, which is not ASCII.
    fn wide(&self, at: usize) -> char {
        self.text[at..]
            .chars()
            .next()
            .expect("at is a char boundary")
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        let start = loop {
            let &byte = bytes.get(at)?;
            if byte.is_ascii_alphanumeric() {
                break at;
            } else if byte.is_ascii() {
                at += 1;
            } else {
                let c = self.wide(at);
                if is_word_char(c) {
                    break at;
                }
                at += c.len_utf8();
            }
        };
        while let Some(&byte) = bytes.get(at) {
            if byte.is_ascii_alphanumeric() {
                at += 1;
            } else if byte.is_ascii() {
                break;
            } else {
                let c = self.wide(at);
                if !is_word_char(c) {
                    break;
                }
                at += c.len_utf8();
            }
        }
        self.at = at;
        Some(&self.text[start..at])
    }
}

/// Whether a folded word is worth indexing: not a stop word, and longer than one letter
/// (single digits are kept: "step 2").
pub fn is_indexed(word: &str) -> bool {
    match word.len() {
        0 => false,
        1 => word.as_bytes()[0].is_ascii_digit(),
        // Most words are longer than any stop word: no need to look.
        n if n > LONGEST_STOP_WORD => true,
        // Short words are compared as numbers: this runs for every word of every page.
        _ => word.chars().nth(1).is_some() && STOP_WORDS_PACKED.binary_search(&pack(word)).is_err(),
    }
}

/// A word of up to eight bytes as one number; sorting the numbers sorts the words.
fn pack(word: &str) -> u64 {
    let mut bytes = [0u8; 8];
    bytes[..word.len()].copy_from_slice(word.as_bytes());
    u64::from_be_bytes(bytes)
}

static STOP_WORDS_PACKED: std::sync::LazyLock<Vec<u64>> =
    std::sync::LazyLock::new(|| STOP_WORDS.iter().map(|w| pack(w)).collect());

/// The length in bytes of the longest stop word.
const LONGEST_STOP_WORD: usize = 5;

/// Reduces folded words to their stems; a site in another language gets words unchanged.
pub struct Stems {
    stemmer: Option<Stemmer>,
}

impl Stems {
    pub fn for_language(language: &str) -> Stems {
        let english = language == "en" || language.starts_with("en-");
        Stems {
            stemmer: english.then(|| Stemmer::create(Algorithm::English)),
        }
    }

    pub fn stem(&self, word: &str) -> String {
        match &self.stemmer {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_string(),
        }
    }

    pub fn is_stemming(&self) -> bool {
        self.stemmer.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Shiatsu CAFÉ Über"), "shiatsu cafe uber");
    }

    #[test]
    fn splits_on_punctuation() {
        let folded = fold("Cross-fiber friction: it's (mostly) fine.");
        assert_eq!(
            words(&folded).collect::<Vec<_>>(),
            vec!["cross", "fiber", "friction", "it", "s", "mostly", "fine"]
        );
    }

    #[test]
    fn splits_like_the_char_test_on_any_text() {
        for text in [
            "",
            "  ",
            "one",
            "--a--b--",
            "naïve café ½ 2nd x²",
            "日本語のテキスト、と句読点。",
            "emoji 😀 between",
            "مرحبا بالعالم",
            "स्वास्थ्य और योग",
            "\u{301}a\u{301}-\u{20dd}",
        ] {
            let slow: Vec<&str> = text
                .split(|c: char| !is_word_char(c))
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), slow, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_split_any_text_like_the_char_test(text in "[ a-zA-Z0-9.,'éü½²、。😀\u{a0}\u{300}\u{94d}\u{93e}स-]{0,40}") {
            let slow: Vec<&str> = text
                .split(|c: char| !is_word_char(c))
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), slow);
        }
    }

    #[test]
    fn stop_words_are_sorted_and_short() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(LONGEST_STOP_WORD)
        );
    }

    #[test]
    fn combining_marks_are_part_of_their_word() {
        // Accents in U+0300..U+036F are folded away; other marks, such as Hindi's, stay.
        let folded = fold("स्वास्थ्य, Cafe\u{301}!");
        assert_eq!(words(&folded).collect::<Vec<_>>(), ["स्वास्थ्य", "cafe"]);
    }

    #[test]
    fn ascii_and_unicode_fold_alike() {
        assert_eq!(fold("Deep TISSUE"), "deep tissue");
        assert_eq!(fold("Déjà Vu"), "deja vu");
    }

    #[test]
    fn drops_stop_words_and_single_letters() {
        let kept: Vec<_> = ["the", "s", "2", "hip", "what"]
            .into_iter()
            .filter(|w| is_indexed(w))
            .collect();
        assert_eq!(kept, vec!["2", "hip"]);
    }

    #[test]
    fn stems_english_only() {
        let en = Stems::for_language("en");
        assert_eq!(en.stem("stretches"), "stretch");
        assert_eq!(en.stem("stretching"), "stretch");
        assert_eq!(en.stem("collisions"), en.stem("collision"));
        assert_eq!(Stems::for_language("fr").stem("étirements"), "étirements");
    }
}
