//! `knead new` and `knead init`: a new article written from a template that shows every front
//! matter key, and a new site skeleton that builds at once. Neither ever overwrites a file.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Months, NaiveDate};

use crate::model::RESERVED_NAMES;
use crate::model::slug::is_valid_slug;

/// Creates `content/<collection>/<slug>.md` under `root`. Returns the file's path, or a message
/// saying what is wrong and what to do.
pub fn new_article(
    root: &Path,
    spec: &str,
    title: Option<&str>,
    today: NaiveDate,
) -> Result<PathBuf, String> {
    let spec = spec.trim().trim_end_matches(".md");
    let Some((collection, slug)) = spec.split_once('/') else {
        return Err(format!(
            "`{spec}`: write the new page as <collection>/<slug>, for example causes/poor-posture"
        ));
    };
    if !is_valid_slug(collection) || RESERVED_NAMES.contains(&collection) {
        return Err(format!(
            "collection `{collection}` is not allowed: use lowercase letters a-z, digits 0-9 and `-`, and none of {}",
            RESERVED_NAMES.join(", ")
        ));
    }
    if !is_valid_slug(slug) {
        return Err(format!(
            "slug `{slug}` is not allowed: use only lowercase letters a-z, digits 0-9 and `-`"
        ));
    }
    let folder = root.join("content").join(collection);
    let file = folder.join(format!("{slug}.md"));
    if file.exists() {
        return Err(format!(
            "{} already exists: knead new never overwrites a page",
            file.display()
        ));
    }
    let others = collections(root)
        .into_iter()
        .filter(|c| c != collection)
        .collect::<Vec<_>>();
    let title = title.map_or_else(|| crate::model::slug::readable(slug), str::to_string);
    fs::create_dir_all(&folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let text = article_template(&title, &others, today);
    write_new(&file, &text)?;
    Ok(file)
}

/// Writes a new site skeleton into `dir`, which must be empty or absent. Returns the files.
pub fn init_site(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, String> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} is not empty: knead init starts a site in a new or empty folder",
            dir.display()
        ));
    }
    let reviewed = today.format("%Y-%m-%d").to_string();
    let next = next_review(today);
    let files: Vec<(&str, String)> = vec![
        ("site.yaml", "title: My health site\ndescription: Plain-language information about one health topic.\nlanguage: en\n# base_url: https://www.example.org/   # where the site will live, for search engines\n".into()),
        (".gitignore", "public/\n".into()),
        (
            "content/_index.md",
            "---\ntitle: Welcome\nsummary: Plain-language information about one health topic.\n---\n\nThis site explains what may cause the problem, and what may help.\n\n- [Causes](@/causes/_index.md)\n- [Techniques](@/techniques/_index.md)\n".into(),
        ),
        ("content/causes/_index.md", "---\ntitle: Causes\nsummary: Things that may add to the problem.\norder: 1\n---\n\nEach page explains one possible cause.\n".into()),
        (
            "content/causes/example-cause.md",
            format!(
                "---\ntitle: An example cause\nsummary: A short example page. Replace it with your own.\ntags: [example]\nreviewed: {reviewed}\nnext_review: {next}\nevidence: Low\nsources:\n  - title: Back pain (NHS)\n    url: https://www.nhs.uk/conditions/back-pain/\ntechniques: [example-technique]\n---\n\n## What it is\n\nWrite in short sentences and everyday words.\n\n## What may help\n\nSee [the example technique](@/techniques/example-technique.md).\n"
            ),
        ),
        ("content/techniques/_index.md", "---\ntitle: Techniques\nsummary: What a therapist may do.\norder: 2\n---\n\nEach page explains one technique.\n".into()),
        (
            "content/techniques/example-technique.md",
            format!(
                "---\ntitle: An example technique\nsummary: A short example page. Replace it with your own.\ntags: [example]\nreviewed: {reviewed}\nnext_review: {next}\nevidence: Low\nsources:\n  - title: Back pain (NHS)\n    url: https://www.nhs.uk/conditions/back-pain/\n---\n\n## What it is\n\nSay what happens, what it feels like, and how strong the evidence is.\n"
            ),
        ),
        (
            "content/quiz.yaml",
            "title: What may be behind your symptoms?\nintro: Answer two short questions. This is not a diagnosis.\nred_flags:\n  title: \"Get medical help now if you have:\"\n  message: Call your local emergency number or see a doctor today.\n  items:\n    - a high temperature and feel very unwell\n    - numbness or weakness that is getting worse\nquestions:\n  - id: how-long\n    text: How long have you had it?\n    answers:\n      - text: Less than a week\n        scores: {causes/example-cause: 1}\n      - text: Longer\n        scores: {techniques/example-technique: 1}\n  - id: worse\n    text: Is it worse after sitting?\n    answers:\n      - text: \"Yes\"\n        scores: {causes/example-cause: 2}\n      - text: \"No\"\n      - text: Not sure\n".into(),
        ),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        let file = dir.join(path);
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        write_new(&file, &text)?;
        written.push(file);
    }
    Ok(written)
}

/// Writes a file that must not exist yet.
fn write_new(file: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut handle = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(|e| format!("cannot create {}: {e}", file.display()))?;
    handle
        .write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}

/// The collection folders of a site.
fn collections(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join("content"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn next_review(today: NaiveDate) -> String {
    today
        .checked_add_months(Months::new(12))
        .unwrap_or(today)
        .format("%Y-%m-%d")
        .to_string()
}

/// `text` as the inside of a YAML double-quoted string: backslashes and quotes escaped, and
/// line breaks or other control characters (which a title cannot show) made spaces.
fn yaml_double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A new article: every key of the content contract, filled in or shown as a comment.
fn article_template(title: &str, other_collections: &[String], today: NaiveDate) -> String {
    let title = yaml_double_quoted(title);
    let relations: String = other_collections
        .iter()
        .map(|c| format!("# {c}: [a-slug, another-slug]      # related pages in {c}\n"))
        .collect();
    format!(
        "---\n\
title: \"{title}\"\n\
summary: Write one or two sentences about this page, at most 160 characters.\n\
draft: true                     # delete this line when the page is ready to publish\n\
# order: 1                      # its place in the collection (otherwise sorted by title)\n\
tags: []\n\
reviewed: {reviewed}\n\
next_review: {next}\n\
# author: Your name or organisation\n\
# reviewer: Who checked the facts, for example a physiotherapist\n\
# evidence: Low                 # how strong the evidence is: Moderate, Low, Very low or Limited\n\
# sources:\n\
#   - title: Name of the source\n\
#     url: https://www.example.org/page\n\
{relations}\
# slug: another-address         # the web address name, if not the file name\n\
# extra: {{}}                     # anything your own templates use\n\
---\n\
\n\
## What it is\n\
\n\
Write in short sentences and everyday words. Put the medical word in brackets after the everyday one.\n\
\n\
## When to get help\n\
\n\
Say which signs mean a reader should see a doctor.\n",
        reviewed = today.format("%Y-%m-%d"),
        next = next_review(today),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn a_new_article_shows_every_key_and_is_a_draft() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/techniques")).unwrap();
        let file = new_article(dir.path(), "causes/poor-posture", None, today()).unwrap();
        let text = fs::read_to_string(file).unwrap();
        assert!(text.contains("title: \"Poor posture\""), "{text}");
        assert!(text.contains("draft: true"));
        assert!(text.contains("next_review: 2027-11-24"));
        assert!(text.contains("# techniques: ["), "{text}");
        for key in crate::model::page::article_keys() {
            assert!(
                text.contains(&format!("{key}:")),
                "{key} missing from the template"
            );
        }
    }

    #[test]
    fn refuses_bad_names_and_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        assert!(
            new_article(dir.path(), "causes/Poor Posture", None, today())
                .unwrap_err()
                .contains("slug `Poor Posture`")
        );
        assert!(
            new_article(dir.path(), "poor-posture", None, today())
                .unwrap_err()
                .contains("<collection>/<slug>")
        );
        assert!(
            new_article(dir.path(), "tags/a", None, today())
                .unwrap_err()
                .contains("collection `tags`")
        );
        new_article(dir.path(), "causes/a", Some("A"), today()).unwrap();
        assert!(
            new_article(dir.path(), "causes/a", Some("B"), today())
                .unwrap_err()
                .contains("never overwrites")
        );
    }

    #[test]
    fn init_refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep.txt"), "mine").unwrap();
        assert!(
            init_site(dir.path(), today())
                .unwrap_err()
                .contains("not empty")
        );
    }
}
