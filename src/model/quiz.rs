//! The symptom quiz: content/quiz.yaml parsed into a validated `Quiz` whose answers score
//! published pages. Errors name quiz.yaml, the line, and the question id.
//!
//! Lines come from the parser's positions (`yaml::Positions`): an error names the line of the
//! offending key or value itself, and a missing key the line of the map that lacks it; a
//! question is named by the line of its `id:`.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::body::{self, ScannedBody};
use super::slug::is_valid_slug;
use crate::error::{Error, ErrorKind};
use crate::yaml::{Positions, Step};

pub const QUIZ_FILE: &str = "content/quiz.yaml";

/// Names the quiz's script gives its own steps and address-fragment keys (`#at=results&flags=…`):
/// a question with one of these ids would be taken for them.
pub const RESERVED_QUESTION_IDS: &[&str] = &["at", "flags", "results"];

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

/// Articles that are not in `pages`, as `<collection>/<slug>`, and why.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unpublished<'a> {
    /// Drafts left out of this build: a score for one gets its own, clearer message.
    pub drafts: &'a [String],
    /// Files that failed to parse: their own errors say what is wrong, so a score for one is
    /// no error of the quiz's.
    pub broken: &'a [String],
}

/// Reads quiz.yaml. `pages` maps `<collection>/<slug>` of every published article to its id.
pub fn parse(
    text: &str,
    pages: &HashMap<String, usize>,
    unpublished: Unpublished,
    errors: &mut Vec<Error>,
) -> Option<Quiz> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let before = errors.len();
    let (root, positions) = match crate::yaml::parse_document(text) {
        Ok((Value::Object(map), positions)) => (map, positions),
        Ok((other, _)) => {
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
        positions,
        suggestions: Default::default(),
        errors,
        pages,
        unpublished,
    };
    reader.unknown_keys(&root, TOP_KEYS, &[], None);
    let title = reader.text_field(&root, "title", &[], None);
    let intro = root
        .get("intro")
        .map(|v| reader.markdown(v, "intro", &[], None))
        .unwrap_or_else(|| body::scan("", 1));
    let red_flags = reader.red_flag_groups(root.get("red_flags"));
    let questions = reader.questions(root.get("questions"));

    // The parser may place the end of the document past its last line.
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

struct Reader<'a> {
    positions: Positions,
    /// Suggestions for score keys, each a look at every page.
    suggestions: crate::error::Suggestions,
    errors: &'a mut Vec<Error>,
    pages: &'a HashMap<String, usize>,
    unpublished: Unpublished<'a>,
}

/// `at` with one more step.
fn child(at: &[Step], step: Step) -> Vec<Step> {
    let mut path = at.to_vec();
    path.push(step);
    path
}

fn key(at: &[Step], name: &str) -> Vec<Step> {
    child(at, Step::Key(name.to_string()))
}

impl Reader<'_> {
    /// The line of the key or list item at `path`, or of the nearest map or list holding it
    /// (a missing key is reported on the line of the map that lacks it).
    fn line(&self, path: &[Step]) -> usize {
        self.positions.line_or_enclosing(path)
    }

    /// One group of red flags as a map, or several as a list of maps.
    fn red_flag_groups(&mut self, value: Option<&Value>) -> Vec<RedFlags> {
        const EXPECTED: &str = "a map with title, message and items";
        let at = key(&[], "red_flags");
        match value {
            Some(Value::Object(group)) => vec![self.red_flags(group, &at)],
            Some(Value::Array(groups)) if !groups.is_empty() => {
                let mut out = Vec::new();
                for (i, group) in groups.iter().enumerate() {
                    let item = child(&at, Step::Index(i));
                    match group {
                        Value::Object(map) => out.push(self.red_flags(map, &item)),
                        other => {
                            let line = self.line(&item);
                            self.wrong_type("red_flags", EXPECTED, other, line, None);
                        }
                    }
                }
                out
            }
            Some(other) => {
                let line = self.line(&at);
                self.wrong_type("red_flags", EXPECTED, other, line, None);
                Vec::new()
            }
            None => {
                self.error(1, None, ErrorKind::MissingKey("red_flags".into()));
                Vec::new()
            }
        }
    }

    fn questions(&mut self, value: Option<&Value>) -> Vec<Question> {
        let at = key(&[], "questions");
        let list = match value {
            Some(Value::Array(list)) if !list.is_empty() => list,
            Some(Value::Array(_)) => {
                let kind = ErrorKind::Empty {
                    key: "questions".into(),
                };
                self.error(self.line(&at), None, kind);
                return Vec::new();
            }
            Some(other) => {
                let line = self.line(&at);
                self.wrong_type("questions", "a list of questions", other, line, None);
                return Vec::new();
            }
            None => {
                self.error(1, None, ErrorKind::MissingKey("questions".into()));
                return Vec::new();
            }
        };
        let mut questions = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, item) in list.iter().enumerate() {
            let item_path = child(&at, Step::Index(i));
            let Value::Object(map) = item else {
                let expected = "a list of questions (each with id, text and answers)";
                let line = self.line(&item_path);
                self.wrong_type("questions", expected, item, line, None);
                continue;
            };
            let id = map.get("id").and_then(Value::as_str).unwrap_or("").trim();
            let line = self.line(&key(&item_path, "id"));
            let Some(question) = self.question(map, id, line, &item_path) else {
                continue;
            };
            if let Some(first) = seen.get(&question.id) {
                let kind = ErrorKind::Quiz {
                    question: Some(question.id.clone()),
                    message: format!("duplicate question id (line {first} uses it too)"),
                };
                self.error(line, None, kind);
            } else {
                seen.insert(question.id.clone(), line);
            }
            questions.push(question);
        }
        questions
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
        at: &[Step],
        question: Option<&str>,
    ) {
        for name in map.keys() {
            if !known.contains(&name.as_str()) {
                let line = self.line(&key(at, name));
                let key = name;
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
        name: &str,
        at: &[Step],
        question: Option<&str>,
    ) -> Option<String> {
        let line = self.line(&key(at, name));
        match map.get(name) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::String(_)) => {
                self.error(line, question, ErrorKind::Empty { key: name.into() });
                None
            }
            Some(other) => {
                self.wrong_type(name, "text", other, line, question);
                None
            }
            None => {
                self.error(line, question, ErrorKind::MissingKey(name.into()));
                None
            }
        }
    }

    /// Markdown text; its links are checked like a page's.
    fn markdown(
        &mut self,
        value: &Value,
        name: &str,
        at: &[Step],
        question: Option<&str>,
    ) -> ScannedBody {
        let line = self.line(&key(at, name));
        let key = name;
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

    fn red_flags(&mut self, map: &Map<String, Value>, at: &[Step]) -> RedFlags {
        self.unknown_keys(map, RED_FLAG_KEYS, at, None);
        let title = self.text_field(map, "title", at, None).unwrap_or_default();
        let message = match map.get("message") {
            Some(v) => self.markdown(v, "message", at, None),
            None => {
                let kind = ErrorKind::MissingKey("red_flags.message".into());
                self.error(self.line(at), None, kind);
                body::scan("", 1)
            }
        };
        let items_line = self.line(&key(at, "items"));
        let items = match map.get("items").map(crate::yaml::fields::string_items) {
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

    fn question(
        &mut self,
        map: &Map<String, Value>,
        id: &str,
        line: usize,
        at: &[Step],
    ) -> Option<Question> {
        let before = self.errors.len();
        let shown_id = (!id.is_empty()).then_some(id);
        if id.is_empty() {
            self.error(line, None, ErrorKind::MissingKey("id".into()));
        } else if !is_valid_slug(id) {
            self.error(line, None, ErrorKind::InvalidQuestionId(id.to_string()));
        } else if RESERVED_QUESTION_IDS.contains(&id) {
            self.error(line, None, ErrorKind::ReservedQuestionId(id.to_string()));
        }
        self.unknown_keys(map, QUESTION_KEYS, at, shown_id);
        let text = self.text_field(map, "text", at, shown_id);
        let help = map
            .get("help")
            .map(|v| self.markdown(v, "help", at, shown_id));
        let multiple = match map.get("multiple") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let l = self.line(&key(at, "multiple"));
                self.wrong_type("multiple", "true or false", other, l, shown_id);
                false
            }
        };
        let answers = self.answers(map.get("answers"), &key(at, "answers"), shown_id);
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

    fn answers(
        &mut self,
        value: Option<&Value>,
        at: &[Step],
        question: Option<&str>,
    ) -> Vec<Answer> {
        let line = self.line(at);
        let list = match value {
            Some(Value::Array(list)) if !list.is_empty() => list,
            Some(Value::Array(_)) | None => {
                let kind = ErrorKind::Empty {
                    key: "answers".into(),
                };
                self.error(line, question, kind);
                return Vec::new();
            }
            Some(other) => {
                self.wrong_type("answers", "a list of answers", other, line, question);
                return Vec::new();
            }
        };
        let mut answers = Vec::new();
        for (j, item) in list.iter().enumerate() {
            let item_path = child(at, Step::Index(j));
            let Value::Object(answer) = item else {
                let expected = "a list of answers (each with text and scores)";
                let line = self.line(&item_path);
                self.wrong_type("answers", expected, item, line, question);
                continue;
            };
            answers.push(self.answer(answer, &item_path, question));
        }
        answers
    }

    fn answer(&mut self, map: &Map<String, Value>, at: &[Step], question: Option<&str>) -> Answer {
        self.unknown_keys(map, ANSWER_KEYS, at, question);
        let text = self
            .text_field(map, "text", at, question)
            .unwrap_or_default();
        let scores_at = key(at, "scores");
        let mut scores = Vec::new();
        match map.get("scores") {
            None | Some(Value::Null) => {}
            Some(Value::Object(entries)) => {
                for (key, points) in entries {
                    let key_line = |reader: &Self| reader.line(&self::key(&scores_at, key));
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
                        None if self.unpublished.broken.contains(key) => {}
                        None => {
                            let message = if self.unpublished.drafts.contains(key) {
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
                let l = self.line(&scores_at);
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
        // Found by the `quiz` fuzz target: the empty second group was blamed on line 5 of 4. It
        // is the item on line 3.
        let (quiz, errors) = parse_text("red_flags:\n  - ::\n  -\nitems:");
        assert!(quiz.is_none());
        assert!(
            errors.contains(
                &"content/quiz.yaml:3: `red_flags` must be a map with title, message and items, found `empty value`".to_string()
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
        let drafts = ["causes/draft-page".to_string()];
        let unpublished = Unpublished {
            drafts: &drafts,
            broken: &[],
        };
        let quiz = parse(text, &pages(), unpublished, &mut errors);
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
    fn errors_name_the_line_of_the_key_or_value_itself() {
        // A message that mentions "items:" and "scores:" once drew errors to its own line.
        let text = GOOD
            .replace(
                "message: Call your local emergency number.",
                "message: \"Ignore items: and scores: here\"",
            )
            .replace(
                "items: [numbness around your bottom, new trouble peeing]",
                "items: []",
            )
            .replace(
                "          techniques/deep-tissue: 2",
                "          techniques/deep-tissue: 2\n          causes/nowhere: 1",
            )
            .replace("    multiple: true", "    multiple: maybe");
        let (_, errors) = parse_text(&text);
        assert_eq!(
            errors,
            [
                "content/quiz.yaml:6: `red_flags.items` must not be empty",
                "content/quiz.yaml:16: question `knots`: `multiple` must be true or false, found `maybe`",
                "content/quiz.yaml:21: question `knots`: score key `causes/nowhere` is not a published page (write it as <collection>/<slug>)",
            ]
        );
    }

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
