//! The symptom quiz: content/quiz.yaml adds quiz/ and a navigation link; every mistake in it
//! is an error naming quiz.yaml, the line and the question id.

use crate::html::{between, tags};
use crate::support::{SITE, Site, article};

const QUIZ: &str = "title: What may be behind your pain?
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
        scores: {causes/posture: 2, techniques/massage: 1}
      - text: Less than 4
  - id: knots
    text: Do you feel knots?
    multiple: true
    answers:
      - text: Yes
        scores:
          techniques/massage: 2
      - text: None of these
";

fn site(quiz: &str) -> Site {
    Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article("title: Posture\nsummary: Sitting still.", "Text.\n"),
        ),
        (
            "content/techniques/massage.md",
            &article(
                "title: Massage\nsummary: Hands on.\ncauses: [posture]",
                "Text.\n",
            ),
        ),
        (
            "content/techniques/hidden.md",
            &article("title: Hidden\nsummary: Not yet.\ndraft: true", "Text.\n"),
        ),
        ("content/quiz.yaml", quiz),
    ])
}

fn errors(quiz: &str) -> String {
    let site = site(quiz);
    let build = site.build(&[]).failed();
    assert!(
        !site.path("public").exists(),
        "a failed build wrote its output"
    );
    build.stderr
}

#[test]
fn quiz_page_and_navigation_link() {
    let site = site(QUIZ);
    let build = site.build(&[]).ok();
    let quiz = build.read("quiz/index.html");
    assert!(
        quiz.contains("<h1>What may be behind your pain?</h1>"),
        "{quiz}"
    );
    // Each question is a fieldset with a legend and native inputs with labels.
    assert!(quiz.contains("Question 1 of 2"), "{quiz}");
    assert!(tags(&quiz).iter().any(|t| t.name == "input"
        && t.attr("type") == Some("radio")
        && t.attr("name") == Some("sitting")));
    assert!(tags(&quiz).iter().any(|t| t.name == "input"
        && t.attr("type") == Some("checkbox")
        && t.attr("name") == Some("knots")));
    assert!(quiz.contains("See results"), "{quiz}");
    assert!(quiz.contains("Your answers stay on this device"), "{quiz}");
    // Readable without JavaScript: the red flags and a link to every page.
    assert!(quiz.contains("numbness around your bottom"), "{quiz}");
    assert!(quiz.contains("href=\"../causes/posture/\""), "{quiz}");
    assert!(quiz.contains("href=\"../techniques/massage/\""), "{quiz}");
    // The data block is JSON, never executed.
    let data = between(&quiz, "id=quiz_data type=application/json>", "</script>");
    let data: serde_json::Value = serde_json::from_str(data).expect("quiz data is JSON");
    assert_eq!(data["questions"][0]["id"], "sitting");
    // Every page links to the quiz; the home page invites to it.
    assert!(
        build
            .read("causes/posture/index.html")
            .contains("Symptom quiz")
    );
    assert!(build.read("index.html").contains("Start the symptom quiz"));
}

#[test]
fn no_quiz_no_quiz_page() {
    let site = Site::new(&[
        SITE,
        (
            "content/causes/posture.md",
            &article("title: Posture\nsummary: S.", "Text.\n"),
        ),
    ]);
    let build = site.build(&[]).ok();
    assert!(!build.files().contains_key("quiz/index.html"));
    assert!(!build.read("index.html").contains("Symptom quiz"));
}

#[test]
fn quiz_text_is_escaped() {
    let site = site(&QUIZ.replace(
        "How many hours a day do you sit?",
        "'<img src=x onerror=alert(1)> </script>'",
    ));
    let quiz = site.build(&[]).ok().read("quiz/index.html");
    assert!(!tags(&quiz).iter().any(|t| t.name == "img"), "{quiz}");
    assert!(
        quiz.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{quiz}"
    );
}

#[test]
fn yaml_error() {
    insta::assert_snapshot!(errors("title: [unclosed\nquestions: []\n"));
}

#[test]
fn unknown_key_with_suggestion() {
    insta::assert_snapshot!(errors(
        &QUIZ.replace("    multiple: true", "    multple: true")
    ));
}

#[test]
fn score_key_that_is_not_a_page() {
    insta::assert_snapshot!(errors(
        &QUIZ.replace("causes/posture: 2", "causes/postur: 2")
    ));
}

#[test]
fn score_key_that_is_a_draft() {
    insta::assert_snapshot!(errors(
        &QUIZ.replace("techniques/massage: 2", "techniques/hidden: 2")
    ));
}

#[test]
fn question_with_no_answers() {
    let quiz = QUIZ.replace(
        "    answers:\n      - text: Yes\n        scores:\n          techniques/massage: 2\n      - text: None of these\n",
        "    answers: []\n",
    );
    insta::assert_snapshot!(errors(&quiz));
}

#[test]
fn duplicate_question_ids() {
    insta::assert_snapshot!(errors(&QUIZ.replace("id: knots", "id: sitting")));
}

#[test]
fn empty_red_flag_list() {
    insta::assert_snapshot!(errors(&QUIZ.replace(
        "items: [numbness around your bottom, new trouble peeing]",
        "items: []"
    )));
}

#[test]
fn bad_question_id() {
    insta::assert_snapshot!(errors(&QUIZ.replace("id: knots", "id: Knots Here")));
}

#[test]
fn question_ids_that_name_the_quiz_s_own_steps_are_refused() {
    // The script keeps its place in the address as `#at=results&flags=…`: a question named
    // `at`, `flags` or `results` would be taken for one of them.
    let quiz = QUIZ
        .replace("id: knots", "id: results")
        .replace("id: sitting", "id: at");
    insta::assert_snapshot!(errors(&quiz));
    let flags = errors(&QUIZ.replace("id: knots", "id: flags"));
    assert!(
        flags.contains("question id `flags` is the name of one of the quiz's own steps"),
        "{flags}"
    );
}

#[test]
fn every_quiz_error_at_once() {
    let quiz = QUIZ
        .replace("causes/posture: 2", "causes/postur: 2")
        .replace("    multiple: true", "    multple: true")
        .replace(
            "items: [numbness around your bottom, new trouble peeing]",
            "items: []",
        );
    let stderr = errors(&quiz);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("content/quiz.yaml:"))
            .count(),
        3,
        "{stderr}"
    );
}
