//! Where each page lives in the output and how one page links to another. Every link knead
//! writes is relative, so one build works at a domain's root, under any sub-path, and (with
//! `--portable`) straight from a folder.

use crate::model::{PageRef, Site};

/// The output folder of a page, relative to the site root: `""` for the home page,
/// `causes/` for a collection, `causes/poor-posture/` for an article.
pub fn route(site: &Site, page: PageRef) -> String {
    match page {
        PageRef::Home => String::new(),
        PageRef::Collection(c) => format!("{}/", site.collections[c].name),
        PageRef::Article(id) => {
            let a = &site.articles[id];
            format!("{}/{}/", site.collections[a.collection].name, a.front.slug)
        }
        PageRef::Asset(i) => site.assets[i].clone(),
    }
}

pub fn tag_route(slug: &str) -> String {
    format!("tags/{slug}/")
}

pub const TAGS_ROUTE: &str = "tags/";
pub const SEARCH_ROUTE: &str = "search/";
pub const QUIZ_ROUTE: &str = "quiz/";

/// Turns routes into the strings templates print.
#[derive(Debug, Clone, Copy)]
pub struct Linker {
    pub portable: bool,
}

impl Linker {
    /// A route as linked from the site root: folders end in `/`, or in `/index.html` when portable
    /// (a browser reading files from disk does not open a folder's index.html by itself).
    pub fn path(&self, route: &str) -> String {
        if self.portable && (route.is_empty() || route.ends_with('/')) {
            format!("{route}index.html")
        } else {
            route.to_string()
        }
    }

    /// The prefix that leads from the page at `route` back to the site root: `./`, `../`, `../../`.
    pub fn root_from(&self, route: &str) -> String {
        let depth = route.matches('/').count();
        if depth == 0 {
            "./".to_string()
        } else {
            "../".repeat(depth)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_and_portable_paths() {
        let served = Linker { portable: false };
        let portable = Linker { portable: true };
        assert_eq!(served.path(""), "");
        assert_eq!(served.path("causes/a/"), "causes/a/");
        assert_eq!(portable.path(""), "index.html");
        assert_eq!(portable.path("causes/a/"), "causes/a/index.html");
        assert_eq!(portable.path("causes/img.png"), "causes/img.png");
    }

    #[test]
    fn roots() {
        let l = Linker { portable: false };
        assert_eq!(l.root_from(""), "./");
        assert_eq!(l.root_from("causes/"), "../");
        assert_eq!(l.root_from("causes/a/"), "../../");
    }
}
