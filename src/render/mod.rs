//! Stage 3, render: every page of the site as HTML, in parallel. No I/O.
//!
//! 1. compile the theme's templates (with the site's overrides) and set the site-wide context;
//! 2. for each page, render its Markdown (see `markdown`) and build its template context
//!    (see `context`), with every link relative to that page (see `urls`);
//! 3. render the template: minified once when compiled (see `minify`), so pages come out
//!    minified. The output stage writes the result.

pub(crate) mod context;
pub(crate) mod fingerprint;
pub mod markdown;
pub mod minify;
pub(crate) mod quiz;
pub(crate) mod strings;
pub(crate) mod templates;
pub mod urls;

use rayon::prelude::*;
use serde_json::json;

use crate::error::{Error, ErrorKind};
use crate::load::Source;
use crate::model::{Article, LinkTarget, PageRef, Site};
use context::*;
use urls::{Linker, QUIZ_ROUTE, SEARCH_ROUTE, TAGS_ROUTE, route, tag_route};

/// The theme component that writes a care card (see `partials/care-card.html`).
const CARE_CARD_COMPONENT: &str = "care_card";

#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub linker: Linker,
    /// Applied to each page's HTML in the same worker that renders it (a build keeps the
    /// bytes; `check` drops them), so no page is held twice.
    pub finish: fn(String) -> Vec<u8>,
    /// Render with the minified templates (see `minify`), as builds do; without, pages come
    /// out as the templates are written.
    pub minify: bool,
    /// The search index's fingerprint, added to its script URL.
    pub search_version: String,
}

/// One rendered HTML file, by its path in the output.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    pub file: String,
    /// The page as `RenderOptions::finish` made it.
    pub bytes: Vec<u8>,
}

/// Every page knead makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Collection(usize),
    Article(usize),
    Tags,
    Tag(usize),
    Search,
    Quiz,
    NotFound,
}

/// The pages of `site`, in the order they are rendered.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::Home];
    jobs.extend((0..site.collections.len()).map(Job::Collection));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    if !site.tags.is_empty() {
        jobs.push(Job::Tags);
        jobs.extend((0..site.tags.len()).map(Job::Tag));
    }
    jobs.push(Job::Search);
    if site.quiz.is_some() {
        jobs.push(Job::Quiz);
    }
    jobs.push(Job::NotFound);
    jobs
}

/// The route of a page (its folder, `causes/posture/`), relative to the site root. 404.html is
/// served at any address, so it has the root's.
pub fn route_of(site: &Site, job: Job) -> String {
    match job {
        Job::Home | Job::NotFound => String::new(),
        Job::Collection(c) => route(site, PageRef::Collection(c)),
        Job::Article(id) => route(site, PageRef::Article(id)),
        Job::Tags => TAGS_ROUTE.into(),
        Job::Tag(t) => tag_route(&site.tags[t].slug),
        Job::Search => SEARCH_ROUTE.into(),
        Job::Quiz => QUIZ_ROUTE.into(),
    }
}

/// The file a page is written to, relative to the output folder.
pub fn file_of(site: &Site, job: Job) -> String {
    match job {
        Job::NotFound => "404.html".into(),
        job => format!("{}index.html", route_of(site, job)),
    }
}

/// What a page kind hands to the renderer: its template, its context, and the file its
/// errors name.
struct PageSpec {
    template: &'static str,
    context: Result<tera::Context, tera::Error>,
    source: String,
}

impl PageSpec {
    fn new(template: &'static str, page: &impl serde::Serialize, source: String) -> PageSpec {
        PageSpec {
            template,
            context: tera::Context::from_serialize(page),
            source,
        }
    }
}

/// Renders the whole site.
pub fn render(
    site: &Site,
    source: &Source,
    options: &RenderOptions,
) -> Result<Vec<RenderedPage>, Vec<Error>> {
    render_where(site, source, options, |_| true)
}

/// Renders the pages `wanted` accepts (the preview's rebuilds render only what an edit changed;
/// see `fingerprint`), in `jobs` order.
pub fn render_where(
    site: &Site,
    source: &Source,
    options: &RenderOptions,
    wanted: impl Fn(&Job) -> bool,
) -> Result<Vec<RenderedPage>, Vec<Error>> {
    let theme_name = &site.config.theme;
    let theme = source.themes.get(theme_name).ok_or_else(|| {
        let kind = ErrorKind::UnknownTheme {
            name: theme_name.clone(),
            suggestion: None,
        };
        vec![Error::file(crate::config::SITE_FILE, kind)]
    })?;
    let mut templates = templates::engine(theme, &source.template_overrides)?;
    let strings =
        strings::Strings::for_language(theme, &site.config.language).map_err(|e| vec![e])?;
    let renderer = Renderer {
        site,
        linker: options.linker,
        finish: options.finish,
        strings,
    };
    templates.insert_global("site", &renderer.site_view(&options.search_version));
    templates.insert_global("strings", &renderer.strings);
    let tera = if options.minify {
        &templates.minified
    } else {
        &templates.as_written
    };

    let jobs: Vec<Job> = jobs(site).into_iter().filter(|job| wanted(job)).collect();
    let results: Vec<Result<RenderedPage, Error>> = jobs
        .par_iter()
        .map(|&job| {
            // A page that fails is rendered again as written, for its error's line numbers.
            renderer
                .page(tera, job)
                .or_else(|_| renderer.page(&templates.as_written, job))
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(crate::error::sorted(errors))
    }
}

struct Renderer<'s> {
    site: &'s Site,
    linker: Linker,
    finish: fn(String) -> Vec<u8>,
    strings: strings::Strings,
}

impl<'s> Renderer<'s> {
    fn site_view(&self, search_version: &str) -> SiteView<'s> {
        let site = self.site;
        SiteView {
            title: &site.config.title,
            description: &site.config.description,
            language: &site.config.language,
            base_url: site.config.base_url.as_deref(),
            nav: site
                .collections
                .iter()
                .enumerate()
                .map(|(i, c)| NavItem {
                    name: &c.name,
                    title: &c.title,
                    path: self.linker.path(&route(site, PageRef::Collection(i))),
                })
                .collect(),
            tags_path: self.linker.path(TAGS_ROUTE),
            has_tags: !site.tags.is_empty(),
            home_path: self.linker.path(""),
            generator: concat!("knead ", env!("CARGO_PKG_VERSION")),
            search_path: self.linker.path(SEARCH_ROUTE),
            search_version: search_version.to_string(),
            portable: self.linker.portable,
            quiz_path: site.quiz.as_ref().map(|_| self.linker.path(QUIZ_ROUTE)),
        }
    }

    /// The href of `to_route`, printed on a page whose root prefix is `root`.
    fn href(&self, root: &str, to_route: &str) -> String {
        format!("{root}{}", self.linker.path(to_route))
    }

    fn page_href(&self, root: &str, page: PageRef) -> String {
        self.href(root, &route(self.site, page))
    }

    fn card(&self, root: &str, id: usize) -> Card {
        let a = &self.site.articles[id];
        let c = &self.site.collections[a.collection];
        Card {
            title: a.front.title.clone(),
            summary: a.front.summary.clone(),
            href: self.page_href(root, PageRef::Article(id)),
            collection: c.name.clone(),
            collection_title: c.title.clone(),
            evidence: a.front.evidence.clone(),
        }
    }

    /// A body as HTML, its care cards written by the theme's `care_card` component (or knead's
    /// plain markup when the theme has none). Errors name `source`, the body's file.
    fn markdown(
        &self,
        tera: &tera::Tera,
        root: &str,
        body: &crate::model::Body,
        source: &str,
    ) -> Result<String, Error> {
        let href = |target: &LinkTarget| {
            let mut href = self.page_href(root, target.page);
            if let Some(anchor) = &target.anchor {
                href.push('#');
                href.push_str(anchor);
            }
            href
        };
        let card = |card: &markdown::CareCardHtml| {
            if !tera.contains_component(CARE_CARD_COMPONENT) {
                return Ok(markdown::plain_care_card(card));
            }
            let mut context = tera::Context::new();
            context.insert("kind", card.kind);
            context.insert("level", &card.level);
            context.insert("id", card.id);
            context.insert("heading", &card.heading);
            tera.render_component(CARE_CARD_COMPONENT, &context, Some(&card.content), true)
                .map_err(|e| format!("care card: {}", templates::error_chain(&e)))
        };
        markdown::to_html_with_cards(body, &href, &card, &self.strings)
            .map_err(|message| Error::file(source, ErrorKind::Template(message)))
    }

    fn canonical(&self, page_route: &str) -> Option<String> {
        self.site
            .config
            .base_url
            .as_ref()
            .map(|base| format!("{base}{page_route}"))
    }

    fn head_title(&self, title: &str) -> String {
        let site_title = &self.site.config.title;
        if title == site_title {
            title.to_string()
        } else {
            format!("{title} – {site_title}")
        }
    }

    fn chrome(
        &self,
        kind: &'static str,
        page_route: &str,
        title: &'s str,
        description: &'s str,
    ) -> Chrome<'s> {
        let root = self.linker.root_from(page_route);
        let home = Link {
            title: self.strings.home.clone(),
            href: self.href(&root, ""),
        };
        Chrome {
            root,
            kind,
            section: None,
            title,
            head_title: self.head_title(title),
            description,
            canonical: self.canonical(page_route),
            og_type: "website",
            json_ld: None,
            breadcrumbs: vec![home],
        }
    }

    /// Renders one page: its kind's function gives the template and context, `file_of` the
    /// file it is written to.
    fn page(&self, tera: &tera::Tera, job: Job) -> Result<RenderedPage, Error> {
        let site = self.site;
        let page_route = route_of(site, job);
        let spec = match job {
            Job::Home => self.home_page(tera)?,
            Job::Collection(i) => self.collection_page(tera, i, &page_route)?,
            Job::Article(id) => {
                let a = &site.articles[id];
                let page = self.article_page(tera, a, &page_route)?;
                PageSpec::new("article.html", &page, a.source_path.clone())
            }
            Job::Tags => self.tags_page(&page_route),
            Job::Tag(i) => self.tag_page(i, &page_route),
            Job::Search => self.search_page(&page_route),
            Job::Quiz => self.quiz_page(tera, &page_route)?,
            Job::NotFound => self.not_found_page(),
        };
        let PageSpec {
            template,
            context,
            source,
        } = spec;
        let context = context
            .map_err(|e| Error::file(&source, ErrorKind::Template(templates::error_chain(&e))))?;
        let html = tera.render(template, &context).map_err(|e| {
            Error::file(
                &source,
                ErrorKind::Template(format!("{template}: {}", templates::error_chain(&e))),
            )
        })?;
        Ok(RenderedPage {
            file: file_of(site, job),
            bytes: (self.finish)(html),
        })
    }

    fn home_page(&self, tera: &tera::Tera) -> Result<PageSpec, Error> {
        let site = self.site;
        let mut chrome = self.chrome("home", "", &site.home.title, &site.home.summary);
        let root = chrome.root.clone();
        chrome.breadcrumbs.clear();
        chrome.json_ld = self.json_ld(&chrome, None);
        let collection_card = |(i, c): (usize, &'s crate::model::Collection)| CollectionCard {
            name: &c.name,
            title: &c.title,
            summary: &c.summary,
            href: self.page_href(&root, PageRef::Collection(i)),
            count: c.articles.len(),
            articles: c
                .articles
                .iter()
                .map(|&id| Link {
                    title: site.articles[id].front.title.clone(),
                    href: self.page_href(&root, PageRef::Article(id)),
                })
                .collect(),
        };
        let page = HomePage {
            home: HomeView {
                title: &site.home.title,
                summary: &site.home.summary,
                content: self.markdown(tera, &root, &site.home.body, HOME_FILE)?,
                collections: site
                    .collections
                    .iter()
                    .enumerate()
                    .map(collection_card)
                    .collect(),
                extra: &site.home.extra,
            },
            chrome,
        };
        Ok(PageSpec::new("home.html", &page, HOME_FILE.to_string()))
    }

    fn collection_page(
        &self,
        tera: &tera::Tera,
        i: usize,
        page_route: &str,
    ) -> Result<PageSpec, Error> {
        let c = &self.site.collections[i];
        let mut chrome = self.chrome("collection", page_route, &c.title, &c.summary);
        chrome.section = Some(&c.name);
        chrome.json_ld = self.json_ld(&chrome, None);
        let root = chrome.root.clone();
        let source = format!("content/{}/_index.md", c.name);
        let page = CollectionPage {
            collection: CollectionView {
                name: &c.name,
                title: &c.title,
                summary: &c.summary,
                content: self.markdown(tera, &root, &c.intro, &source)?,
                cards: c.articles.iter().map(|&id| self.card(&root, id)).collect(),
                extra: &c.extra,
            },
            chrome,
        };
        Ok(PageSpec::new("collection.html", &page, source))
    }

    fn tags_page(&self, page_route: &str) -> PageSpec {
        let site = self.site;
        let strings = &self.strings;
        let mut chrome = self.chrome(
            "tags",
            page_route,
            &strings.all_topics,
            &strings.all_topics_summary,
        );
        chrome.section = Some("tags");
        let root = chrome.root.clone();
        let page = TagsPage {
            tags: site
                .tags
                .iter()
                .map(|t| TagLink {
                    name: &t.name,
                    href: self.href(&root, &tag_route(&t.slug)),
                    count: t.articles.len(),
                })
                .collect(),
            chrome,
        };
        PageSpec::new("tags.html", &page, "tags".into())
    }

    fn tag_page(&self, i: usize, page_route: &str) -> PageSpec {
        let t = &self.site.tags[i];
        let mut chrome = self.chrome("tag", page_route, &t.name, "");
        chrome.section = Some("tags");
        let root = chrome.root.clone();
        chrome.breadcrumbs.push(Link {
            title: self.strings.all_topics.clone(),
            href: self.href(&root, TAGS_ROUTE),
        });
        let page = TagPage {
            tag: &t.name,
            cards: t.articles.iter().map(|&id| self.card(&root, id)).collect(),
            chrome,
        };
        PageSpec::new("tag.html", &page, "tags".into())
    }

    fn search_page(&self, page_route: &str) -> PageSpec {
        let strings = &self.strings;
        let mut chrome = self.chrome(
            "search",
            page_route,
            &strings.search,
            &strings.search_summary,
        );
        chrome.canonical = None;
        let page = SearchPage { chrome };
        PageSpec::new("search.html", &page, "search".into())
    }

    fn quiz_page(&self, tera: &tera::Tera, page_route: &str) -> Result<PageSpec, Error> {
        let quiz = self
            .site
            .quiz
            .as_ref()
            .expect("a quiz job only when there is a quiz");
        let summary = &self.strings.quiz_summary;
        let mut chrome = self.chrome("quiz", page_route, &quiz.title, summary);
        chrome.section = Some("quiz");
        let root = chrome.root.clone();
        let page = QuizPage {
            quiz: self.quiz_view(tera, quiz, &root)?,
            chrome,
        };
        let source = crate::model::quiz::QUIZ_FILE.into();
        Ok(PageSpec::new("quiz.html", &page, source))
    }

    fn not_found_page(&self) -> PageSpec {
        let mut chrome = self.chrome("404", "", &self.strings.not_found, "");
        // A host serves 404.html at any address, so relative links cannot work there:
        // with a base URL the page links absolutely, without one it assumes the site root.
        chrome.root = self
            .site
            .config
            .base_url
            .clone()
            .unwrap_or_else(|| "/".to_string());
        chrome.canonical = None;
        chrome.breadcrumbs = vec![Link {
            title: self.strings.home.clone(),
            href: chrome.root.clone(),
        }];
        let page = NotFoundPage { chrome };
        PageSpec::new("404.html", &page, "404".into())
    }

    fn article_page(
        &self,
        tera: &tera::Tera,
        a: &'s Article,
        page_route: &str,
    ) -> Result<ArticlePage<'s>, Error> {
        let site = self.site;
        let c = &site.collections[a.collection];
        let mut chrome = self.chrome("article", page_route, &a.front.title, &a.front.summary);
        chrome.section = Some(&c.name);
        chrome.og_type = "article";
        let root = chrome.root.clone();
        let collection = Link {
            title: c.title.clone(),
            href: self.page_href(&root, PageRef::Collection(a.collection)),
        };
        chrome.breadcrumbs.push(collection.clone());
        chrome.json_ld = self.json_ld(&chrome, Some(a));

        let mut related: Vec<RelatedGroup> = Vec::new();
        for &other in &a.related {
            let card = self.card(&root, other);
            match related.last_mut() {
                Some(group) if group.name == card.collection => group.items.push(card),
                _ => related.push(RelatedGroup {
                    name: card.collection.clone(),
                    title: card.collection_title.clone(),
                    items: vec![card],
                }),
            }
        }
        let headings = &a.body.headings;
        let toc = if headings.iter().filter(|h| h.level == 2).count() >= 3 {
            headings
                .iter()
                .filter(|h| h.level <= 3)
                .map(|h| TocItem {
                    level: h.level,
                    id: h.id.clone(),
                    text: h.text.clone(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let link_to = |other: usize| Link {
            title: site.articles[other].front.title.clone(),
            href: self.page_href(&root, PageRef::Article(other)),
        };
        Ok(ArticlePage {
            article: ArticleView {
                title: &a.front.title,
                summary: &a.front.summary,
                content: self.markdown(tera, &root, &a.body, &a.source_path)?,
                toc,
                reading_minutes: a.body.words.div_ceil(200).max(1),
                collection,
                collection_name: &c.name,
                tags: a
                    .tags
                    .iter()
                    .map(|&t| Link {
                        title: site.tags[t].name.clone(),
                        href: self.href(&root, &tag_route(&site.tags[t].slug)),
                    })
                    .collect(),
                reviewed: a.front.reviewed.map(|d| self.date_view(d)),
                next_review: a.front.next_review.map(|d| self.date_view(d)),
                author: a.front.author.as_deref(),
                reviewer: a.front.reviewer.as_deref(),
                evidence: a.front.evidence.as_deref(),
                sources: &a.front.sources,
                related,
                previous: a.previous.map(link_to),
                next: a.next.map(link_to),
                extra: &a.front.extra,
            },
            chrome,
        })
    }

    fn quiz_view(
        &self,
        tera: &tera::Tera,
        quiz: &'s crate::model::quiz::Quiz,
        root: &str,
    ) -> Result<QuizView<'s>, Error> {
        let site = self.site;
        // Quiz text cannot hold `@/` links, so no link is rewritten.
        let markdown = |scanned: &crate::model::body::ScannedBody| {
            let body = crate::model::Body::new(scanned, Default::default());
            self.markdown(tera, root, &body, crate::model::quiz::QUIZ_FILE)
        };
        let mut red_flags = Vec::with_capacity(quiz.red_flags.len());
        for g in &quiz.red_flags {
            red_flags.push(RedFlagView {
                title: &g.title,
                message: markdown(&g.message)?,
                items: &g.items,
            });
        }
        let mut questions = Vec::with_capacity(quiz.questions.len());
        for (i, q) in quiz.questions.iter().enumerate() {
            questions.push(QuestionView {
                id: &q.id,
                number: i + 1,
                text: &q.text,
                help: q.help.as_ref().map(markdown).transpose()?,
                multiple: q.multiple,
                answers: q.answers.iter().map(|a| a.text.as_str()).collect(),
            });
        }
        Ok(QuizView {
            title: &quiz.title,
            intro: markdown(&quiz.intro)?,
            red_flags,
            questions,
            browse: site
                .collections
                .iter()
                .map(|c| RelatedGroup {
                    name: c.name.clone(),
                    title: c.title.clone(),
                    items: c.articles.iter().map(|&id| self.card(root, id)).collect(),
                })
                .collect(),
            data: quiz::data_json(site, quiz, self.linker),
        })
    }

    fn date_view(&self, date: chrono::NaiveDate) -> DateView {
        DateView {
            iso: date.format("%Y-%m-%d").to_string(),
            human: self.strings.date(date),
        }
    }

    /// Structured data for health pages, written only when the site has a base URL
    /// (its URLs must be absolute). `<` and `>` are escaped so no text can close the block.
    fn json_ld(&self, chrome: &Chrome, article: Option<&Article>) -> Option<String> {
        let url = chrome.canonical.as_ref()?;
        let site = self.site;
        let mut data = json!({
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": chrome.title,
            "url": url,
            "inLanguage": site.config.language,
            "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
            "isPartOf": {"@type": "WebSite", "name": site.config.title, "url": site.config.base_url},
        });
        if !chrome.description.is_empty() {
            data["description"] = json!(chrome.description);
        }
        if let Some(a) = article {
            data["about"] = json!({"@type": "Thing", "name": a.front.title});
            if let Some(date) = a.front.reviewed {
                data["lastReviewed"] = json!(date.format("%Y-%m-%d").to_string());
            }
            if let Some(reviewer) = &a.front.reviewer {
                data["reviewedBy"] = json!({"@type": "Person", "name": reviewer});
            }
            if let Some(author) = &a.front.author {
                data["author"] = json!({"@type": "Person", "name": author});
            }
            if !a.front.sources.is_empty() {
                data["citation"] = a
                    .front
                    .sources
                    .iter()
                    .map(|s| json!({"@type": "CreativeWork", "name": s.title, "url": s.url}))
                    .collect();
            }
        }
        Some(escape_json_for_script(&data.to_string()))
    }
}

/// The home page's source file, named in its errors.
const HOME_FILE: &str = "content/_index.md";

/// Makes JSON safe inside a `<script>` element: no `<`, `>` or `&` can end or alter the block.
pub fn escape_json_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
