//! The symptom quiz: content/quiz.yaml parsed into a validated `Quiz` whose answers score
//! published pages. Errors name quiz.yaml, the line, and the question id.
//!
//! serde's values carry no positions, so lines are found in the text: a question's line is
//! the line of its `id:`, and a value's line is the first line after that which holds it.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::body::{self, ScannedBody};
use super::slug::is_valid_slug;
use crate::error::{Error, ErrorKind};

pub const QUIZ_FILE: &str = "content/quiz.yaml";

/// The validated quiz.
#[derive(Debug, Clone)]
pub struct Quiz {
    pub title: String,
    /// Markdown shown before the first question.
    pub intro: ScannedBody,
    /// One group or more of warning signs, each with its own message.
    pub red_flags: Vec<RedFlags>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub struct RedFlags {
    pub title: String,
    pub message: ScannedBody,
    pub items: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub help: Option<ScannedBody>,
    pub multiple: bool,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub text: String,
    /// (article id, points).
    pub scores: Vec<(usize, i64)>,
}

const TOP_KEYS: &[&str] = &["title", "intro", "red_flags", "questions"];
const RED_FLAG_KEYS: &[&str] = &["title", "message", "items"];
const QUESTION_KEYS: &[&str] = &["id", "text", "help", "multiple", "answers"];
const ANSWER_KEYS: &[&str] = &["text", "scores"];

/// Reads quiz.yaml. `pages` maps `<collection>/<slug>` of every published article to its id;
/// `drafts` lists those of drafts left out, for a clearer message.
pub fn parse(
    text: &str,
    pages: &HashMap<String, usize>,
    drafts: &[String],
    errors: &mut Vec<Error>,
) -> Option<Quiz> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let before = errors.len();
    let root = match crate::yaml::parse_value(text) {
        Ok(Value::Object(map)) => map,
        Ok(other) => {
            let found = format!("a {}", crate::yaml::kind_name(&other));
            errors.push(Error::at(QUIZ_FILE, 1, ErrorKind::NotAMapping(found)));
            return None;
        }
        Err(e) => {
            let last = text.lines().count().max(1);
            errors.push(Error::at(
                QUIZ_FILE,
                e.line.unwrap_or(1).min(last),
                e.kind(),
            ));
            return None;
        }
    };
    let mut reader = Reader {
        text,
        line_starts: line_starts(text),
        suggestions: Default::default(),
        errors,
        pages,
        drafts,
    };
    reader.unknown_keys(&root, TOP_KEYS, 0, None);
    let title = reader.text_field(&root, "title", 0, None);
    let intro = root
        .get("intro")
        .map(|v| reader.markdown(v, "intro", 0, None))
        .unwrap_or_else(|| body::scan("", 1));

    let red_flags = match root.get("red_flags") {
        // One group as a map, or several as a list of maps.
        Some(Value::Object(group)) => vec![reader.red_flags(group, 0)],
        Some(Value::Array(groups)) if !groups.is_empty() => {
            let mut out = Vec::new();
            let mut after = reader.line_of("red_flags:", 0).unwrap_or(1);
            for group in groups {
                match group {
                    Value::Object(map) => {
                        let group = reader.red_flags(map, after);
                        after = reader.line_of("items:", after).unwrap_or(after) + 1;
                        out.push(group);
                    }
                    other => reader.wrong_type(
                        "red_flags",
                        "a map with title, message and items",
                        other,
                        after,
                        None,
                    ),
                }
            }
            out
        }
        Some(other) => {
            let line = reader.line_of("red_flags:", 0).unwrap_or(1);
            reader.wrong_type(
                "red_flags",
                "a map with title, message and items",
                other,
                line,
                None,
            );
            Vec::new()
        }
        None => {
            reader.errors.push(Error::at(
                QUIZ_FILE,
                1,
                ErrorKind::MissingKey("red_flags".into()),
            ));
            Vec::new()
        }
    };

    let mut questions = Vec::new();
    match root.get("questions") {
        Some(Value::Array(list)) if !list.is_empty() => {
            let mut seen: HashMap<String, usize> = HashMap::new();
            let mut after = reader.line_of("questions:", 0).unwrap_or(1);
            for item in list {
                let Value::Object(map) = item else {
                    reader.wrong_type(
                        "questions",
                        "a list of questions (each with id, text and answers)",
                        item,
                        after,
                        None,
                    );
                    continue;
                };
                let id = map
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim()
                    .to_string();
                let line = reader.question_line(&id, after);
                after = line;
                if let Some(question) = reader.question(map, &id, line) {
                    if let Some(first) = seen.get(&question.id) {
                        reader.errors.push(Error::at(
                            QUIZ_FILE,
                            line,
                            ErrorKind::Quiz {
                                question: Some(question.id.clone()),
                                message: format!(
                                    "duplicate question id (line {first} uses it too)"
                                ),
                            },
                        ));
                    } else {
                        seen.insert(question.id.clone(), line);
                    }
                    questions.push(question);
                }
            }
        }
        Some(Value::Array(_)) => {
            let line = reader.line_of("questions:", 0).unwrap_or(1);
            reader.errors.push(Error::at(
                QUIZ_FILE,
                line,
                ErrorKind::Empty {
                    key: "questions".into(),
                },
            ));
        }
        Some(other) => {
            let line = reader.line_of("questions:", 0).unwrap_or(1);
            reader.wrong_type("questions", "a list of questions", other, line, None);
        }
        None => reader.errors.push(Error::at(
            QUIZ_FILE,
            1,
            ErrorKind::MissingKey("questions".into()),
        )),
    }

    // Lines are found by searching the text after the previous item; when the search runs
    // past the last item, the line it names may be past the end of the file.
    let last = text.lines().count().max(1);
    for error in &mut errors[before..] {
        error.line = error.line.map(|line| line.min(last));
    }
    if errors.len() > before {
        return None;
    }
    Some(Quiz {
        title: title?,
        intro,
        red_flags,
        questions,
    })
}

/// The byte offset where each line of `text` starts, as `str::lines` counts lines.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

struct Reader<'a> {
    text: &'a str,
    /// Where each line of `text` starts, so a search from line `n` starts there instead of
    /// reading the `n` lines before it (which made a quiz of 20,000 questions quadratic).
    line_starts: Vec<usize>,
    /// Suggestions for score keys, each a look at every page.
    suggestions: crate::error::Suggestions,
    errors: &'a mut Vec<Error>,
    pages: &'a HashMap<String, usize>,
    drafts: &'a [String],
}

impl Reader<'_> {
    /// The lines after line `after`, each with its line number.
    fn lines_after(&self, after: usize) -> impl Iterator<Item = (usize, &str)> {
        let start = self
            .line_starts
            .get(after)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..]
            .lines()
            .enumerate()
            .map(move |(i, l)| (after + i + 1, l))
    }

    /// The first line after line `after` that contains `needle`.
    fn line_of(&self, needle: &str, after: usize) -> Option<usize> {
        self.lines_after(after)
            .find(|(_, l)| l.contains(needle))
            .map(|(n, _)| n)
    }

    /// The line of a question's `id: <id>`, or the next list item after `after`.
    fn question_line(&self, id: &str, after: usize) -> usize {
        let by_id = self.lines_after(after).find(|(_, l)| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix("id:")
                .is_some_and(|rest| rest.trim().trim_matches(['"', '\'']) == id)
        });
        by_id
            .map(|(n, _)| n)
            .or_else(|| self.next_item(after))
            .unwrap_or(after.max(1))
    }

    /// The first line after line `after` that starts a list item (`- `).
    fn next_item(&self, after: usize) -> Option<usize> {
        self.lines_after(after)
            .find(|(_, l)| l.trim_start().starts_with("- "))
            .map(|(n, _)| n)
    }

    fn error(&mut self, line: usize, question: Option<&str>, kind: ErrorKind) {
        let kind = match (question, kind) {
            (Some(q), kind) => ErrorKind::Quiz {
                question: Some(q.to_string()),
                message: kind.to_string(),
            },
            (None, kind) => kind,
        };
        self.errors.push(Error::at(QUIZ_FILE, line, kind));
    }

    fn wrong_type(
        &mut self,
        key: &str,
        expected: &'static str,
        value: &Value,
        line: usize,
        question: Option<&str>,
    ) {
        let found = match value {
            Value::String(s) => s.clone(),
            other => crate::yaml::kind_name(other).to_string(),
        };
        self.error(
            line,
            question,
            ErrorKind::WrongType {
                key: key.into(),
                expected,
                found,
            },
        );
    }

    fn unknown_keys(
        &mut self,
        map: &Map<String, Value>,
        known: &[&str],
        after: usize,
        question: Option<&str>,
    ) {
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                let line = self
                    .line_of(&format!("{key}:"), after)
                    .unwrap_or(after.max(1));
                let suggestion = crate::error::closest(key, known.iter().copied());
                self.error(
                    line,
                    question,
                    ErrorKind::UnknownKey {
                        key: key.clone(),
                        suggestion,
                    },
                );
            }
        }
    }

    /// A required line of text.
    fn text_field(
        &mut self,
        map: &Map<String, Value>,
        key: &str,
        after: usize,
        question: Option<&str>,
    ) -> Option<String> {
        match map.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::String(_)) => {
                let line = self
                    .line_of(&format!("{key}:"), after)
                    .unwrap_or(after.max(1));
                self.error(line, question, ErrorKind::Empty { key: key.into() });
                None
            }
            Some(other) => {
                let line = self
                    .line_of(&format!("{key}:"), after)
                    .unwrap_or(after.max(1));
                self.wrong_type(key, "text", other, line, question);
                None
            }
            None => {
                self.error(after.max(1), question, ErrorKind::MissingKey(key.into()));
                None
            }
        }
    }

    /// Markdown text; its links are checked like a page's.
    fn markdown(
        &mut self,
        value: &Value,
        key: &str,
        after: usize,
        question: Option<&str>,
    ) -> ScannedBody {
        let line = self
            .line_of(&format!("{key}:"), after)
            .unwrap_or(after.max(1));
        match value {
            Value::String(s) => {
                let scanned = body::scan(s, line);
                if scanned.too_deep.is_some() {
                    self.error(
                        line,
                        question,
                        ErrorKind::TooDeeplyNested(body::MAX_NESTING),
                    );
                }
                for (_, kind) in &scanned.care_card_errors {
                    self.error(line, question, kind.clone());
                }
                for link in &scanned.links {
                    if !body::is_allowed_url(&link.dest) || link.dest.starts_with("@/") {
                        // `@/` links would need resolving against this page's place; keep quiz
                        // text to plain words and web links.
                        self.error(line, question, ErrorKind::UnsafeLink(link.dest.clone()));
                    }
                }
                scanned
            }
            other => {
                self.wrong_type(key, "text (Markdown)", other, line, question);
                body::scan("", line)
            }
        }
    }

    fn red_flags(&mut self, map: &Map<String, Value>, after: usize) -> RedFlags {
        self.unknown_keys(map, RED_FLAG_KEYS, after, None);
        let title = self
            .text_field(map, "title", after, None)
            .unwrap_or_default();
        let message = match map.get("message") {
            Some(v) => self.markdown(v, "message", after, None),
            None => {
                self.error(
                    after.max(1),
                    None,
                    ErrorKind::MissingKey("red_flags.message".into()),
                );
                body::scan("", 1)
            }
        };
        let items_line = self.line_of("items:", after).unwrap_or(after.max(1));
        let items = match map.get("items").map(super::fields::string_items) {
            Some(Some(items)) if !items.iter().all(|i| i.is_empty()) => {
                items.into_iter().filter(|i| !i.is_empty()).collect()
            }
            Some(Some(_)) | None => {
                self.error(
                    items_line,
                    None,
                    ErrorKind::Empty {
                        key: "red_flags.items".into(),
                    },
                );
                Vec::new()
            }
            Some(None) => {
                let value = map.get("items").cloned().unwrap_or(Value::Null);
                self.wrong_type(
                    "red_flags.items",
                    "a list of symptoms",
                    &value,
                    items_line,
                    None,
                );
                Vec::new()
            }
        };
        RedFlags {
            title,
            message,
            items,
        }
    }

    fn question(&mut self, map: &Map<String, Value>, id: &str, line: usize) -> Option<Question> {
        let before = self.errors.len();
        let shown_id = (!id.is_empty()).then_some(id);
        if id.is_empty() {
            self.error(line, None, ErrorKind::MissingKey("id".into()));
        } else if !is_valid_slug(id) {
            self.error(line, None, ErrorKind::InvalidQuestionId(id.to_string()));
        }
        // The question's own keys sit between its `id:` line and the next question.
        let start = line.saturating_sub(1);
        self.unknown_keys(map, QUESTION_KEYS, start, shown_id);
        let text = self.text_field(map, "text", start, shown_id);
        let help = map
            .get("help")
            .map(|v| self.markdown(v, "help", start, shown_id));
        let multiple = match map.get("multiple") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let l = self.line_of("multiple:", start).unwrap_or(line);
                self.wrong_type("multiple", "true or false", other, l, shown_id);
                false
            }
        };
        let mut answers = Vec::new();
        match map.get("answers") {
            Some(Value::Array(list)) if !list.is_empty() => {
                let mut after = self.line_of("answers:", start).unwrap_or(line);
                for item in list {
                    let Value::Object(answer) = item else {
                        self.wrong_type(
                            "answers",
                            "a list of answers (each with text and scores)",
                            item,
                            after,
                            shown_id,
                        );
                        continue;
                    };
                    // Each answer starts at the next list item.
                    let answer_line = self.next_item(after).unwrap_or(after);
                    after = answer_line;
                    answers.push(self.answer(answer, answer_line, shown_id));
                }
            }
            Some(Value::Array(_)) | None => {
                let l = self.line_of("answers:", start).unwrap_or(line);
                self.error(
                    l,
                    shown_id,
                    ErrorKind::Empty {
                        key: "answers".into(),
                    },
                );
            }
            Some(other) => {
                let l = self.line_of("answers:", start).unwrap_or(line);
                self.wrong_type("answers", "a list of answers", other, l, shown_id);
            }
        }
        if self.errors.len() > before {
            return None;
        }
        Some(Question {
            id: id.to_string(),
            text: text?,
            help,
            multiple,
            answers,
        })
    }

    fn answer(&mut self, map: &Map<String, Value>, line: usize, question: Option<&str>) -> Answer {
        self.unknown_keys(map, ANSWER_KEYS, line.saturating_sub(1), question);
        let text = self
            .text_field(map, "text", line.saturating_sub(1), question)
            .unwrap_or_default();
        let mut scores = Vec::new();
        match map.get("scores") {
            None | Some(Value::Null) => {}
            Some(Value::Object(entries)) => {
                for (key, points) in entries {
                    // Only errors need the line: looking it up for every score made an answer
                    // scoring 20,000 pages read its lines 20,000 times.
                    let key_line =
                        |reader: &Self| reader.line_of(key, line.saturating_sub(1)).unwrap_or(line);
                    let Some(points) = points.as_i64() else {
                        self.wrong_type(
                            &format!("scores.{key}"),
                            "a whole number",
                            points,
                            key_line(self),
                            question,
                        );
                        continue;
                    };
                    match self.pages.get(key) {
                        Some(&id) => scores.push((id, points)),
                        None => {
                            let message = if self.drafts.contains(key) {
                                format!(
                                    "score key `{key}` is a draft, which is left out of this build: remove it or publish the page"
                                )
                            } else {
                                let suggestion = self
                                    .suggestions
                                    .closest(key, self.pages.keys().map(String::as_str))
                                    .map_or_else(String::new, |s| format!(", did you mean `{s}`?"));
                                format!(
                                    "score key `{key}` is not a published page (write it as <collection>/<slug>){suggestion}"
                                )
                            };
                            self.errors.push(Error::at(
                                QUIZ_FILE,
                                key_line(self),
                                ErrorKind::Quiz {
                                    question: question.map(str::to_string),
                                    message,
                                },
                            ));
                        }
                    }
                }
            }
            Some(other) => {
                let l = self
                    .line_of("scores:", line.saturating_sub(1))
                    .unwrap_or(line);
                self.wrong_type(
                    "scores",
                    "a map of <collection>/<slug>: points",
                    other,
                    l,
                    question,
                );
            }
        }
        Answer { text, scores }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_at_the_end_of_the_file_name_its_last_line() {
        // Found by the `quiz` fuzz target: the empty second group was blamed on line 5 of 4.
        let (quiz, errors) = parse_text("red_flags:\n  - ::\n  -\nitems:");
        assert!(quiz.is_none());
        assert!(
            errors.contains(
                &"content/quiz.yaml:4: `red_flags` must be a map with title, message and items, found `empty value`".to_string()
            ),
            "{errors:?}"
        );
        for error in &errors {
            let line: usize = error.split(':').nth(1).unwrap().parse().unwrap();
            assert!((1..=4).contains(&line), "{error}");
        }
    }

    fn pages() -> HashMap<String, usize> {
        HashMap::from([
            ("causes/poor-posture".to_string(), 0),
            ("techniques/deep-tissue".to_string(), 1),
        ])
    }

    fn parse_text(text: &str) -> (Option<Quiz>, Vec<String>) {
        let mut errors = Vec::new();
        let quiz = parse(
            text,
            &pages(),
            &["causes/draft-page".to_string()],
            &mut errors,
        );
        (quiz, errors.iter().map(ToString::to_string).collect())
    }

    const GOOD: &str = "title: What may be behind your pain?
intro: Answer a few questions.
red_flags:
  title: Get medical help first
  message: Call your local emergency number.
  items: [numbness around your bottom, new trouble peeing]
questions:
  - id: sitting
    text: How many hours a day do you sit?
    answers:
      - text: More than 8
        scores: {causes/poor-posture: 2, techniques/deep-tissue: 1}
      - text: Less than 4
  - id: knots
    text: Do you have knots?
    multiple: true
    answers:
      - text: Yes
        scores:
          techniques/deep-tissue: 2
";

    #[test]
    fn reads_a_quiz() {
        let (quiz, errors) = parse_text(GOOD);
        assert!(errors.is_empty(), "{errors:?}");
        let quiz = quiz.unwrap();
        assert_eq!(quiz.red_flags[0].items.len(), 2);
        assert_eq!(quiz.questions.len(), 2);
        assert_eq!(quiz.questions[0].answers[0].scores, vec![(0, 2), (1, 1)]);
        assert!(quiz.questions[1].multiple);
    }

    #[test]
    fn red_flags_may_come_in_groups() {
        let text = GOOD.replace(
            "red_flags:\n  title: Get medical help first\n  message: Call your local emergency number.\n  items: [numbness around your bottom, new trouble peeing]\n",
            "red_flags:\n  - title: Call now if\n    message: Call.\n    items: [a]\n  - title: Same day if\n    message: See a doctor.\n    items: [b, c]\n",
        );
        let (quiz, errors) = parse_text(&text);
        assert!(errors.is_empty(), "{errors:?}");
        let groups = quiz.unwrap().red_flags;
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].items, vec!["b", "c"]);
    }

    #[test]
    fn every_problem_names_the_line_and_question() {
        let text = GOOD
            .replace("causes/poor-posture: 2", "causes/poor-postur: 2")
            .replace("id: knots", "id: sitting")
            .replace("    multiple: true\n", "    multple: true\n")
            .replace(
                "  items: [numbness around your bottom, new trouble peeing]",
                "  items: []",
            );
        let (quiz, errors) = parse_text(&text);
        assert!(quiz.is_none());
        assert_eq!(
            errors,
            vec![
                "content/quiz.yaml:6: `red_flags.items` must not be empty",
                "content/quiz.yaml:12: question `sitting`: score key `causes/poor-postur` is not a published page (write it as <collection>/<slug>), did you mean `causes/poor-posture`?",
                "content/quiz.yaml:16: question `sitting`: unknown key `multple`, did you mean `multiple`?",
            ]
        );
    }

    #[test]
    fn duplicate_ids_and_empty_answers() {
        let text = GOOD.replace("id: knots", "id: sitting");
        let (_, errors) = parse_text(&text);
        assert_eq!(
            errors,
            vec![
                "content/quiz.yaml:14: question `sitting`: duplicate question id (line 8 uses it too)"
            ]
        );
        let text = "title: Q\nred_flags: {title: T, message: M, items: [a]}\nquestions:\n  - id: empty\n    text: Nothing?\n    answers: []\n";
        let (_, errors) = parse_text(text);
        assert_eq!(
            errors,
            vec!["content/quiz.yaml:6: question `empty`: `answers` must not be empty"]
        );
    }

    #[test]
    fn drafts_and_yaml_errors() {
        let (_, errors) =
            parse_text(&GOOD.replace("causes/poor-posture: 2", "causes/draft-page: 2"));
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("`causes/draft-page` is a draft"),
            "{errors:?}"
        );
        let (_, errors) = parse_text("title: [unclosed\n");
        assert!(
            errors[0].starts_with("content/quiz.yaml:1: invalid YAML"),
            "{errors:?}"
        );
    }
}
