//! What templates see: one `#[derive(Serialize)]` struct per kind of page, built from the model.
//! Every href is already relative to the page being rendered; templates do no URL arithmetic.

use serde::Serialize;
use serde_json::Value;

use crate::model::page::Citation;

/// Site-wide values, set once as Tera's global context.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: Option<&'a str>,
    /// Collections in navigation order; `path` is relative to the site root.
    pub nav: Vec<NavItem<'a>>,
    pub tags_path: String,
    pub has_tags: bool,
    pub home_path: String,
    pub generator: &'static str,
    /// The search page, relative to the site root.
    pub search_path: String,
    /// Fingerprint of the search index, appended to its script URL.
    pub search_version: String,
    /// Whether links name their index.html (a build for reading from a folder).
    pub portable: bool,
    /// The quiz page, relative to the site root, when the site has a quiz.
    pub quiz_path: Option<String>,
}

#[derive(Serialize)]
pub struct NavItem<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub path: String,
}

/// What every page has: head metadata, breadcrumbs and the way back to the root.
#[derive(Serialize)]
pub struct Chrome<'a> {
    /// Prefix from this page to the site root (`./`, `../`, `../../`), or the absolute base URL on the 404 page.
    pub root: String,
    pub kind: &'static str,
    /// The collection this page belongs to, for `aria-current` in the navigation.
    pub section: Option<&'a str>,
    pub title: &'a str,
    /// The document title in `<title>`.
    pub head_title: String,
    pub description: &'a str,
    pub canonical: Option<String>,
    pub og_type: &'static str,
    /// JSON-LD, already escaped for a `<script type="application/ld+json">` block.
    pub json_ld: Option<String>,
    pub breadcrumbs: Vec<Link>,
}

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub href: String,
}

/// An article as a card in a list.
#[derive(Serialize, Clone)]
pub struct Card {
    pub title: String,
    pub summary: String,
    pub href: String,
    pub collection: String,
    pub collection_title: String,
    pub evidence: Option<String>,
}

#[derive(Serialize)]
pub struct DateView {
    /// 2025-03-31, for `<time datetime>`.
    pub iso: String,
    /// 31 March 2025.
    pub human: String,
}

#[derive(Serialize)]
pub struct TocItem {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Serialize)]
pub struct RelatedGroup {
    pub name: String,
    pub title: String,
    pub items: Vec<Card>,
}

#[derive(Serialize)]
pub struct ArticleView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub content: String,
    pub toc: Vec<TocItem>,
    pub reading_minutes: usize,
    pub collection: Link,
    pub collection_name: &'a str,
    pub tags: Vec<Link>,
    pub reviewed: Option<DateView>,
    pub next_review: Option<DateView>,
    pub author: Option<&'a str>,
    pub reviewer: Option<&'a str>,
    pub evidence: Option<&'a str>,
    pub sources: &'a [Citation],
    pub related: Vec<RelatedGroup>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    pub extra: &'a Value,
}

#[derive(Serialize)]
pub struct ArticlePage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    pub article: ArticleView<'a>,
}

#[derive(Serialize)]
pub struct CollectionView<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub content: String,
    pub cards: Vec<Card>,
    pub extra: &'a Value,
}

#[derive(Serialize)]
pub struct CollectionPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    pub collection: CollectionView<'a>,
}

#[derive(Serialize)]
pub struct CollectionCard<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub href: String,
    pub count: usize,
    pub articles: Vec<Link>,
}

#[derive(Serialize)]
pub struct HomeView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub content: String,
    pub collections: Vec<CollectionCard<'a>>,
    pub extra: &'a Value,
}

#[derive(Serialize)]
pub struct HomePage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    pub home: HomeView<'a>,
}

#[derive(Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub href: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct TagsPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    pub tags: Vec<TagLink<'a>>,
}

#[derive(Serialize)]
pub struct TagPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    pub tag: &'a str,
    pub cards: Vec<Card>,
}

#[derive(Serialize)]
pub struct NotFoundPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
}

#[derive(Serialize)]
pub struct SearchPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
}

#[derive(Serialize)]
pub struct QuizPage<'a> {
    #[serde(flatten)]
    pub chrome: Chrome<'a>,
    pub quiz: QuizView<'a>,
}

#[derive(Serialize)]
pub struct QuizView<'a> {
    pub title: &'a str,
    pub intro: String,
    pub red_flags: Vec<RedFlagView<'a>>,
    pub questions: Vec<QuestionView<'a>>,
    /// Every article, by collection, for reading without JavaScript.
    pub browse: Vec<RelatedGroup>,
    /// Scores and page details, JSON already escaped for a script data block.
    pub data: String,
}

#[derive(Serialize)]
pub struct RedFlagView<'a> {
    pub title: &'a str,
    pub message: String,
    pub items: &'a [String],
}

#[derive(Serialize)]
pub struct QuestionView<'a> {
    pub id: &'a str,
    pub number: usize,
    pub text: &'a str,
    pub help: Option<String>,
    pub multiple: bool,
    pub answers: Vec<&'a str>,
}
