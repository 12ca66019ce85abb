//! A reading-level estimate: the Flesch-Kincaid grade, from words per sentence and syllables
//! per word. Syllables are counted with a spelling rule (vowel groups, a silent final e), close
//! enough to flag pages that are hard going; it is an estimate, not a verdict.

use crate::model::slug::is_word_char;

/// The school grade a page's sentences suit, or `None` when there is too little text to judge.
pub fn grade<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Option<f64> {
    let mut words = 0usize;
    let mut syllables = 0usize;
    let mut counted_sentences = 0usize;
    for sentence in sentences {
        let mut in_sentence = 0;
        for word in sentence
            .split(|c: char| !is_word_char(c) && c != '\'')
            .filter(|w| w.chars().any(char::is_alphabetic))
        {
            in_sentence += 1;
            syllables += syllable_count(word);
        }
        if in_sentence > 0 {
            words += in_sentence;
            counted_sentences += 1;
        }
    }
    if words < 30 {
        return None;
    }
    let words_per_sentence = words as f64 / counted_sentences as f64;
    let syllables_per_word = syllables as f64 / words as f64;
    Some((0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59).max(0.0))
}

/// Syllables in an English word, by spelling: groups of vowels, less a silent final `e`.
pub fn syllable_count(word: &str) -> usize {
    let word: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut previous_vowel = false;
    for &c in &word {
        let is_vowel = vowel(c);
        if is_vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = is_vowel;
    }
    let n = word.len();
    // "make", "stiffness"... a final e is usually silent, but not in "le" endings ("muscle").
    if n > 2 && word[n - 1] == 'e' && word[n - 2] != 'l' && !vowel(word[n - 2]) && count > 1 {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_syllables() {
        for (word, n) in [
            ("back", 1),
            ("massage", 2),
            ("muscle", 2),
            ("make", 1),
            ("therapy", 3),
            ("inflammation", 4),
            ("a", 1),
        ] {
            assert_eq!(syllable_count(word), n, "{word}");
        }
    }

    #[test]
    fn plain_text_scores_low_and_dense_text_high() {
        let plain: Vec<String> = (0..6)
            .map(|_| "Sit less and move more each day. It can help your back.".to_string())
            .collect();
        let dense: Vec<String> = (0..6)
            .map(|_| "Musculoskeletal manifestations necessitate comprehensive multidisciplinary interventions incorporating individualised therapeutic modalities.".to_string())
            .collect();
        let grade_of = |sentences: &[String]| grade(sentences.iter().map(String::as_str));
        assert!(grade_of(&plain).unwrap() < 6.0, "{:?}", grade_of(&plain));
        assert!(grade_of(&dense).unwrap() > 16.0, "{:?}", grade_of(&dense));
        assert_eq!(grade(["Too short."]), None);
    }
}
