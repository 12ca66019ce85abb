//! Stage 2, model: turns loaded files into a validated `Site`: pages, collections, tags,
//! relations and backlinks, resolved `@/` links and anchors. No I/O. Every content error is
//! found here, with its file and line, and all of them are returned at once.
//!
//! 1. parse site.yaml and every Markdown file (in parallel) into `Parsed*` values;
//! 2. group articles into collections, drop drafts, give every article its id (its place in
//!    the site's reading order: collection order, then `order`, then title);
//! 3. resolve relations into forward links, backlinks and related pages, and tags;
//! 4. resolve every `@/` link and `#anchor`.

pub mod body;
pub(crate) mod care_card;
pub(crate) mod dialect;
pub(crate) mod front_matter;
pub(crate) mod page;
pub mod quiz;
pub(crate) mod slug;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::Value;

use crate::config::SiteConfig;
use crate::error::{Error, ErrorKind};
use crate::load::{CONTENT_DIR, Source, SourceText};
pub use body::Heading;
use body::ScannedBody;
use page::{FrontMatter, ParsedArticle, ParsedCollection, ParsedHome};

/// Folder names that would clash with pages knead makes itself.
pub const RESERVED_NAMES: &[&str] = &["tags", "search", "quiz", "static", "404"];

/// How the model treats drafts and where the site will live.
#[derive(Debug, Clone, Default)]
pub struct ModelOptions {
    pub drafts: bool,
    /// Replaces site.yaml's `base_url` (already checked and normalised).
    pub base_url: Option<String>,
}

/// The whole site, validated and linked.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub home: Home,
    pub collections: Vec<Collection>,
    /// Every published article in reading order; an article's index here is its id.
    pub articles: Vec<Article>,
    pub tags: Vec<Tag>,
    /// The symptom quiz, when content/quiz.yaml exists.
    pub quiz: Option<quiz::Quiz>,
    /// Files under content/ that are not Markdown, as paths below content/.
    pub assets: Vec<String>,
}

impl Site {
    /// Frees every page's plain text (`Body::text`), which only the search index and `check`
    /// read: a build drops it once the index is made, so rendering has the memory.
    pub fn drop_plain_text(&mut self) {
        let bodies = std::iter::once(&mut self.home.body)
            .chain(self.collections.iter_mut().map(|c| &mut c.intro))
            .chain(self.articles.iter_mut().map(|a| &mut a.body));
        for body in bodies {
            body.text = Default::default();
        }
    }
}

#[derive(Debug, Clone)]
pub struct Home {
    pub title: String,
    pub summary: String,
    pub extra: Value,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub struct Collection {
    /// The folder name: the URL segment and the relation key.
    pub name: String,
    pub title: String,
    pub summary: String,
    pub extra: Value,
    pub intro: Body,
    /// Article ids in reading order.
    pub articles: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Article {
    /// Each front matter key with its line in the file.
    pub key_lines: Vec<(String, usize)>,
    pub collection: usize,
    pub source_path: String,
    /// The front matter as read (its `tags` as written; `tags` below are the tag pages).
    pub front: FrontMatter,
    pub tags: Vec<usize>,
    pub body: Body,
    /// Pages this article or its backlinks relate to, in reading order, without repeats.
    pub related: Vec<usize>,
    pub previous: Option<usize>,
    pub next: Option<usize>,
}

impl Article {
    /// The line of a front matter key, or the first line when it is not there.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, l)| *l)
    }
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub articles: Vec<usize>,
}

/// A Markdown body with its links resolved.
#[derive(Debug, Clone)]
pub struct Body {
    pub markdown: String,
    pub headings: Vec<Heading>,
    pub words: usize,
    /// Every `@/` destination in the body, resolved.
    pub links: BTreeMap<String, LinkTarget>,
    /// Every other link and image, as written, with its line (for `knead check`).
    pub outbound: Vec<body::RawLink>,
    /// Images marked decorative, with their lines.
    pub decorative_images: Vec<body::RawLink>,
    /// The body's care cards, in order.
    pub care_cards: Vec<care_card::CareCard>,
    /// Heading texts and sentences, for the search index and the reading grade.
    pub text: std::sync::Arc<body::PlainText>,
}

impl Body {
    /// A scanned body with its `@/` links resolved (quiz text has none: an empty map).
    pub fn new(scanned: &ScannedBody, links: BTreeMap<String, LinkTarget>) -> Body {
        Body {
            markdown: scanned.markdown.clone(),
            headings: scanned.headings.clone(),
            words: scanned.words,
            links,
            outbound: scanned
                .links
                .iter()
                .filter(|l| !l.dest.starts_with("@/"))
                .cloned()
                .collect(),
            decorative_images: scanned.decorative_images.clone(),
            care_cards: scanned.care_cards.clone(),
            text: scanned.text.clone(),
        }
    }
}

/// Any page or file a link can point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageRef {
    Home,
    Collection(usize),
    Article(usize),
    Asset(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub page: PageRef,
    pub anchor: Option<String>,
}

/// A file that could not be parsed: its errors are recorded already.
#[derive(Clone)]
struct Failed {
    path: String,
    collection: Option<String>,
    stem: Option<String>,
    /// Its body, when the front matter could at least be split off.
    body: Option<Box<ScannedBody>>,
}

/// One Markdown file, parsed: its page (or what could be read of it) and its errors.
type FileResult = (Option<Parsed>, Vec<Error>);

/// A cached parse: the hash of the file's text (and of the collection names it was checked
/// against) and the result.
type CacheEntry = (u64, Arc<FileResult>);

/// What a Markdown file parsed into.
#[derive(Clone)]
enum Parsed {
    Home(Box<ParsedHome>),
    Collection(String, Box<ParsedCollection>),
    Article(String, Box<ParsedArticle>),
    Failed(Failed),
}

/// Parsed files of an earlier build, by path: `build_cached` parses again only the files whose
/// text changed (the preview's rebuilds).
#[derive(Default)]
pub struct ParseCache {
    files: HashMap<String, CacheEntry>,
}

fn parse_file(doc: &SourceText, names: &[String]) -> FileResult {
    let mut errs = Vec::new();
    let failed = |collection: Option<&str>, stem: Option<&str>, body| {
        Parsed::Failed(Failed {
            path: doc.path.clone(),
            collection: collection.map(str::to_string),
            stem: stem.map(str::to_string),
            body,
        })
    };
    let parsed = match place(&doc.path) {
        Ok(Place::Home) => Some(match page::parse_home(&doc.path, &doc.text, &mut errs) {
            Ok(h) => Parsed::Home(Box::new(h)),
            Err(body) => failed(None, None, body),
        }),
        Ok(Place::CollectionIndex(c)) => Some(
            match page::parse_collection(&doc.path, &doc.text, &mut errs) {
                Ok(p) => Parsed::Collection(c.to_string(), Box::new(p)),
                Err(body) => failed(Some(c), None, body),
            },
        ),
        Ok(Place::Article { collection, stem }) => Some(
            match page::parse_article(&doc.path, stem, &doc.text, names, &mut errs) {
                Ok(p) => Parsed::Article(collection.to_string(), Box::new(p)),
                Err(body) => failed(Some(collection), Some(stem), body),
            },
        ),
        Err(_) => None,
    };
    (parsed, errs)
}

/// Where a Markdown file sits in content/.
enum Place<'a> {
    Home,
    CollectionIndex(&'a str),
    Article { collection: &'a str, stem: &'a str },
}

fn place(path: &str) -> Result<Place<'_>, ErrorKind> {
    let inner = path.strip_prefix("content/").unwrap_or(path);
    let parts: Vec<&str> = inner.split('/').collect();
    match parts.as_slice() {
        ["_index.md"] => Ok(Place::Home),
        [collection, "_index.md"] => Ok(Place::CollectionIndex(collection)),
        [collection, file] => Ok(Place::Article { collection, stem: file.trim_end_matches(".md") }),
        [_] => Err(ErrorKind::Output(
            "pages directly in content/ are not supported: put the article in a collection folder, such as content/guides/".into(),
        )),
        _ => Err(ErrorKind::Output(
            "articles go directly in a collection folder (content/<collection>/<name>.md), not in a sub-folder".into(),
        )),
    }
}

/// Builds the validated site from loaded files, or returns every error found.
pub fn build(source: &Source, options: &ModelOptions) -> Result<Site, Vec<Error>> {
    build_cached(source, options, None)
}

/// `build`, taking the files whose text is unchanged from `cache` and leaving this build's
/// parses in it.
pub fn build_cached(
    source: &Source,
    options: &ModelOptions,
    cache: Option<&mut ParseCache>,
) -> Result<Site, Vec<Error>> {
    let mut errors = source.errors.clone();
    let themes: Vec<&str> = source.themes.keys().map(String::as_str).collect();
    let config =
        SiteConfig::parse(source.site_yaml.as_deref(), &themes, &mut errors).map(|mut config| {
            if options.base_url.is_some() {
                config.base_url.clone_from(&options.base_url);
            }
            config
        });
    let names = collection_names(source, &mut errors);
    let results = parse_files(source, &names, cache);
    let mut home = None;
    let mut indexes: HashMap<String, ParsedCollection> = HashMap::new();
    let mut by_collection: BTreeMap<String, Vec<ParsedArticle>> = BTreeMap::new();
    let mut failed = Vec::new();
    for (parsed, errs) in results {
        errors.extend(errs);
        match parsed {
            Some(Parsed::Home(h)) => home = Some(*h),
            Some(Parsed::Collection(name, c)) => {
                indexes.insert(name, *c);
            }
            Some(Parsed::Article(name, a)) => by_collection.entry(name).or_default().push(*a),
            Some(Parsed::Failed(f)) => failed.push(f),
            None => {}
        }
    }
    let assets = assets(source, &mut errors);
    let assembled = Assembled::assemble(names, indexes, by_collection, options.drafts, &mut errors);
    let Some(config) = config else {
        return Err(crate::error::sorted(errors));
    };
    let quiz_text = source
        .content_files
        .iter()
        .find(|f| f.path == quiz::QUIZ_FILE)
        .and_then(|f| crate::load::decode(&f.path, f.bytes.clone(), &mut errors));
    let site = assembled.link(
        config,
        home,
        assets,
        failed,
        quiz_text.as_deref(),
        &mut errors,
    );
    if errors.is_empty() {
        Ok(site)
    } else {
        Err(crate::error::sorted(errors))
    }
}

/// The collections: the folders that hold Markdown files, sorted; a reserved or invalid folder
/// name is an error.
fn collection_names(source: &Source, errors: &mut Vec<Error>) -> Vec<String> {
    let mut folders: BTreeSet<&str> = BTreeSet::new();
    for doc in &source.documents {
        match place(&doc.path) {
            Ok(Place::CollectionIndex(c) | Place::Article { collection: c, .. }) => {
                folders.insert(c);
            }
            Ok(Place::Home) => {}
            Err(kind) => errors.push(Error::file(&doc.path, kind)),
        }
    }
    let names: Vec<String> = folders.into_iter().map(str::to_string).collect();
    for name in &names {
        let folder = format!("{CONTENT_DIR}/{name}");
        if RESERVED_NAMES.contains(&name.as_str()) {
            let kind = ErrorKind::ReservedCollectionName(name.clone());
            errors.push(Error::file(&folder, kind));
        } else if !slug::is_valid_slug(name) {
            let kind = ErrorKind::InvalidCollectionName(name.clone());
            errors.push(Error::file(&folder, kind));
        }
    }
    names
}

/// Every Markdown file parsed in parallel (or taken from the cache when its text is unchanged),
/// each with its own errors, in path order.
fn parse_files(
    source: &Source,
    names: &[String],
    cache: Option<&mut ParseCache>,
) -> Vec<FileResult> {
    let names_key = {
        let mut h = rustc_hash::FxHasher::default();
        names.hash(&mut h);
        h.finish()
    };
    let results: Vec<(FileResult, Option<CacheEntry>)> = source
        .documents
        .par_iter()
        .map(|doc| {
            let Some(cache) = cache.as_deref() else {
                return (parse_file(doc, names), None);
            };
            let mut h = rustc_hash::FxHasher::default();
            (names_key, &doc.text).hash(&mut h);
            let key = h.finish();
            if let Some((known, parsed)) = cache.files.get(&doc.path)
                && *known == key
            {
                return ((**parsed).clone(), Some((key, Arc::clone(parsed))));
            }
            let parsed = parse_file(doc, names);
            let entry = (key, Arc::new(parsed.clone()));
            (parsed, Some(entry))
        })
        .collect();
    if let Some(cache) = cache {
        cache.files = source
            .documents
            .iter()
            .zip(&results)
            .filter_map(|(doc, (_, entry))| entry.clone().map(|e| (doc.path.clone(), e)))
            .collect();
    }
    results.into_iter().map(|(result, _)| result).collect()
}

/// The files beside the articles, by path below content/ (quiz.yaml is the quiz's source). A
/// file that looks like an article but is not named `.md` is an error: `Back.MD` or
/// `plan.markdown` would otherwise be copied as a file, and the article lost.
fn assets(source: &Source, errors: &mut Vec<Error>) -> Vec<String> {
    for file in &source.content_files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        let lower = name.to_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            let kind = ErrorKind::NotMarkdown(name.to_string());
            errors.push(Error::at(&file.path, 1, kind));
        }
    }
    source
        .content_files
        .iter()
        .map(|f| {
            f.path
                .strip_prefix("content/")
                .unwrap_or(&f.path)
                .to_string()
        })
        .filter(|p| p != "quiz.yaml")
        .collect()
}

/// A collection in navigation order: its folder name, its `_index.md` when it has one, and the
/// ids of its published articles in reading order.
struct GatheredCollection {
    name: String,
    index: Option<ParsedCollection>,
    articles: Vec<usize>,
}

/// A published article, and the collection it is in.
struct PlacedArticle {
    collection: usize,
    parsed: ParsedArticle,
}

/// Collections and articles in reading order, with slugs checked, before links are resolved.
struct Assembled {
    collections: Vec<GatheredCollection>,
    articles: Vec<PlacedArticle>,
    /// Paths (below content/) of drafts left out of this build.
    drafts: Vec<String>,
    /// Slugs of drafts left out, per collection name.
    draft_slugs: HashMap<String, HashSet<String>>,
}

impl Assembled {
    fn assemble(
        names: Vec<String>,
        mut indexes: HashMap<String, ParsedCollection>,
        mut by_collection: BTreeMap<String, Vec<ParsedArticle>>,
        include_drafts: bool,
        errors: &mut Vec<Error>,
    ) -> Assembled {
        let mut collections: Vec<(String, Option<ParsedCollection>)> = names
            .into_iter()
            .map(|n| {
                let index = indexes.remove(&n);
                (n, index)
            })
            .collect();
        // Navigation order: `order` first (collections without one last), then folder name.
        collections.sort_by(|(a_name, a), (b_name, b)| {
            let key =
                |c: &Option<ParsedCollection>| c.as_ref().and_then(|c| c.order).unwrap_or(i64::MAX);
            key(a).cmp(&key(b)).then_with(|| a_name.cmp(b_name))
        });

        let mut linker = Assembled {
            collections: Vec::new(),
            articles: Vec::new(),
            drafts: Vec::new(),
            draft_slugs: HashMap::new(),
        };
        for (collection_id, (name, index)) in collections.into_iter().enumerate() {
            let mut articles = by_collection.remove(&name).unwrap_or_default();
            duplicate_slugs(&articles, errors);
            let (published, drafts): (Vec<_>, Vec<_>) = articles
                .drain(..)
                .partition(|a| include_drafts || !a.front.draft);
            for d in drafts {
                linker
                    .drafts
                    .push(d.path.trim_start_matches("content/").to_string());
                linker
                    .draft_slugs
                    .entry(name.clone())
                    .or_default()
                    .insert(d.front.slug);
            }
            let mut published = published;
            // Reading order: `order` first (articles without one last), then title, then slug.
            published.sort_by(|a, b| {
                a.front
                    .order
                    .unwrap_or(i64::MAX)
                    .cmp(&b.front.order.unwrap_or(i64::MAX))
                    .then_with(|| {
                        a.front
                            .title
                            .to_lowercase()
                            .cmp(&b.front.title.to_lowercase())
                    })
                    .then_with(|| a.front.slug.cmp(&b.front.slug))
            });
            let mut ids = Vec::new();
            for a in published {
                ids.push(linker.articles.len());
                linker.articles.push(PlacedArticle {
                    collection: collection_id,
                    parsed: a,
                });
            }
            linker.collections.push(GatheredCollection {
                name,
                index,
                articles: ids,
            });
        }
        linker
    }

    /// Resolves relations, tags and links, and turns the parsed pages into the `Site`.
    fn link(
        self,
        config: SiteConfig,
        home: Option<ParsedHome>,
        assets: Vec<String>,
        failed: Vec<Failed>,
        quiz_text: Option<&str>,
        errors: &mut Vec<Error>,
    ) -> Site {
        let related = related_pages(
            &self.collections,
            &self.articles,
            &self.draft_slugs,
            &failed,
            errors,
        );
        let (tags, article_tags) = tag_pages(&self.articles, errors);
        let home = home.unwrap_or_else(|| ParsedHome {
            title: None,
            summary: String::new(),
            extra: Value::Object(Default::default()),
            body: body::scan("", 1),
        });
        let bodies = self.resolve_bodies(&home, &assets, &failed, errors);
        let home = Home {
            title: home.title.unwrap_or_else(|| config.title.clone()),
            summary: if home.summary.is_empty() {
                config.description.clone()
            } else {
                home.summary
            },
            extra: home.extra,
            body: bodies.home,
        };
        let Assembled {
            collections,
            articles,
            draft_slugs,
            ..
        } = self;
        let collections = finish_collections(collections, bodies.collections);
        let linked = Linked {
            bodies: bodies.articles,
            related,
            tags: article_tags,
        };
        let articles = finish_articles(articles, &collections, linked);
        let quiz = quiz_text.and_then(|text| {
            read_quiz(text, &collections, &articles, &draft_slugs, &failed, errors)
        });
        Site {
            config,
            home,
            collections,
            articles,
            tags,
            quiz,
            assets,
        }
    }

    /// Every page's body with its `@/` links and anchors resolved; files that failed have
    /// their links checked too, so every error shows at once.
    fn resolve_bodies(
        &self,
        home: &ParsedHome,
        assets: &[String],
        failed: &[Failed],
        errors: &mut Vec<Error>,
    ) -> ResolvedBodies {
        let collections = &self.collections;
        let articles = &self.articles;
        // Every page a `@/` link may name, by its path below content/.
        let mut targets: HashMap<String, PageRef> = HashMap::new();
        targets.insert("_index.md".into(), PageRef::Home);
        for (i, c) in collections.iter().enumerate() {
            targets.insert(format!("{}/_index.md", c.name), PageRef::Collection(i));
        }
        for (id, a) in articles.iter().enumerate() {
            let path = a.parsed.path.trim_start_matches("content/").to_string();
            targets.insert(path, PageRef::Article(id));
        }
        for (i, asset) in assets.iter().enumerate() {
            targets.insert(asset.clone(), PageRef::Asset(i));
        }
        let broken: Vec<String> = failed
            .iter()
            .map(|f| f.path.trim_start_matches("content/").to_string())
            .collect();
        let mut resolver = Resolver {
            targets,
            drafts: self.drafts.iter().map(String::as_str).collect(),
            broken: broken.iter().map(String::as_str).collect(),
            suggestions: Default::default(),
            anchors: HashMap::new(),
        };
        // Headings of every page, so anchors can be checked against the target.
        let headings = |page: PageRef| -> Option<&[Heading]> {
            match page {
                PageRef::Home => Some(&home.body.headings),
                PageRef::Collection(i) => Some(
                    collections[i]
                        .index
                        .as_ref()
                        .map_or(&[][..], |c| &c.body.headings),
                ),
                PageRef::Article(id) => Some(&articles[id].parsed.body.headings),
                PageRef::Asset(_) => None,
            }
        };
        let home_path = format!("{CONTENT_DIR}/_index.md");
        let home = resolver.resolve(&home_path, &home.body, &headings, errors);
        let collection_bodies = collections
            .iter()
            .map(|c| {
                let path = format!("{CONTENT_DIR}/{}/_index.md", c.name);
                let scanned = c
                    .index
                    .as_ref()
                    .map_or_else(|| body::scan("", 1), |c| c.body.clone());
                resolver.resolve(&path, &scanned, &headings, errors)
            })
            .collect();
        let article_bodies = articles
            .iter()
            .map(|a| resolver.resolve(&a.parsed.path, &a.parsed.body, &headings, errors))
            .collect();
        for f in failed {
            if let Some(body) = &f.body {
                resolver.resolve(&f.path, body, &headings, errors);
            }
        }
        ResolvedBodies {
            home,
            collections: collection_bodies,
            articles: article_bodies,
        }
    }
}

/// The bodies of the home page, the collections' intros and the articles, links resolved.
struct ResolvedBodies {
    home: Body,
    collections: Vec<Body>,
    articles: Vec<Body>,
}

/// What linking found for each article, by article id.
struct Linked {
    bodies: Vec<Body>,
    related: Vec<Vec<usize>>,
    tags: Vec<Vec<usize>>,
}

/// Tags: one page per distinct address, named as first written in reading order, numbered
/// alphabetically; and each article's tags, by those numbers.
fn tag_pages(articles: &[PlacedArticle], errors: &mut Vec<Error>) -> (Vec<Tag>, Vec<Vec<usize>>) {
    let mut tags: Vec<Tag> = Vec::new();
    let mut tag_ids: HashMap<String, usize> = HashMap::new();
    let mut article_tags: Vec<Vec<usize>> = vec![Vec::new(); articles.len()];
    for (id, placed) in articles.iter().enumerate() {
        let article = &placed.parsed;
        for name in &article.front.tags {
            let Some(tag_slug) = tag_address(article, name, errors) else {
                continue;
            };
            let tag_id = *tag_ids.entry(tag_slug.clone()).or_insert_with(|| {
                tags.push(Tag {
                    name: name.clone(),
                    slug: tag_slug,
                    articles: Vec::new(),
                });
                tags.len() - 1
            });
            // Articles are read in order, so a tag this article has already listed ends with
            // it: a check that stays cheap however often one article repeats a tag.
            if tags[tag_id].articles.last() != Some(&id) {
                article_tags[id].push(tag_id);
                tags[tag_id].articles.push(id);
            }
        }
    }
    // Tag pages are listed alphabetically; renumber so ids follow that order.
    let mut order: Vec<usize> = (0..tags.len()).collect();
    order.sort_by(|&a, &b| tags[a].slug.cmp(&tags[b].slug));
    let mut renumber = vec![0; tags.len()];
    for (new, &old) in order.iter().enumerate() {
        renumber[old] = new;
    }
    let mut sorted_tags: Vec<Option<Tag>> = tags.into_iter().map(Some).collect();
    let tags: Vec<Tag> = order
        .iter()
        .map(|&old| sorted_tags[old].take().expect("each tag once"))
        .collect();
    for list in &mut article_tags {
        for t in list.iter_mut() {
            *t = renumber[*t];
        }
    }
    (tags, article_tags)
}

/// A tag's address, or the error that it has none or one too long.
fn tag_address(article: &ParsedArticle, name: &str, errors: &mut Vec<Error>) -> Option<String> {
    let tag_slug = slug::words_id(name);
    let kind = if tag_slug.is_empty() {
        ErrorKind::InvalidTag(name.to_string())
    } else if tag_slug.len() > slug::MAX_NAME_BYTES {
        ErrorKind::TooLong {
            what: "tag",
            value: name.to_string(),
            bytes: tag_slug.len(),
            max: slug::MAX_NAME_BYTES,
        }
    } else {
        return Some(tag_slug);
    };
    errors.push(Error::at(&article.path, article.tags_line, kind));
    None
}

fn finish_collections(gathered: Vec<GatheredCollection>, intros: Vec<Body>) -> Vec<Collection> {
    gathered
        .into_iter()
        .zip(intros)
        .map(|(c, intro)| {
            let (title, summary, extra) = match c.index {
                Some(index) => (index.title, index.summary, index.extra),
                None => (
                    slug::readable(&c.name),
                    String::new(),
                    Value::Object(Default::default()),
                ),
            };
            Collection {
                name: c.name,
                title,
                summary,
                extra,
                intro,
                articles: c.articles,
            }
        })
        .collect()
}

fn finish_articles(
    placed: Vec<PlacedArticle>,
    collections: &[Collection],
    linked: Linked,
) -> Vec<Article> {
    // Each article's place in its collection, for previous and next.
    let mut places = vec![0; placed.len()];
    for c in collections {
        for (place, &id) in c.articles.iter().enumerate() {
            places[id] = place;
        }
    }
    placed
        .into_iter()
        .zip(linked.bodies)
        .zip(linked.related)
        .zip(linked.tags)
        .enumerate()
        .map(|(id, (((placed, body), related), tags))| {
            let PlacedArticle {
                collection,
                parsed: a,
            } = placed;
            let siblings = &collections[collection].articles;
            let place = places[id];
            Article {
                key_lines: a.key_lines,
                collection,
                source_path: a.path,
                front: a.front,
                tags,
                body,
                related,
                previous: place.checked_sub(1).map(|p| siblings[p]),
                next: siblings.get(place + 1).copied(),
            }
        })
        .collect()
}

/// The quiz, scoring published articles named `<collection>/<slug>`.
fn read_quiz(
    text: &str,
    collections: &[Collection],
    articles: &[Article],
    draft_slugs: &HashMap<String, HashSet<String>>,
    failed: &[Failed],
    errors: &mut Vec<Error>,
) -> Option<quiz::Quiz> {
    let pages: HashMap<String, usize> = articles
        .iter()
        .enumerate()
        .map(|(id, a)| {
            (
                format!("{}/{}", collections[a.collection].name, a.front.slug),
                id,
            )
        })
        .collect();
    let drafts: Vec<String> = draft_slugs
        .iter()
        .flat_map(|(c, slugs)| slugs.iter().map(move |s| format!("{c}/{s}")))
        .collect();
    let broken: Vec<String> = failed
        .iter()
        .map(|f| {
            let path = f.path.trim_start_matches("content/");
            path.trim_end_matches(".md").to_string()
        })
        .collect();
    let unpublished = quiz::Unpublished {
        drafts: &drafts,
        broken: &broken,
    };
    quiz::parse(text, &pages, unpublished, errors)
}

/// Two articles of one collection with one slug: an error on the file whose `slug:` line made
/// the clash, or else on the later file.
fn duplicate_slugs(articles: &[ParsedArticle], errors: &mut Vec<Error>) {
    let mut seen: HashMap<&str, &ParsedArticle> = HashMap::new();
    for a in articles {
        let Some(first) = seen.get(a.front.slug.as_str()) else {
            seen.insert(&a.front.slug, a);
            continue;
        };
        let (blamed, other) = match (a.slug_line, first.slug_line) {
            (None, Some(_)) => (*first, a),
            _ => (a, *first),
        };
        errors.push(Error::at(
            &blamed.path,
            blamed.slug_line.unwrap_or(1),
            ErrorKind::DuplicateSlug {
                slug: a.front.slug.clone(),
                other: other.path.clone(),
            },
        ));
    }
}

/// Each article's related pages, in reading order: the pages its relations name and those whose
/// relations name it. Each edge is visited once, so this is linear.
fn related_pages(
    collections: &[GatheredCollection],
    articles: &[PlacedArticle],
    draft_slugs: &HashMap<String, HashSet<String>>,
    failed: &[Failed],
    errors: &mut Vec<Error>,
) -> Vec<Vec<usize>> {
    let failed_pages: HashSet<(&str, &str)> = failed
        .iter()
        .filter_map(|f| Some((f.collection.as_deref()?, f.stem.as_deref()?)))
        .collect();
    let mut suggestions = crate::error::Suggestions::default();
    let slug_ids: HashMap<(usize, &str), usize> = articles
        .iter()
        .enumerate()
        .map(|(id, a)| ((a.collection, a.parsed.front.slug.as_str()), id))
        .collect();
    let collection_ids: HashMap<&str, usize> = collections
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    let mut related: Vec<Vec<usize>> = vec![Vec::new(); articles.len()];
    for (id, placed) in articles.iter().enumerate() {
        let article = &placed.parsed;
        for (key, slugs, line) in &article.relations {
            let Some(&target_collection) = collection_ids.get(key.as_str()) else {
                continue;
            };
            for slug in slugs {
                match slug_ids.get(&(target_collection, slug.as_str())) {
                    Some(&target) if target != id => {
                        related[id].push(target);
                        related[target].push(id);
                    }
                    Some(_) => {}
                    None if draft_slugs.get(key).is_some_and(|d| d.contains(slug)) => {}
                    // A page with errors of its own is reported there, not again here.
                    None if failed_pages.contains(&(key.as_str(), slug.as_str())) => {}
                    None => {
                        let candidates = collections[target_collection]
                            .articles
                            .iter()
                            .map(|&i| articles[i].parsed.front.slug.as_str());
                        errors.push(Error::at(
                            &article.path,
                            *line,
                            ErrorKind::UnknownRelation {
                                key: key.clone(),
                                slug: slug.clone(),
                                suggestion: suggestions.closest(slug, candidates),
                            },
                        ));
                    }
                }
            }
        }
    }
    for list in &mut related {
        list.sort_unstable();
        list.dedup();
    }
    related
}

/// Resolves `@/` links against every page's path below content/.
struct Resolver<'a> {
    targets: HashMap<String, PageRef>,
    drafts: HashSet<&'a str>,
    /// Pages that failed to parse: links to them are not errors of the linking page.
    broken: HashSet<&'a str>,
    suggestions: crate::error::Suggestions,
    /// The heading ids of each page a link names an anchor of, gathered at the first such link:
    /// looking through the page's headings for every link made 20,000 links into a page of
    /// 20,000 headings cost 400 million comparisons.
    anchors: HashMap<PageRef, HashSet<String>>,
}

impl Resolver<'_> {
    fn resolve<'h>(
        &mut self,
        path: &str,
        scanned: &ScannedBody,
        headings: &dyn Fn(PageRef) -> Option<&'h [Heading]>,
        errors: &mut Vec<Error>,
    ) -> Body {
        let mut links = BTreeMap::new();
        for link in &scanned.links {
            let Some(rest) = link.dest.strip_prefix("@/") else {
                continue;
            };
            let (file, anchor) = match rest.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (rest, None),
            };
            let Some(&page) = self.targets.get(file) else {
                if self.broken.contains(file) {
                    continue;
                }
                let kind = if self.drafts.contains(file) {
                    ErrorKind::LinkToDraft(link.dest.clone())
                } else {
                    let suggestion = self
                        .suggestions
                        .closest(file, self.targets.keys().map(String::as_str))
                        .map(|s| format!("@/{s}"));
                    ErrorKind::UnknownLink {
                        target: link.dest.clone(),
                        suggestion,
                    }
                };
                errors.push(Error::at(path, link.line, kind));
                continue;
            };
            if let (Some(anchor), Some(target_headings)) = (anchor, headings(page))
                && !self
                    .anchors
                    .entry(page)
                    .or_insert_with(|| target_headings.iter().map(|h| h.id.clone()).collect())
                    .contains(anchor)
            {
                let suggestion = self
                    .suggestions
                    .closest(anchor, target_headings.iter().map(|h| h.id.as_str()));
                errors.push(Error::at(
                    path,
                    link.line,
                    ErrorKind::UnknownAnchor {
                        target: link.dest.clone(),
                        anchor: anchor.to_string(),
                        suggestion,
                    },
                ));
                continue;
            }
            links.insert(
                link.dest.clone(),
                LinkTarget {
                    page,
                    anchor: anchor.map(str::to_string),
                },
            );
        }
        Body::new(scanned, links)
    }
}
