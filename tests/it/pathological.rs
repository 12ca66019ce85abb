//! No input makes a build slow: odd but valid (or plainly wrong) sites build in time near-linear
//! in their size. Each test builds an odd site and an ordinary site of about the same size (the
//! same number of files and bytes) with the real binary, and asserts the odd one takes under 20
//! times as long, or asserts on the work done. The inputs are smaller than README's figures so
//! this module stays quick in the debug build, but each is large enough that the quadratic code
//! it guards against took from tens of seconds to minutes on it.

use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::support::{Build, SITE, Site, article};

/// The odd site may take this many times as long as the ordinary one.
const SLOWER_AT_MOST: u32 = 20;

/// One test at a time: two builds at once on a small machine would time each other.
static TURN: Mutex<()> = Mutex::new(());

/// A distinct lowercase word for each number: `baa`, `bab`, ...
fn word(n: usize) -> String {
    let mut n = n + 26 * 26;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII")
}

/// Ordinary prose of about `bytes` bytes: sentences of common words, paragraphs of four
/// sentences, a heading now and then.
fn prose(bytes: usize, seed: usize) -> String {
    const WORDS: &[&str] = &[
        "back",
        "hip",
        "pain",
        "muscle",
        "stretch",
        "gentle",
        "massage",
        "daily",
        "walk",
        "rest",
        "posture",
        "sitting",
        "tight",
        "ease",
        "pressure",
        "therapist",
        "joint",
        "stiffness",
        "week",
        "slowly",
        "breathe",
        "warm",
        "shoulder",
        "neck",
        "helps",
        "often",
        "after",
    ];
    let mut text = String::with_capacity(bytes + 200);
    let mut n = seed;
    let mut sentences = 0;
    while text.len() < bytes {
        if sentences % 20 == 0 {
            let _ = write!(text, "## Part {} of the guide\n\n", sentences / 20);
        }
        let length = 8 + n % 8;
        for i in 0..length {
            n = n
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let w = WORDS[(n >> 33) % WORDS.len()];
            text.push_str(w);
            text.push(if i + 1 == length { '.' } else { ' ' });
        }
        sentences += 1;
        text.push_str(if sentences % 4 == 0 { "\n\n" } else { " " });
    }
    text
}

/// An ordinary site of `articles` articles in ten collections, about `bytes` bytes in all,
/// with tags, relations and links between neighbours.
fn ordinary(articles: usize, bytes: usize) -> Site {
    let site = Site::new(&[SITE]);
    let each = bytes / articles.max(1);
    for i in 0..articles {
        let next = (i + 1) % articles;
        let front = format!(
            "title: Article {i}\nsummary: About article {i}.\ntags: [t{}, t{}]\nc{}: [a{next}]",
            i % 20,
            (i + 7) % 20,
            next % 10
        );
        let body = format!(
            "See [the next one](@/c{}/a{next}.md).\n\n{}",
            next % 10,
            prose(each.saturating_sub(200), i)
        );
        site.write(
            &format!("content/c{}/a{i}.md", i % 10),
            article(&front, &body),
        );
    }
    site
}

/// Builds `site`, returning how long it took.
fn timed(site: &Site) -> (Duration, Build) {
    let start = Instant::now();
    let build = site.build(&[]);
    (start.elapsed(), build)
}

/// Asserts `odd` builds (or fails, when it is meant to) in under `SLOWER_AT_MOST` times the
/// time of `ordinary`. The ordinary site is built before and after the odd one, and the slower
/// of its two builds is the yardstick, so a moment when the machine is busy counts for both.
#[track_caller]
fn assert_near_linear(odd: &Site, ordinary: &Site, what: &str) -> Build {
    let (before, _) = timed(ordinary);
    let (took, build) = timed(odd);
    let (after, _) = timed(ordinary);
    let yardstick = before.max(after);
    // Shown with `--nocapture`.
    eprintln!("{what}: {took:?}, ordinary site {yardstick:?}");
    assert!(
        took < yardstick * SLOWER_AT_MOST,
        "{what}: {took:?}, against {yardstick:?} for an ordinary site of the same size"
    );
    build
}

#[test]
fn a_paragraph_of_distinct_words() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    // 200 kB and 26,000 distinct words, without a full stop: one sentence, and an excerpt of it
    // for every word. Reading it again per word took 6 s here in a release build, and more than
    // 40 minutes at 1 MB. The yardstick is the same words in sentences of twelve.
    let words: Vec<String> = (0..26_000).map(word).collect();
    let paragraph = words.join(" ");
    let sentences: Vec<String> = words.chunks(12).map(|s| s.join(" ") + ".").collect();
    let page = |body: &str| {
        Site::new(&[
            SITE,
            ("content/a/x.md", &article("title: X\nsummary: S", body)),
        ])
    };
    let odd = page(&paragraph);
    let ordinary = page(&sentences.join(" "));
    let build = assert_near_linear(&odd, &ordinary, "one long paragraph").ok();
    let excerpts = build
        .files()
        .into_iter()
        .filter(|(path, _)| path.starts_with("search/s"))
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains('…'))
        .count();
    assert!(excerpts > 0, "no shard holds a cut excerpt");
}

#[test]
fn thousands_of_identical_headings() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    // Counting up from 1 for each repeat tried 32 million ids.
    let body = "## Same\n\nText.\n\n".repeat(8_000);
    let odd = Site::new(&[
        SITE,
        ("content/a/x.md", &article("title: X\nsummary: S", &body)),
    ]);
    let build = assert_near_linear(&odd, &ordinary(1, body.len()), "8,000 equal headings").ok();
    let page = build.read("a/x/index.html");
    assert!(page.contains("id=\"same-7999\""));
}

#[test]
fn one_tag_many_times_and_one_tag_on_many_articles() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let tags = vec!["same"; 20_000].join(", ");
    let front = format!("title: X\nsummary: S\ntags: [{tags}]");
    let odd = Site::new(&[SITE, ("content/a/x.md", &article(&front, "Text."))]);
    assert_near_linear(&odd, &ordinary(1, front.len()), "a tag listed 20,000 times").ok();

    const ARTICLES: usize = 600;
    let shared = Site::new(&[SITE]);
    for i in 0..ARTICLES {
        let text = article(&format!("title: P{i}\nsummary: S\ntags: [same]"), "Text.");
        shared.write(&format!("content/a/p{i}.md"), text);
    }
    let ordinary = ordinary(ARTICLES, ARTICLES * 60);
    let build = assert_near_linear(&shared, &ordinary, "articles sharing a tag").ok();
    let tag_page = build.main("tags/same/index.html");
    assert_eq!(tag_page.matches("\"card card-a\"").count(), ARTICLES);
}

#[test]
fn hundreds_of_collections() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    const COLLECTIONS: usize = 300;
    let odd = Site::new(&[SITE]);
    for i in 0..COLLECTIONS {
        let index = format!("---\ntitle: C{i}\n---\n");
        odd.write(&format!("content/c{i}/_index.md"), index);
        let text = article(&format!("title: P{i}\nsummary: S"), "Text.");
        odd.write(&format!("content/c{i}/p.md"), text);
    }
    let ordinary = ordinary(2 * COLLECTIONS, 2 * COLLECTIONS * 60);
    let build = assert_near_linear(&odd, &ordinary, "300 collections").ok();
    // Work done: when every page listed every collection, what was written grew with the square
    // of their number.
    let written = |build: &Build| build.files().values().map(Vec::len).sum::<usize>();
    let usual = written(&ordinary.build(&[]).ok());
    assert!(
        written(&build) < usual * 2,
        "{} bytes written, against {usual} for an ordinary site",
        written(&build)
    );
}

#[test]
fn one_page_linked_from_thousands() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    const LINKS: usize = 800;
    // Anchors were checked against every heading of their page, once per link.
    let headings: String = (0..LINKS)
        .map(|i| format!("## Part {i}\n\nText.\n\n"))
        .collect();
    let odd = Site::new(&[
        SITE,
        (
            "content/causes/x.md",
            &article("title: X\nsummary: S", &headings),
        ),
    ]);
    for i in 0..LINKS {
        let body = format!("See [x](@/causes/x.md#part-{}).", LINKS - 1 - i);
        let text = article(&format!("title: P{i}\nsummary: S\ncauses: [x]"), &body);
        odd.write(&format!("content/others/p{i}.md"), text);
    }
    let ordinary = ordinary(LINKS + 1, LINKS * 110);
    let build = assert_near_linear(&odd, &ordinary, "one page linked from others").ok();
    let related = build.main("causes/x/index.html");
    assert_eq!(related.matches("\"card card-others\"").count(), LINKS);
}

#[test]
fn a_quiz_of_thousands_of_questions() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    // Each question's line was found by reading the file from its first line.
    let mut quiz = String::from(
        "title: Quiz\nintro: Hello.\nred_flags:\n  title: Stop\n  message: Call.\n  items: [pain]\nquestions:\n",
    );
    for i in 0..4_000 {
        let _ = write!(
            quiz,
            "  - id: q{i}\n    text: Question {i}?\n    help: Some help.\n    answers:\n      - text: Yes\n        scores:\n          a/x: 1\n      - text: No\n"
        );
    }
    let odd = Site::new(&[
        SITE,
        ("content/a/x.md", &article("title: X\nsummary: S", "Text.")),
        ("content/quiz.yaml", &quiz),
    ]);
    assert_near_linear(&odd, &ordinary(2, quiz.len()), "4,000 quiz questions").ok();
}

#[test]
fn thousands_of_care_cards() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    // Each card listed the start of every line of its body.
    let body = "```care urgent\nCall now if:\n\n- it hurts\n```\n\n".repeat(10_000);
    let odd = Site::new(&[
        SITE,
        ("content/a/x.md", &article("title: X\nsummary: S", &body)),
    ]);
    assert_near_linear(&odd, &ordinary(1, body.len()), "10,000 care cards").ok();
}

#[test]
fn hundreds_of_broken_links_fail_quickly() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    const LINKS: usize = 600;
    let odd = Site::new(&[SITE]);
    for i in 0..LINKS {
        let text = article(
            &format!("title: P{i}\nsummary: S"),
            &format!("[x](@/a/q{i}.md)"),
        );
        odd.write(&format!("content/a/p{i}.md"), text);
    }
    let ordinary = ordinary(LINKS, LINKS * 60);
    let build = assert_near_linear(&odd, &ordinary, "broken links").failed();
    assert_eq!(build.errors().len(), LINKS);
    // Work done: a suggestion compares the link with every page, so only the first errors of
    // a kind get one.
    let suggested = build
        .errors()
        .iter()
        .filter(|e| e.contains("did you mean"))
        .count();
    assert_eq!(suggested, 100);
}
