//! The quiz page's data: what the browser needs to score answers and show suggestions,
//! serialised as JSON for a `<script type="application/json">` block (data, never run, so it
//! works under `script-src 'self'` and from a folder). Question and answer texts are in the
//! page's HTML, escaped by the template; this holds only structure, scores and page details.

use serde::Serialize;

use crate::model::quiz::Quiz;
use crate::model::{PageRef, Site};

use super::urls::{Linker, route};

#[derive(Serialize)]
struct Data<'a> {
    /// Per question, in order: whether several answers may be ticked, and per answer its
    /// scores as (index into `pages`, points).
    questions: Vec<QuestionData<'a>>,
    /// Pages an answer scores, and the pages related to those.
    pages: Vec<PageData<'a>>,
    /// How many warning signs each red-flag group lists (a flag is `<group>.<item>`).
    flags: Vec<usize>,
    collections: Vec<&'a str>,
}

#[derive(Serialize)]
struct QuestionData<'a> {
    id: &'a str,
    multiple: bool,
    answers: Vec<Vec<(usize, i64)>>,
}

#[derive(Serialize)]
struct PageData<'a> {
    title: &'a str,
    /// Relative to the site root.
    url: String,
    summary: &'a str,
    collection: usize,
    evidence: Option<&'a str>,
    /// Indexes into `pages`.
    related: Vec<usize>,
}

/// The quiz data as JSON, safe inside a script block.
pub fn data_json(site: &Site, quiz: &Quiz, linker: Linker) -> String {
    // The pages the quiz can suggest, then their related pages, each once, in reading order.
    let mut ids: Vec<usize> = quiz
        .questions
        .iter()
        .flat_map(|q| {
            q.answers
                .iter()
                .flat_map(|a| a.scores.iter().map(|(id, _)| *id))
        })
        .collect();
    let related: Vec<usize> = ids
        .iter()
        .flat_map(|&id| site.articles[id].related.iter().copied())
        .collect();
    ids.extend(related);
    ids.sort_unstable();
    ids.dedup();
    let index_of = |id: usize| ids.binary_search(&id).expect("page listed");

    let data = Data {
        questions: quiz
            .questions
            .iter()
            .map(|q| QuestionData {
                id: &q.id,
                multiple: q.multiple,
                answers: q
                    .answers
                    .iter()
                    .map(|a| {
                        a.scores
                            .iter()
                            .map(|&(id, points)| (index_of(id), points))
                            .collect()
                    })
                    .collect(),
            })
            .collect(),
        pages: ids
            .iter()
            .map(|&id| {
                let a = &site.articles[id];
                PageData {
                    title: &a.front.title,
                    url: linker.path(&route(site, PageRef::Article(id))),
                    summary: &a.front.summary,
                    collection: a.collection,
                    evidence: a.front.evidence.as_deref(),
                    related: a
                        .related
                        .iter()
                        .filter_map(|r| ids.binary_search(r).ok())
                        .collect(),
                }
            })
            .collect(),
        collections: site.collections.iter().map(|c| c.title.as_str()).collect(),
        flags: quiz.red_flags.iter().map(|g| g.items.len()).collect(),
    };
    super::escape_json_for_script(&serde_json::to_string(&data).expect("quiz data serialises"))
}
