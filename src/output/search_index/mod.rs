//! The search index, written at build time as small classic scripts that register themselves
//! (so search works from file:// and under `script-src 'self'`). See ARCHITECTURE.md, "Search".
//!
//! 1. extract each page's text by field (title, headings, summary and tags, body sentences);
//! 2. fold, split and stem every word once (`tokens`), count words per field;
//! 3. score every (word, page) pair with BM25F, so the browser only adds numbers;
//! 4. keep each word's best pages (impact-ordered postings) and, for its very best, the sentence
//!    to show as an excerpt;
//! 5. cut the sorted word list into shards of similar size, and page details into groups, within
//!    a budget of one file per 20 pages, and write a manifest naming the shard boundaries.

pub(crate) mod bloom;
pub(crate) mod tokens;

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::body::Sentences;
use crate::model::slug::is_word_char;
use crate::model::{PageRef, Site};
use crate::render::urls::{Linker, route};
use tokens::Stems;

/// Fields, in this order everywhere below: title, headings, summary and tags, body.
const BODY: usize = 3;
const FIELDS: usize = 4;

/// BM25F: how much a word counts in each field, and how much each field's length is normalised.
const WEIGHTS: [f64; FIELDS] = [6.0, 3.0, 2.0, 1.0];
const LENGTH_NORM: [f64; FIELDS] = [0.3, 0.5, 0.5, 0.75];
const K1: f64 = 1.2;

/// How many pages each word keeps (its best ones): a quarter of the site, between 100 and 400.
/// Results past that are the weakest matches of very common words. And how many of those
/// pages get an excerpt.
pub fn postings_per_term(pages: usize) -> usize {
    (pages / 4).clamp(100, 400)
}
pub const EXCERPTS_PER_TERM: usize = 5;
/// Longest excerpt, in characters.
const EXCERPT_CHARS: usize = 180;
/// A synonym counts a little less than the word itself.
const SYNONYM_WEIGHT: f32 = 0.8;

/// The files of the index, by path below the output folder.
pub struct SearchFiles {
    pub files: Vec<(String, String)>,
}

/// A fingerprint of everything the index is made from (knead's version, site.yaml and every
/// content file), added to the index's script URLs so a browser never mixes two builds. Known
/// before the index is built, so pages can be rendered while it is.
pub fn version(source: &crate::load::Source) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
        }
        // A separator, so moving text from one file to the next changes the fingerprint.
        hash = (hash ^ 0xff).wrapping_mul(0x100_0000_01b3);
    };
    add(env!("CARGO_PKG_VERSION").as_bytes());
    add(source.site_yaml.as_deref().unwrap_or("").as_bytes());
    for doc in &source.documents {
        add(doc.path.as_bytes());
        add(doc.text.as_bytes());
    }
    for file in &source.content_files {
        add(file.path.as_bytes());
        add(&file.bytes);
    }
    format!("{hash:016x}")
}

/// One searchable page, as text, borrowing from the site.
struct DocText<'a> {
    title: &'a str,
    /// The page's URL when the browser cannot work it out from the title (see `derived_url`).
    stored_url: Option<String>,
    collection: usize,
    summary: &'a str,
    /// The headings, and the summary and tags, as single strings (with the title, the fields
    /// before the body); the body as sentences.
    headings: String,
    summary_and_tags: String,
    sentences: &'a Sentences,
}

/// Per page: for each distinct folded word, its count per field and the first body sentence
/// holding it.
type WordCounts<'a> = FxHashMap<&'a str, ([u32; FIELDS], Option<u32>)>;

/// A word's entry in the index.
struct Term {
    text: String,
    /// How many pages use the word.
    pages: usize,
    /// (page, impact 1..=255), best first until cut, then by page.
    postings: Vec<(u32, u8)>,
    /// Pages with an excerpt: (page, sentence index within that page).
    excerpts: Vec<(u32, Option<u32>)>,
}

/// Builds the index for every article and collection page of the site.
pub fn build(site: &Site, linker: Linker, version: &str) -> SearchFiles {
    let stems = Stems::for_language(&site.config.language);
    let docs = documents(site, linker);

    // One pass over the pages: each is folded, counted and dropped at once, its distinct
    // words numbered in the order the threads meet them. Only the vocabulary and the counts
    // stay in memory.
    let words = Interner::default();
    let mut per_doc: Vec<Vec<TermCount>> = docs
        .par_iter()
        .map(|doc| {
            count_words(&fold_page(doc))
                .into_iter()
                .map(|(word, (tf, sentence))| TermCount {
                    term: words.id(word),
                    tf: tf.map(|n| n as f32),
                    sentence,
                })
                .collect()
        })
        .collect();

    // Stem each distinct word once; terms are numbered in sorted order, so the numbers the
    // threads gave out above (which vary from run to run) never reach the output.
    let surface = words.into_words();
    let stemmed: Vec<String> = surface.par_iter().map(|w| stems.stem(w)).collect();
    // A synonym's word gets a term even when no page uses it: that is what synonyms are for.
    let synonym_words: Vec<String> = site
        .config
        .synonyms
        .iter()
        .filter_map(|(word, _)| single_term(word, &stems))
        .collect();
    let mut term_texts: Vec<&str> = stemmed
        .iter()
        .chain(&synonym_words)
        .map(String::as_str)
        .collect();
    term_texts.par_sort_unstable();
    term_texts.dedup();
    let term_id: FxHashMap<&str, u32> = term_texts
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as u32))
        .collect();
    let surface_term: Vec<u32> = stemmed.iter().map(|s| term_id[s.as_str()]).collect();
    let word_term: FxHashMap<String, u32> = surface
        .into_iter()
        .zip(surface_term.iter().copied())
        .collect();

    let synonyms = synonym_terms(site, &stems, &term_id);
    per_doc.par_iter_mut().for_each(|terms| {
        for t in terms.iter_mut() {
            t.term = surface_term[t.term as usize];
        }
        merge_stems(terms);
    });
    let synonyms = SynonymIndex::new(&synonyms, &per_doc, term_texts.len());
    per_doc
        .par_iter_mut()
        .for_each(|terms| add_synonyms(terms, &synonyms));

    let terms = score(&term_texts, &per_doc);
    drop(per_doc);
    let files = write_files(site, linker, &stems, &docs, terms, &word_term, version);
    SearchFiles { files }
}

/// A page's text, folded once: title, headings, summary and tags, then body sentences.
struct Folded {
    fields: [String; 3],
    sentences: Sentences,
}

fn fold_page(doc: &DocText) -> Folded {
    Folded {
        fields: [
            tokens::fold(doc.title),
            tokens::fold(&doc.headings),
            tokens::fold(&doc.summary_and_tags),
        ],
        sentences: doc.sentences.map(tokens::fold_into),
    }
}

/// The distinct folded words of the site, numbered as the threads first meet them.
#[derive(Default)]
struct Interner {
    shards: [std::sync::Mutex<FxHashMap<Box<str>, u32>>; INTERNER_SHARDS],
    next: std::sync::atomic::AtomicU32,
}

/// Enough locks that two threads rarely wait for each other.
const INTERNER_SHARDS: usize = 16;

impl Interner {
    fn id(&self, word: &str) -> u32 {
        use std::hash::BuildHasher;
        let hash = rustc_hash::FxBuildHasher.hash_one(word);
        let shard = (hash >> 60) as usize % INTERNER_SHARDS;
        let mut map = self.shards[shard]
            .lock()
            .expect("no thread panics holding it");
        if let Some(&id) = map.get(word) {
            return id;
        }
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        map.insert(word.into(), id);
        id
    }

    /// The words, indexed by their numbers.
    fn into_words(self) -> Vec<String> {
        let mut words = vec![String::new(); self.next.into_inner() as usize];
        for shard in self.shards {
            for (word, id) in shard.into_inner().expect("no thread panicked holding it") {
                words[id as usize] = word.into();
            }
        }
        words
    }
}

/// One term of one page: its count per field (synonyms count a little less) and the first
/// body sentence holding it.
#[derive(Clone, Copy)]
struct TermCount {
    term: u32,
    tf: [f32; FIELDS],
    sentence: Option<u32>,
}

/// Sorts a page's terms and merges words with one stem ("stretch", "stretches") into one term.
fn merge_stems(terms: &mut Vec<TermCount>) {
    terms.sort_unstable_by_key(|t| t.term);
    terms.dedup_by(|later, kept| {
        if later.term != kept.term {
            return false;
        }
        for (sum, add) in kept.tf.iter_mut().zip(later.tf) {
            *sum += add;
        }
        kept.sentence = match (kept.sentence, later.sentence) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        true
    });
}

/// site.yaml's synonym phrases, each filed under its rarest word (the one on fewest pages), so a
/// page is checked only against the phrases whose rarest word it uses. Checking every page
/// against every phrase made 20,000 synonyms on a site of 20,000 pages take 11 s.
struct SynonymIndex<'s> {
    by_rarest: FxHashMap<u32, Vec<Phrase<'s>>>,
}

/// A synonym's phrase: its place in site.yaml's order, its synonym's term, its terms.
type Phrase<'s> = (usize, u32, &'s [u32]);

impl<'s> SynonymIndex<'s> {
    fn new(synonyms: &'s [(u32, Vec<Vec<u32>>)], per_doc: &[Vec<TermCount>], terms: usize) -> Self {
        let mut pages = vec![0u32; terms];
        for t in per_doc.iter().flatten() {
            pages[t.term as usize] += 1;
        }
        let mut by_rarest: FxHashMap<u32, Vec<_>> = FxHashMap::default();
        let phrases = synonyms
            .iter()
            .flat_map(|(key, phrases)| phrases.iter().map(move |p| (*key, p.as_slice())));
        for (order, (key, phrase)) in phrases.enumerate() {
            let rarest = phrase
                .iter()
                .copied()
                .min_by_key(|&t| (pages[t as usize], t));
            if let Some(rarest) = rarest {
                by_rarest
                    .entry(rarest)
                    .or_default()
                    .push((order, key, phrase));
            }
        }
        SynonymIndex { by_rarest }
    }
}

/// Adds to a page's sorted terms the synonyms whose phrases it uses.
fn add_synonyms(terms: &mut Vec<TermCount>, synonyms: &SynonymIndex) {
    let find = |terms: &[TermCount], term: u32| terms.binary_search_by_key(&term, |t| t.term).ok();
    let mut added = Vec::new();
    for t in terms.iter() {
        let Some(phrases) = synonyms.by_rarest.get(&t.term) else {
            continue;
        };
        for &(order, key, phrase) in phrases {
            let found: Option<Vec<TermCount>> = phrase
                .iter()
                .map(|&t| find(terms, t).map(|i| terms[i]))
                .collect();
            let Some(found) = found else { continue };
            // A phrase counts as often as its rarest word, a little less than the word itself.
            let tf: [f32; FIELDS] = std::array::from_fn(|f| {
                found.iter().map(|e| e.tf[f]).fold(f32::INFINITY, f32::min) * SYNONYM_WEIGHT
            });
            let sentence = found.iter().filter_map(|e| e.sentence).min();
            let term = TermCount {
                term: key,
                tf,
                sentence,
            };
            added.push((order, term));
        }
    }
    if added.is_empty() {
        return;
    }
    // In site.yaml's order, as when every phrase was tried in turn: counts are summed in
    // that order below, and floating-point sums depend on it.
    added.sort_by_key(|(order, _)| *order);
    terms.extend(added.into_iter().map(|(_, t)| t));
    terms.sort_by_key(|t| t.term);
    terms.dedup_by(|later, kept| {
        if later.term != kept.term {
            return false;
        }
        for (sum, add) in kept.tf.iter_mut().zip(later.tf) {
            *sum += add;
        }
        kept.sentence = kept.sentence.or(later.sentence);
        true
    });
}

/// Every article and collection page, in reading order, with its text by field.
fn documents(site: &Site, linker: Linker) -> Vec<DocText<'_>> {
    let articles = site.articles.iter().enumerate().map(|(id, a)| {
        let tags: Vec<&str> = a.tags.iter().map(|&t| site.tags[t].name.as_str()).collect();
        (
            PageRef::Article(id),
            &a.front.title,
            &a.front.summary,
            a.collection,
            tags,
            &a.body.text,
        )
    });
    let collections = site.collections.iter().enumerate().map(|(i, c)| {
        (
            PageRef::Collection(i),
            &c.title,
            &c.summary,
            i,
            Vec::new(),
            &c.intro.text,
        )
    });
    articles
        .chain(collections)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(page, title, summary, collection, tags, text)| {
            let url = linker.path(&route(site, page));
            let derived = matches!(page, PageRef::Article(_))
                .then(|| derived_url(linker, &site.collections[collection].name, title))
                .flatten();
            DocText {
                title,
                stored_url: (derived.as_deref() != Some(url.as_str())).then_some(url),
                collection,
                summary,
                headings: text.headings.join(" \n"),
                summary_and_tags: format!("{summary} \n{}", tags.join(" \n")),
                sentences: &text.sentences,
            }
        })
        .collect()
}

/// The URL the browser works out for an article from its collection's folder and its title:
/// the title's ASCII letters and digits, lowercased, in runs joined by hyphens. Most articles are
/// named after their title, so their URL need not be stored; for the others (and any title
/// that is not plain ASCII) the index stores the URL. engine.js's `derivedUrl` is the same rule.
fn derived_url(linker: Linker, folder: &str, title: &str) -> Option<String> {
    if !title.is_ascii() {
        return None;
    }
    let lower = title.to_ascii_lowercase();
    let slug: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (!slug.is_empty()).then(|| linker.path(&format!("{folder}/{}/", slug.join("-"))))
}

fn count_words(folded: &Folded) -> WordCounts<'_> {
    // A page has a few hundred distinct words: start big enough to rarely grow.
    let mut counts: WordCounts = FxHashMap::with_capacity_and_hasher(512, Default::default());
    for (field, text) in folded.fields.iter().enumerate() {
        for word in tokens::words(text).filter(|w| tokens::is_indexed(w)) {
            counts.entry(word).or_insert(([0; FIELDS], None)).0[field] += 1;
        }
    }
    for (index, sentence) in folded.sentences.iter().enumerate() {
        for word in tokens::words(sentence).filter(|w| tokens::is_indexed(w)) {
            let entry = counts.entry(word).or_insert(([0; FIELDS], None));
            entry.0[BODY] += 1;
            entry.1.get_or_insert(index as u32);
        }
    }
    counts
}

/// site.yaml's synonyms as (term of the visitor's word, [terms of each phrase]).
fn synonym_terms(
    site: &Site,
    stems: &Stems,
    term_id: &FxHashMap<&str, u32>,
) -> Vec<(u32, Vec<Vec<u32>>)> {
    let terms_of = |text: &str| -> Vec<String> {
        let folded = tokens::fold(text);
        tokens::words(&folded)
            .filter(|w| tokens::is_indexed(w))
            .map(|w| stems.stem(w))
            .collect()
    };
    let mut out = Vec::new();
    for (word, phrases) in &site.config.synonyms {
        // A synonym for a word no page uses still works: the word gets a term of its own.
        let [key] = terms_of(word).try_into().unwrap_or_default();
        let Some(&key) = term_id.get(key.as_str()) else {
            continue;
        };
        let phrases: Vec<Vec<u32>> = phrases
            .iter()
            .filter_map(|p| {
                terms_of(p)
                    .iter()
                    .map(|t| term_id.get(t.as_str()).copied())
                    .collect::<Option<Vec<u32>>>()
            })
            .filter(|p| !p.is_empty())
            .collect();
        out.push((key, phrases));
    }
    out
}

/// The term of a synonym's word, when it is one indexed word (phrases are not keys).
fn single_term(word: &str, stems: &Stems) -> Option<String> {
    let folded = tokens::fold(word);
    let mut words = tokens::words(&folded).filter(|w| tokens::is_indexed(w));
    match (words.next(), words.next()) {
        (Some(w), None) => Some(stems.stem(w)),
        _ => None,
    }
}

/// BM25F impacts for every (term, page), best pages kept per term.
fn score(term_texts: &[&str], per_doc: &[Vec<TermCount>]) -> Vec<Term> {
    let n = per_doc.len().max(1) as f64;
    let keep = postings_per_term(per_doc.len());
    let postings = field_weights(term_texts.len(), per_doc);
    let mut scored: Vec<(usize, Vec<Scored>)> = postings
        .into_par_iter()
        .map(|mut list| {
            let df = list.len() as f64;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            for p in &mut list {
                let w = f64::from(p.score);
                p.score = (idf * w * (K1 + 1.0) / (w + K1)) as f32;
            }
            // Best first; ties by page, so the cut is deterministic. Only the kept part is sorted.
            let best_first =
                |a: &Scored, b: &Scored| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc));
            let pages = list.len();
            if list.len() > keep {
                list.select_nth_unstable_by(keep, best_first);
                list.truncate(keep);
            }
            list.sort_unstable_by(best_first);
            (pages, list)
        })
        .collect();
    let max = scored
        .iter()
        .flat_map(|(_, l)| l.iter().map(|p| p.score))
        .fold(f32::MIN_POSITIVE, f32::max);
    term_texts
        .iter()
        .zip(scored.iter_mut())
        .map(|(text, (pages, list))| {
            let excerpts = list
                .iter()
                .take(EXCERPTS_PER_TERM)
                .map(|p| (p.doc, (p.sentence != NO_SENTENCE).then_some(p.sentence)))
                .collect();
            let mut postings: Vec<(u32, u8)> = list
                .iter()
                .map(|p| {
                    let impact = (255.0 * p.score / max).round().clamp(1.0, 255.0) as u8;
                    (p.doc, impact)
                })
                .collect();
            postings.sort_by_key(|p| p.0);
            Term {
                text: text.to_string(),
                pages: *pages,
                postings,
                excerpts,
            }
        })
        .collect()
}

/// Each term's postings with its BM25F field-weighted frequency on each page (before idf and
/// saturation): every field's count, weighted and normalised by the field's length on that page
/// against its average length.
fn field_weights(terms: usize, per_doc: &[Vec<TermCount>]) -> Vec<Vec<Scored>> {
    let n = per_doc.len().max(1) as f64;
    let lengths: Vec<[f64; FIELDS]> = per_doc
        .iter()
        .map(|d| {
            let mut len = [0.0; FIELDS];
            for t in d {
                for (sum, tf) in len.iter_mut().zip(t.tf) {
                    *sum += f64::from(tf);
                }
            }
            len
        })
        .collect();
    let mut average = [0.0; FIELDS];
    for len in &lengths {
        for f in 0..FIELDS {
            average[f] += len[f] / n;
        }
    }
    let mut postings: Vec<Vec<Scored>> = vec![Vec::new(); terms];
    for (doc, counts) in per_doc.iter().enumerate() {
        for t in counts {
            let mut weighted = 0.0;
            for f in 0..FIELDS {
                let tf = f64::from(t.tf[f]);
                if tf > 0.0 && average[f] > 0.0 {
                    let norm = 1.0 - LENGTH_NORM[f] + LENGTH_NORM[f] * lengths[doc][f] / average[f];
                    weighted += WEIGHTS[f] * tf / norm;
                }
            }
            postings[t.term as usize].push(Scored {
                doc: doc as u32,
                score: weighted as f32,
                sentence: t.sentence.unwrap_or(NO_SENTENCE),
            });
        }
    }
    postings
}

/// A page's score for one term, and the first body sentence holding it.
#[derive(Clone, Copy)]
struct Scored {
    doc: u32,
    score: f32,
    sentence: u32,
}

/// `Scored::sentence` when the term is not in the body (title, headings or summary only).
const NO_SENTENCE: u32 = u32::MAX;

#[derive(Serialize)]
struct Manifest<'a> {
    version: &'a str,
    stem: bool,
    stop: &'a [&'a str],
    docs: usize,
    #[serde(rename = "groupSize")]
    group_size: usize,
    groups: usize,
    /// Pages per title file, and how many there are (see `PageTitle`).
    #[serde(rename = "titleSize")]
    title_size: usize,
    #[serde(rename = "titleFiles")]
    title_files: usize,
    /// Each collection's folder, and whether links name index.html: what `derived_url` needs.
    folders: Vec<&'a str>,
    portable: bool,
    /// The first term of each shard, in order.
    bounds: Vec<&'a str>,
    /// A Bloom filter of every term: base64 bits and the number of probes.
    terms: String,
    probes: u32,
    collections: Vec<&'a str>,
}

#[derive(Serialize)]
struct Shard<'a> {
    terms: Vec<&'a str>,
    /// Per term: how many pages use it (its postings may keep only the best of them).
    counts: Vec<usize>,
    /// Per term: page ids as differences from the previous one, each followed by its impact.
    postings: Vec<Vec<u32>>,
    /// Per term: page id and excerpt number pairs (excerpt -1: use the page's summary).
    excerpts: Vec<Vec<i64>>,
    sentences: Vec<String>,
}

/// A page as a result row in a page-details group: title, collection, URL ("" when the browser
/// derives it) and summary (shown when no sentence of the page holds the visitor's words).
struct PageDetails<'a>(&'a DocText<'a>);

impl Serialize for PageDetails<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let d = self.0;
        let mut row = serializer.serialize_tuple(4)?;
        row.serialize_element(&d.title)?;
        row.serialize_element(&d.collection)?;
        row.serialize_element(d.stored_url.as_deref().unwrap_or(""))?;
        row.serialize_element(&d.summary)?;
        row.end()
    }
}

/// A page in a title file: title and collection, plus its URL when the browser cannot derive it.
/// Title files hold every page; the browser fetches them once the first answer is shown, so that
/// later keystrokes need no page-details file to show titles.
struct PageTitle<'a>(&'a DocText<'a>);

impl Serialize for PageTitle<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let d = self.0;
        let mut row = serializer.serialize_tuple(2 + usize::from(d.stored_url.is_some()))?;
        row.serialize_element(&d.title)?;
        row.serialize_element(&d.collection)?;
        if let Some(url) = &d.stored_url {
            row.serialize_element(url)?;
        }
        row.end()
    }
}

/// Most pages per title file: a few files even on large sites, fetched side by side.
const TITLES_PER_FILE: usize = 2500;

fn write_files(
    site: &Site,
    linker: Linker,
    stems: &Stems,
    docs: &[DocText],
    terms: Vec<Term>,
    word_term: &FxHashMap<String, u32>,
    version: &str,
) -> Vec<(String, String)> {
    // Budget: one file per 20 pages on large sites; smaller sites may use one per 5 pages (up
    // to 200 files, at least 16), so each query loads smaller shards. A quarter of the files
    // hold page details, the rest are shards.
    let budget = (docs.len() / 20).max((docs.len() / 5).min(200)).max(16);
    let groups_wanted = (budget / 4).max(1);
    let group_size = docs.len().div_ceil(groups_wanted).max(20);
    let groups = docs.len().div_ceil(group_size).max(1);
    let title_files = docs.len().div_ceil(TITLES_PER_FILE).max(1);
    let title_size = docs.len().div_ceil(title_files).max(1);
    // Title files come on top: they serve the keystrokes after the first answer, not a query.
    let shard_budget = budget.saturating_sub(groups + 1).max(1);
    let shards = pack_shards(&terms, shard_budget);
    let anchors = anchors(docs, &terms, word_term);
    // Shards are written in parallel; collecting keeps their order.
    let mut files: Vec<(String, String)> = shards
        .par_iter()
        .enumerate()
        .map(|(number, members)| {
            let shard = shard(members, &terms, docs, &anchors);
            (
                format!("search/s{number}.js"),
                register("searchShard", number, &shard),
            )
        })
        .collect();
    // Every group and title file the manifest counts is written, even an empty one.
    let part = |number: usize, size: usize| {
        &docs[(number * size).min(docs.len())..((number + 1) * size).min(docs.len())]
    };
    for group in 0..groups {
        let rows: Vec<PageDetails> = part(group, group_size).iter().map(PageDetails).collect();
        files.push((
            format!("search/d{group}.js"),
            register("searchDocs", group, &rows),
        ));
    }
    for number in 0..title_files {
        let rows: Vec<PageTitle> = part(number, title_size).iter().map(PageTitle).collect();
        files.push((
            format!("search/t{number}.js"),
            register("searchTitles", number, &rows),
        ));
    }

    let bloom = bloom::Bloom::of(terms.iter().map(|t| t.text.as_str()));
    let manifest = Manifest {
        version,
        stem: stems.is_stemming(),
        stop: tokens::STOP_WORDS,
        docs: docs.len(),
        group_size,
        groups,
        title_size,
        title_files,
        folders: site.collections.iter().map(|c| c.name.as_str()).collect(),
        portable: linker.portable,
        // A site whose pages hold no indexed word (all stop words, say) has one empty shard.
        bounds: shards
            .iter()
            .map(|m| m.first().map_or("", |&i| terms[i].text.as_str()))
            .collect(),
        terms: bloom.base64(),
        probes: bloom.hashes,
        collections: site.collections.iter().map(|c| c.title.as_str()).collect(),
    };
    let mut script = String::from("(self.knead=self.knead||{}).searchManifest=");
    script.push_str(&serde_json::to_string(&manifest).expect("manifest serialises"));
    script.push_str(";\n");
    files.push(("search/index.js".to_string(), script));
    files
}

/// One shard's terms, postings and excerpts; an excerpt shown for several of its terms is
/// written once.
fn shard<'a>(
    members: &[usize],
    terms: &'a [Term],
    docs: &[DocText],
    anchors: &FxHashMap<(u32, u32), Anchor>,
) -> Shard<'a> {
    let mut sentence_ids: HashMap<String, i64> = HashMap::new();
    let mut shard = Shard {
        terms: Vec::new(),
        counts: Vec::new(),
        postings: Vec::new(),
        excerpts: Vec::new(),
        sentences: Vec::new(),
    };
    for &i in members {
        let term = &terms[i];
        shard.terms.push(&term.text);
        shard.counts.push(term.pages);
        let mut previous = 0;
        let mut flat = Vec::with_capacity(term.postings.len() * 2);
        for &(doc, impact) in &term.postings {
            flat.push(doc - previous);
            flat.push(u32::from(impact));
            previous = doc;
        }
        shard.postings.push(flat);
        let mut pairs = Vec::new();
        for &(doc, sentence) in &term.excerpts {
            pairs.push(i64::from(doc));
            let id = match sentence {
                Some(s) => {
                    let anchor = anchors.get(&(i as u32, doc)).copied();
                    let text = excerpt(docs[doc as usize].sentences.get(s as usize), anchor);
                    let next = shard.sentences.len() as i64;
                    *sentence_ids.entry(text.clone()).or_insert_with(|| {
                        shard.sentences.push(text);
                        next
                    })
                }
                None => -1,
            };
            pairs.push(id);
        }
        shard.excerpts.push(pairs);
    }
    shard
}

/// The smallest shard worth a file, in the rough bytes `pack_shards` counts (about 6 kB once
/// gzipped). Fewer, larger shards mean a word being typed usually finds its completions in the
/// shard its first two letters fetched, so later keystrokes fetch nothing; the cost is a few
/// kilobytes more on the first query.
const MIN_SHARD_SIZE: usize = 16 * 1024;

/// Cuts the sorted terms into at most `budget` shards of similar size. Terms that share their
/// first two letters stay together when their group fits, because a typo after the second
/// letter is looked for among those terms: the browser loads the shards of that prefix.
fn pack_shards(terms: &[Term], budget: usize) -> Vec<Vec<usize>> {
    let size = |t: &Term| t.text.len() + t.postings.len() * 6 + t.excerpts.len() * 160;
    let total: usize = terms.iter().map(size).sum();
    let count = budget.min(total.div_ceil(MIN_SHARD_SIZE)).max(1);
    let prefix = |t: &Term| t.text.chars().take(2).collect::<String>();
    let mut packer = Packer {
        shards: vec![Vec::new()],
        filled: 0,
        left: total,
        count,
        target: total.div_ceil(count).max(1),
    };
    let mut start = 0;
    while start < terms.len() {
        // The group of terms sharing this term's two-letter prefix.
        let head = prefix(&terms[start]);
        let end = terms[start..]
            .iter()
            .position(|t| prefix(t) != head)
            .map_or(terms.len(), |n| start + n);
        let group: usize = terms[start..end].iter().map(size).sum();
        if packer.filled > 0 && packer.filled + group > packer.target {
            packer.open();
        }
        for (i, term) in terms.iter().enumerate().take(end).skip(start) {
            // A group larger than a shard is split where it must be.
            if packer.filled >= packer.target {
                packer.open();
            }
            packer.push(i, size(term));
        }
        start = end;
    }
    packer.shards
}

/// Shards being filled in order.
struct Packer {
    shards: Vec<Vec<usize>>,
    filled: usize,
    left: usize,
    count: usize,
    target: usize,
}

impl Packer {
    /// Starts the next shard, aiming at an equal part of what is left, so an early cut at a
    /// prefix boundary never leaves the last shard with the rest.
    fn open(&mut self) {
        if self.shards.len() < self.count {
            self.shards.push(Vec::new());
            self.filled = 0;
            self.target = self
                .left
                .div_ceil(self.count + 1 - self.shards.len())
                .max(1);
        }
    }

    fn push(&mut self, term: usize, size: usize) {
        self.shards.last_mut().expect("one shard").push(term);
        self.filled += size;
        self.left -= size;
    }
}

/// A classic script that hands `data` to the search engine: `knead.<function>(number, data)`.
fn register(function: &str, number: usize, data: &impl Serialize) -> String {
    let json = serde_json::to_string(data).expect("index data serialises");
    format!("knead.{function}({number},{json});\n")
}

/// Where an excerpt of a sentence longer than `EXCERPT_CHARS` centres: the sentence's length in
/// characters, and the first word that stems to the excerpt's term, in characters and in bytes
/// (the start when no word does, as for a synonym's term).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Anchor {
    chars: usize,
    at_char: usize,
    at_byte: usize,
}

/// The anchor of every excerpt taken from a long sentence, by (term, page). Each sentence is read
/// once for all the terms that show it: reading it again per term made one paragraph of 130 kB,
/// with thousands of distinct words and so thousands of excerpts, take 12 s.
fn anchors(
    docs: &[DocText],
    terms: &[Term],
    word_term: &FxHashMap<String, u32>,
) -> FxHashMap<(u32, u32), Anchor> {
    let mut wanted: FxHashMap<(u32, u32), Vec<u32>> = FxHashMap::default();
    for (i, term) in terms.iter().enumerate() {
        for &(doc, sentence) in &term.excerpts {
            if let Some(s) = sentence {
                wanted.entry((doc, s)).or_default().push(i as u32);
            }
        }
    }
    wanted
        .into_par_iter()
        .flat_map_iter(|((doc, s), terms)| {
            let sentence = docs[doc as usize].sentences.get(s as usize);
            sentence_anchors(sentence, terms, word_term)
                .into_iter()
                .map(move |(term, anchor)| ((term, doc), anchor))
        })
        .collect()
}

/// The anchors of `terms` in `sentence`, in one pass; none when the whole sentence is the excerpt.
fn sentence_anchors(
    sentence: &str,
    terms: Vec<u32>,
    word_term: &FxHashMap<String, u32>,
) -> Vec<(u32, Anchor)> {
    let chars = sentence.chars().count();
    if chars <= EXCERPT_CHARS {
        return Vec::new();
    }
    let mut left: FxHashMap<u32, Anchor> = terms
        .into_iter()
        .map(|t| {
            (
                t,
                Anchor {
                    chars,
                    ..Anchor::default()
                },
            )
        })
        .collect();
    let mut found = Vec::with_capacity(left.len());
    let mut word_start: Option<(usize, usize)> = None;
    let mut folded = String::new();
    let ends = std::iter::once((sentence.len(), ' '));
    for (at_char, (at_byte, c)) in sentence.char_indices().chain(ends).enumerate() {
        if is_word_char(c) {
            word_start.get_or_insert((at_byte, at_char));
        } else if let Some((start, start_char)) = word_start.take() {
            folded.clear();
            tokens::fold_into(&sentence[start..at_byte], &mut folded);
            let Some(term) = word_term.get(folded.as_str()) else {
                continue;
            };
            if let Some(mut anchor) = left.remove(term) {
                anchor.at_char = start_char;
                anchor.at_byte = start;
                found.push((*term, anchor));
                if left.is_empty() {
                    break;
                }
            }
        }
    }
    found.extend(left);
    found
}

/// The part of `sentence` around its anchor, at most `EXCERPT_CHARS` long: the whole sentence when
/// it has no anchor (it is short enough).
fn excerpt(sentence: &str, anchor: Option<Anchor>) -> String {
    let Some(Anchor {
        chars: total,
        at_char: position,
        at_byte,
    }) = anchor
    else {
        return sentence.to_string();
    };
    let start = position
        .saturating_sub(EXCERPT_CHARS / 3)
        .min(total.saturating_sub(EXCERPT_CHARS));
    // The excerpt starts at most `EXCERPT_CHARS` characters before the anchor: walk back from it
    // rather than count from the sentence's start.
    let start_byte = match position - start {
        0 => at_byte,
        back => sentence[..at_byte]
            .char_indices()
            .rev()
            .nth(back - 1)
            .map_or(0, |(i, _)| i),
    };
    let text: String = sentence[start_byte..].chars().take(EXCERPT_CHARS).collect();
    cut_at_words(text, start > 0, start + EXCERPT_CHARS < total)
}

/// A window of a sentence cut at word boundaries, so no word is shown in part, with `…` where
/// the sentence goes on before (`more_before`) or after (`more_after`) it.
fn cut_at_words(mut text: String, more_before: bool, more_after: bool) -> String {
    if more_before && let Some(space) = text.find(' ') {
        text = format!("…{}", &text[space + 1..]);
    }
    if more_after {
        if let Some(space) = text.rfind(' ') {
            text.truncate(space);
        }
        text.push('…');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, postings: usize) -> Term {
        Term {
            text: text.into(),
            pages: postings,
            postings: vec![(0, 1); postings],
            excerpts: Vec::new(),
        }
    }

    #[test]
    fn shards_keep_two_letter_groups_together() {
        let named = |terms: &[Term], shards: Vec<Vec<usize>>| -> Vec<Vec<String>> {
            shards
                .iter()
                .map(|s| s.iter().map(|&i| terms[i].text.clone()).collect())
                .collect()
        };
        let terms: Vec<Term> = ["maa", "mab", "mya", "myb", "myc", "na", "nb", "nc"]
            .iter()
            .map(|t| term(t, 4000))
            .collect();
        // Equal sizes would cut after three terms; the groups move the cuts to prefix changes.
        assert_eq!(
            named(&terms, pack_shards(&terms, 3)),
            vec![
                vec!["maa", "mab"],
                vec!["mya", "myb", "myc"],
                vec!["na", "nb", "nc"]
            ]
        );
        // A group larger than a shard is split.
        let big: Vec<Term> = ["maa", "mab", "mac", "mad"]
            .iter()
            .map(|t| term(t, 4000))
            .collect();
        assert_eq!(
            named(&big, pack_shards(&big, 2)),
            vec![vec!["maa", "mab"], vec!["mac", "mad"]]
        );
    }

    #[test]
    fn small_terms_share_a_shard_whatever_the_budget() {
        let terms: Vec<Term> = ["maa", "mab", "na"].iter().map(|t| term(t, 100)).collect();
        assert_eq!(pack_shards(&terms, 3), vec![vec![0, 1, 2]]);
    }

    #[test]
    fn titles_give_urls_the_browser_can_work_out() {
        let served = Linker { portable: false };
        assert_eq!(
            derived_url(served, "causes", "Hip pain: the IT band (2024)").as_deref(),
            Some("causes/hip-pain-the-it-band-2024/")
        );
        let portable = Linker { portable: true };
        assert_eq!(
            derived_url(portable, "causes", "Sciatica").as_deref(),
            Some("causes/sciatica/index.html")
        );
        // Not plain ASCII, or nothing left of the title: the URL is stored instead.
        assert_eq!(derived_url(served, "causes", "Ischias – Überblick"), None);
        assert_eq!(derived_url(served, "causes", "???"), None);
    }

    #[test]
    fn one_small_term_is_one_shard() {
        let terms: Vec<Term> = ["maa"].iter().map(|t| term(t, 1)).collect();
        assert_eq!(pack_shards(&terms, 3), vec![vec![0]]);
    }

    #[test]
    fn field_weights_rank_title_above_headings_above_summary_above_body() {
        // Four pages use term 0 once each, in a different field; each has the same length.
        let per_doc: Vec<Vec<TermCount>> = (0..4)
            .map(|field| {
                let mut tf = [0.0; FIELDS];
                tf[field] = 1.0;
                let mut filler = [1.0; FIELDS];
                filler[field] = 0.0;
                vec![
                    TermCount {
                        term: 0,
                        tf,
                        sentence: None,
                    },
                    TermCount {
                        term: 1,
                        tf: filler,
                        sentence: None,
                    },
                ]
            })
            .collect();
        let terms = score(&["hip", "other"], &per_doc);
        let impact = |doc: u32| terms[0].postings.iter().find(|p| p.0 == doc).unwrap().1;
        assert!(
            impact(0) > impact(1) && impact(1) > impact(2) && impact(2) > impact(3),
            "{:?}",
            terms[0].postings
        );
    }

    #[test]
    fn pages_get_the_synonyms_whose_phrases_they_use() {
        let page = |terms: &[u32]| -> Vec<TermCount> {
            terms
                .iter()
                .map(|&t| TermCount {
                    term: t,
                    tf: [0.0, 0.0, 0.0, 1.0 + t as f32],
                    sentence: Some(t),
                })
                .collect()
        };
        let mut per_doc = vec![page(&[1, 2, 3]), page(&[1, 5])];
        // Term 10 for the phrase 1 2; 11 for 4; 12 for 3 or 1 (both on the first page).
        let synonyms = vec![
            (10, vec![vec![1, 2]]),
            (11, vec![vec![4]]),
            (12, vec![vec![3], vec![1]]),
        ];
        let index = SynonymIndex::new(&synonyms, &per_doc, 13);
        for terms in &mut per_doc {
            add_synonyms(terms, &index);
        }
        let got = |doc: usize| -> Vec<(u32, f32, Option<u32>)> {
            per_doc[doc]
                .iter()
                .map(|t| (t.term, t.tf[BODY], t.sentence))
                .collect()
        };
        assert_eq!(
            got(0),
            [
                (1, 2.0, Some(1)),
                (2, 3.0, Some(2)),
                (3, 4.0, Some(3)),
                (10, 2.0 * SYNONYM_WEIGHT, Some(1)),
                (12, 4.0 * SYNONYM_WEIGHT + 2.0 * SYNONYM_WEIGHT, Some(3)),
            ]
        );
        assert_eq!(
            got(1),
            [
                (1, 2.0, Some(1)),
                (5, 6.0, Some(5)),
                (12, 2.0 * SYNONYM_WEIGHT, Some(1)),
            ]
        );
    }

    #[test]
    fn rare_words_weigh_more_than_common_ones() {
        let page = |terms: &[u32]| -> Vec<TermCount> {
            terms
                .iter()
                .map(|&t| TermCount {
                    term: t,
                    tf: [0.0, 0.0, 0.0, 1.0],
                    sentence: None,
                })
                .collect()
        };
        // Term 0 is on every page, term 1 on one.
        let per_doc = vec![page(&[0, 1]), page(&[0]), page(&[0]), page(&[0])];
        let terms = score(&["common", "rare"], &per_doc);
        assert!(terms[1].postings[0].1 > terms[0].postings[0].1);
        assert_eq!(terms[0].pages, 4);
    }

    /// The excerpt of `term` in `sentence`.
    fn excerpt_of(sentence: &str, term: u32, word_term: &FxHashMap<String, u32>) -> String {
        let anchor = sentence_anchors(sentence, vec![term], word_term)
            .first()
            .map(|(_, a)| *a);
        excerpt(sentence, anchor)
    }

    #[test]
    fn excerpts_centre_on_the_word() {
        let long = format!(
            "{} massage helps {}",
            "word ".repeat(80),
            "tail ".repeat(80)
        );
        let mut map = FxHashMap::default();
        map.insert("massage".to_string(), 7u32);
        let text = excerpt_of(&long, 7, &map);
        assert!(text.contains("massage"), "{text}");
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.chars().count() <= EXCERPT_CHARS + 2);
    }

    /// The excerpt as first written: the sentence read from its start for each term.
    fn excerpt_by_counting(
        sentence: &str,
        term: u32,
        word_term: &FxHashMap<String, u32>,
    ) -> String {
        let total = sentence.chars().count();
        if total <= EXCERPT_CHARS {
            return sentence.to_string();
        }
        let mut position = 0;
        let mut word_start: Option<usize> = None;
        for (index, c) in sentence
            .char_indices()
            .chain(std::iter::once((sentence.len(), ' ')))
        {
            if is_word_char(c) {
                word_start.get_or_insert(index);
            } else if let Some(start) = word_start.take()
                && word_term.get(tokens::fold(&sentence[start..index]).as_str()) == Some(&term)
            {
                position = sentence[..start].chars().count();
                break;
            }
        }
        let start = position
            .saturating_sub(EXCERPT_CHARS / 3)
            .min(total.saturating_sub(EXCERPT_CHARS));
        let text: String = sentence.chars().skip(start).take(EXCERPT_CHARS).collect();
        cut_at_words(text, start > 0, start + EXCERPT_CHARS < total)
    }

    #[test]
    fn one_pass_excerpts_match_counting_from_the_start() {
        let words = [
            "Hip",
            "pain",
            "Étirement",
            "日本語",
            "x²",
            "massage",
            "😀",
            "stretches",
        ];
        let map: FxHashMap<String, u32> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (tokens::fold(w), i as u32))
            .collect();
        let mut sentences = vec!["Hip pain is short.".to_string()];
        for n in [40, 61, 97, 180, 300] {
            let mut s = String::new();
            for i in 0..n {
                s.push_str(words[(i * 5 + n) % words.len()]);
                s.push_str(if i % 7 == 0 { ", " } else { " " });
            }
            sentences.push(s);
        }
        for sentence in &sentences {
            let all: Vec<u32> = (0..=words.len() as u32).collect();
            let anchors: FxHashMap<u32, Anchor> = sentence_anchors(sentence, all.clone(), &map)
                .into_iter()
                .collect();
            for term in all {
                assert_eq!(
                    excerpt(sentence, anchors.get(&term).copied()),
                    excerpt_by_counting(sentence, term, &map),
                    "term {term} in {sentence}"
                );
            }
        }
    }
}
