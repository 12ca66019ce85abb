//! What each page shows, reduced to a number, so the preview re-renders only the pages an edit
//! changes: an article's page depends on its own file and on what it shows of other pages (the
//! titles, summaries and addresses of its relations, neighbours and link targets); a collection
//! or tag page on the cards it lists; every page on the site's shared parts (site.yaml, the
//! theme, the collections and tags). Pages that list every article (home, quiz) or that are one
//! of a kind are always rendered: they are few.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use super::Job;
use crate::load::Source;
use crate::model::{Article, PageRef, Site};

/// A page's fingerprint: `None` for pages that are always rendered.
pub type Fingerprint = Option<u64>;

/// Every page's fingerprint, in `super::jobs` order. Equal fingerprints in two renders of the
/// same site (within one run of knead) mean the same page.
pub fn fingerprints(site: &Site, source: &Source, salt: u64) -> Vec<(Job, Fingerprint)> {
    let shared = shared(site, source, salt);
    let cards: Vec<u64> = site.articles.iter().map(card).collect();
    let texts: rustc_hash::FxHashMap<&str, u64> = source
        .documents
        .iter()
        .map(|d| (d.path.as_str(), hash_of(&d.text)))
        .collect();
    super::jobs(site)
        .into_iter()
        .map(|job| {
            let print = match job {
                Job::Collection(c) => {
                    let mut h = start(shared);
                    c.hash(&mut h);
                    for &id in &site.collections[c].articles {
                        cards[id].hash(&mut h);
                    }
                    Some(h.finish())
                }
                Job::Tag(t) => {
                    let tag = &site.tags[t];
                    let mut h = start(shared);
                    (&tag.name, &tag.slug).hash(&mut h);
                    for &id in &tag.articles {
                        cards[id].hash(&mut h);
                    }
                    Some(h.finish())
                }
                Job::Article(id) => {
                    let a = &site.articles[id];
                    let mut h = start(shared);
                    texts.get(a.source_path.as_str()).hash(&mut h);
                    // What the page shows of other pages.
                    for &other in &a.related {
                        cards[other].hash(&mut h);
                    }
                    for other in [a.previous, a.next] {
                        other.map(|o| cards[o]).hash(&mut h);
                    }
                    for target in a.body.links.values() {
                        match target.page {
                            PageRef::Article(other) => cards[other].hash(&mut h),
                            PageRef::Collection(c) => c.hash(&mut h),
                            PageRef::Home => 0u8.hash(&mut h),
                            PageRef::Asset(i) => site.assets[i].hash(&mut h),
                        }
                        target.anchor.hash(&mut h);
                    }
                    for &tag in &a.tags {
                        (&site.tags[tag].name, &site.tags[tag].slug).hash(&mut h);
                    }
                    Some(h.finish())
                }
                Job::Home | Job::Tags | Job::Search | Job::Quiz | Job::NotFound => None,
            };
            (job, print)
        })
        .collect()
}

/// What another page shows of an article: its card (title, summary, address, collection,
/// evidence) or a link to it. Keep in step with `Renderer::card`.
fn card(a: &Article) -> u64 {
    let mut h = FxHasher::default();
    (
        &a.front.title,
        &a.front.summary,
        &a.front.slug,
        a.collection,
        &a.front.evidence,
    )
        .hash(&mut h);
    h.finish()
}

/// What every page shows of the site as a whole, or depends on: site.yaml, the theme and
/// template overrides, the collections (their names, titles, introductions) and the list of
/// tags, whether there is a quiz, and the render settings in `salt`.
fn shared(site: &Site, source: &Source, salt: u64) -> u64 {
    let mut h = FxHasher::default();
    salt.hash(&mut h);
    source.site_yaml.hash(&mut h);
    if let Some(theme) = source.themes.get(&site.config.theme) {
        for (name, template) in &theme.templates {
            (name, &template.text).hash(&mut h);
        }
    }
    for (name, template) in &source.template_overrides {
        (name, &template.text).hash(&mut h);
    }
    for c in &site.collections {
        (&c.name, &c.title, &c.summary, &c.intro.markdown).hash(&mut h);
        c.extra.to_string().hash(&mut h);
    }
    for t in &site.tags {
        (&t.name, &t.slug).hash(&mut h);
    }
    site.quiz.is_some().hash(&mut h);
    site.assets.hash(&mut h);
    h.finish()
}

fn start(shared: u64) -> FxHasher {
    let mut h = FxHasher::default();
    shared.hash(&mut h);
    h
}

fn hash_of(text: &str) -> u64 {
    let mut h = FxHasher::default();
    text.hash(&mut h);
    h.finish()
}
