//! The machine-readable files: sitemap.xml, the Atom feed of recently reviewed articles, and
//! robots.txt. Their URLs are absolute when the site has a base URL, and relative to the site
//! root when it does not.

use std::fmt::Write;

use crate::model::{PageRef, Site};
use crate::render::urls::{TAGS_ROUTE, route, tag_route};

/// How many articles the feed lists.
pub const FEED_ENTRIES: usize = 20;

pub fn sitemap(site: &Site) -> String {
    let base = site.config.base_url.as_deref().unwrap_or("");
    let mut rows: Vec<(String, Option<String>)> = vec![(String::new(), None)];
    rows.extend((0..site.collections.len()).map(|i| (route(site, PageRef::Collection(i)), None)));
    rows.extend(site.articles.iter().enumerate().map(|(id, a)| {
        (
            route(site, PageRef::Article(id)),
            a.front.reviewed.map(|d| d.format("%Y-%m-%d").to_string()),
        )
    }));
    if !site.tags.is_empty() {
        rows.push((TAGS_ROUTE.to_string(), None));
        rows.extend(site.tags.iter().map(|t| (tag_route(&t.slug), None)));
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (page_route, lastmod) in rows {
        let _ = write!(
            xml,
            "<url><loc>{}</loc>",
            escape(&format!("{base}{}", encode_path(&page_route)))
        );
        if let Some(date) = lastmod {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// An Atom feed of the most recently reviewed articles, newest first.
pub fn atom(site: &Site) -> String {
    let config = &site.config;
    let base = config.base_url.as_deref().unwrap_or("");
    let id_base = match &config.base_url {
        Some(url) => url.clone(),
        None => format!("urn:knead:{}:", crate::model::slug::words_id(&config.title)),
    };
    let mut dated: Vec<(usize, chrono::NaiveDate)> = site
        .articles
        .iter()
        .enumerate()
        .filter_map(|(id, a)| a.front.reviewed.map(|d| (id, d)))
        .collect();
    dated.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    dated.truncate(FEED_ENTRIES);
    let updated = dated.first().map_or_else(
        || "1970-01-01".to_string(),
        |(_, d)| d.format("%Y-%m-%d").to_string(),
    );

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&config.language)
    );
    let _ = writeln!(xml, "<title>{}</title>", escape(&config.title));
    if !config.description.is_empty() {
        let _ = writeln!(xml, "<subtitle>{}</subtitle>", escape(&config.description));
    }
    let _ = writeln!(
        xml,
        "<link href=\"{}feed.xml\" rel=\"self\"/>",
        escape(base)
    );
    let _ = writeln!(
        xml,
        "<link href=\"{}\"/>",
        escape(if base.is_empty() { "./" } else { base })
    );
    let _ = writeln!(xml, "<id>{}</id>", escape(&id_base));
    let _ = writeln!(xml, "<updated>{updated}T00:00:00Z</updated>");
    let _ = writeln!(
        xml,
        "<author><name>{}</name></author>",
        escape(&config.title)
    );
    let _ = writeln!(xml, "<generator>knead</generator>");
    for (id, date) in dated {
        let a = &site.articles[id];
        let path = encode_path(&route(site, PageRef::Article(id)));
        xml.push_str("<entry>");
        let _ = write!(xml, "<title>{}</title>", escape(&a.front.title));
        let _ = write!(xml, "<link href=\"{}\"/>", escape(&format!("{base}{path}")));
        let _ = write!(xml, "<id>{}</id>", escape(&format!("{id_base}{path}")));
        let _ = write!(
            xml,
            "<updated>{}T00:00:00Z</updated>",
            date.format("%Y-%m-%d")
        );
        let _ = write!(xml, "<summary>{}</summary>", escape(&a.front.summary));
        if let Some(author) = &a.front.author {
            let _ = write!(xml, "<author><name>{}</name></author>", escape(author));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

pub fn robots(site: &Site) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &site.config.base_url {
        let _ = writeln!(text, "Sitemap: {base}sitemap.xml");
    }
    text
}

/// Escapes text for XML element content and double-quoted attribute values (`&`, `<`, `>`, `"`;
/// an apostrophe needs no escaping there).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// What a URL path keeps as it is: letters, digits and `-._~/`; every other byte is
/// percent-encoded (non-ASCII tag names, for instance).
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_encodes() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(encode_path("tags/étirement/"), "tags/%C3%A9tirement/");
    }
}
