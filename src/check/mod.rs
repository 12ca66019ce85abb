//! `knead check`: author warnings over a validated site, for what a build accepts but a
//! careful health site should fix: reviews that are due, pages without sources, decorative
//! images to confirm, links that are not https, long summaries, and pages harder to read than
//! the site's target grade.

pub(crate) mod readability;

use std::fmt;

use chrono::NaiveDate;

use crate::model::{Body, Site};

/// Longest summary that search engines show whole.
pub const SUMMARY_CHARS: usize = 160;

/// A problem worth fixing that does not stop the build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: warning: {}", self.path, self.line, self.message)
    }
}

/// A page's estimated reading grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub path: String,
    pub grade: f64,
}

/// Warnings for every page, sorted by file and line, and each article's reading grade.
pub fn review(site: &Site, today: NaiveDate) -> (Vec<Warning>, Vec<Reading>) {
    let mut warnings = Vec::new();
    let mut readings = Vec::new();
    let target = site.config.reading_grade;
    let mut warn = |path: &str, line: usize, message: String| {
        warnings.push(Warning {
            path: path.to_string(),
            line,
            message,
        });
    };

    body_warnings("content/_index.md", &site.home.body, &mut warn);
    for c in &site.collections {
        body_warnings(
            &format!("content/{}/_index.md", c.name),
            &c.intro,
            &mut warn,
        );
    }
    for a in &site.articles {
        let path = a.source_path.as_str();
        if let Some(due) = a.front.next_review
            && due < today
        {
            warn(
                path,
                a.line_of("next_review"),
                format!(
                    "the next review was due on {due}: check the page is still right, then update `reviewed` and `next_review`"
                ),
            );
        }
        if a.front.sources.is_empty() {
            warn(
                path,
                1,
                "no sources: add `sources` so readers can check where the facts come from".into(),
            );
        }
        for s in a
            .front
            .sources
            .iter()
            .filter(|s| s.url.starts_with("http://"))
        {
            warn(
                path,
                a.line_of("sources"),
                format!(
                    "source `{}` is not https: use its https:// address if it has one",
                    s.url
                ),
            );
        }
        let chars = a.front.summary.chars().count();
        if chars > SUMMARY_CHARS {
            warn(
                path,
                a.line_of("summary"),
                format!(
                    "the summary is {chars} characters: search results cut it at about {SUMMARY_CHARS}, so shorten it"
                ),
            );
        }
        body_warnings(path, &a.body, &mut warn);
        if let Some(grade) = readability::grade(a.body.text.sentences.iter()) {
            if grade > target {
                warn(
                    path,
                    1,
                    format!(
                        "reading grade {grade:.1} is above the site's target of {target}: use shorter sentences and everyday words"
                    ),
                );
            }
            readings.push(Reading {
                path: path.to_string(),
                grade,
            });
        }
    }
    warnings.sort();
    (warnings, readings)
}

fn body_warnings(path: &str, body: &Body, warn: &mut impl FnMut(&str, usize, String)) {
    for link in body
        .outbound
        .iter()
        .filter(|l| l.dest.starts_with("http://"))
    {
        warn(
            path,
            link.line,
            format!(
                "link `{}` is not https: use its https:// address if it has one",
                link.dest
            ),
        );
    }
    for image in &body.decorative_images {
        warn(
            path,
            image.line,
            format!(
                "image `{}` is marked decorative: make sure it shows nothing a reader who cannot see it would miss",
                image.dest
            ),
        );
    }
}
