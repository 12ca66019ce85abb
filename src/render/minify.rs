//! Minification with minify-html, applied to the templates once, when they are compiled, rather
//! than to every page: the pages come out minified (the Markdown's HTML is already compact) at a
//! fraction of the cost. Settings stay spec-compliant so the output still validates (quoted
//! attribute values where needed, the doctype and closing tags kept).

use std::sync::LazyLock;

fn config(templates: bool) -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = false;
    cfg.minify_doctype = false;
    cfg.keep_comments = false;
    // Templates reach minify-html with their Tera tags masked (see `template`); this keeps any
    // brace the masking left alone.
    cfg.preserve_brace_template_syntax = templates;
    // A Tera statement in text is masked as an SSI comment (see `mask`), which minify-html
    // keeps while it trims the whitespace around it as if it were not there.
    cfg.keep_ssi_comments = templates;
    cfg
}

static TEMPLATE: LazyLock<minify_html::Cfg> = LazyLock::new(|| config(true));
static PAGE: LazyLock<minify_html::Cfg> = LazyLock::new(|| config(false));

/// A template's source, minified, or `None` when it cannot be minified safely.
///
/// minify-html does not know Tera, so its tags are masked first (see `mask`), minify-html runs,
/// and the tags are put back. minify-html reorders attributes, so a masked piece must make sense
/// wherever its attribute goes: a tag in text or inside a quoted attribute value is masked
/// alone (a value's `{% %}` blocks must open and close inside it), and a start tag with Tera
/// syntax between its attributes, such as `<a {% if x %}hidden{% endif %}>`, has all its
/// attributes masked as one piece, left as written. Anything else (a placeholder lost or
/// doubled, say by a Tera tag inside an HTML comment) leaves the template as written.
pub fn template(source: &str) -> Option<String> {
    let (masked, pieces) = mask(source)?;
    let minified = String::from_utf8(minify_html::minify(masked.as_bytes(), &TEMPLATE)).ok()?;
    // minify-html drops a closing tag it finds no opening for; a template may close in one
    // block what it opened in another, so any lost closing tag leaves the template as written.
    if minified.matches("</").count() != masked.matches("</").count() {
        return None;
    }
    let mut out = String::with_capacity(minified.len() + source.len() / 4);
    let mut seen = vec![false; pieces.len()];
    let mut rest = minified.as_str();
    while let Some(at) = rest.find(OPEN) {
        let comment = rest[..at].ends_with(SSI_OPEN);
        out.push_str(&rest[..at - if comment { SSI_OPEN.len() } else { 0 }]);
        let after = &rest[at + OPEN.len_utf8()..];
        let end = after.find(CLOSE)?;
        let number: usize = after[..end].trim_end().parse().ok()?;
        if std::mem::replace(seen.get_mut(number)?, true) {
            return None;
        }
        out.push_str(pieces[number]);
        rest = &after[end + CLOSE.len_utf8()..];
        if comment {
            rest = rest.strip_prefix(SSI_CLOSE)?;
        }
    }
    out.push_str(rest);
    seen.iter().all(|&s| s).then_some(out)
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const SSI_OPEN: &str = "<!--#";
const SSI_CLOSE: &str = "-->";

/// The source with Tera masked by numbered placeholders, and the masked pieces in order.
/// Placeholders in text and values hold a space, so a value holding one keeps its quotes (the
/// text Tera puts there may hold spaces); one standing for a start tag's attributes is a single
/// attribute name. `None` when a Tera tag or a start tag is not closed, or the source already
/// holds the placeholder characters.
fn mask(source: &str) -> Option<(String, Vec<&str>)> {
    if source.contains([OPEN, CLOSE]) {
        return None;
    }
    let mut masked = String::with_capacity(source.len());
    let mut pieces: Vec<&str> = Vec::new();
    let mut at = 0;
    while at < source.len() {
        let rest = &source[at..];
        if let Some(len) = tera_tag(rest) {
            // {{ }} prints text, so it stands as text; a statement or comment prints nothing.
            if rest.starts_with("{{") {
                masked.push_str(&format!("{OPEN}{} {CLOSE}", pieces.len()));
            } else {
                masked.push_str(&format!(
                    "{SSI_OPEN}{OPEN}{}{CLOSE}{SSI_CLOSE}",
                    pieces.len()
                ));
            }
            pieces.push(&rest[..len]);
            at += len;
        } else if rest.starts_with('<') && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic())
        {
            let name_len = 1 + rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(rest.len() - 1);
            let attrs_len = start_tag_attributes(&rest[name_len..])?;
            let attrs = &rest[name_len..name_len + attrs_len];
            masked.push_str(&rest[..name_len]);
            match mask_values(attrs) {
                Some(values) => {
                    for (text, piece) in values {
                        match piece {
                            Some(piece) => {
                                masked.push_str(&format!("{OPEN}{} {CLOSE}", pieces.len()));
                                pieces.push(piece);
                            }
                            None => masked.push_str(text),
                        }
                    }
                }
                None => {
                    // Leave the attributes as written, as one attribute name minify-html can move.
                    let (body, end) = match attrs.strip_suffix('/') {
                        Some(body) => (body, "/"),
                        None => (attrs, ""),
                    };
                    masked.push_str(&format!(" {OPEN}{}{CLOSE}{end}", pieces.len()));
                    pieces.push(body.trim_start());
                }
            }
            at += name_len + attrs_len;
        } else {
            let c = rest.chars().next()?;
            masked.push(c);
            at += c.len_utf8();
        }
    }
    Some((masked, pieces))
}

/// The length of the Tera tag `text` starts with, if it starts with one.
fn tera_tag(text: &str) -> Option<usize> {
    let close = match text.get(..2)? {
        "{{" => "}}",
        "{%" => "%}",
        "{#" => "#}",
        _ => return None,
    };
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices().skip(2) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if text[i..].starts_with(close) => return Some(i + close.len()),
            None => {}
        }
    }
    // An unclosed tag: Tera rejects the template anyway.
    Some(text.len())
}

/// The length of a start tag's attributes (up to, not including, its `>`), skipping quoted
/// values and Tera tags, which may hold `>`.
fn start_tag_attributes(text: &str) -> Option<usize> {
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if let Some(len) = tera_tag(rest) {
            at += len;
            continue;
        }
        let c = rest.chars().next()?;
        match c {
            '>' => return Some(at),
            '"' | '\'' => at += 1 + quoted_len(&rest[1..], c)? + 1,
            _ => at += c.len_utf8(),
        }
    }
    None
}

/// A start tag's attributes split into plain text and Tera tags inside quoted values, or `None`
/// when Tera syntax stands between attributes or a value's blocks do not close inside it.
fn mask_values(attrs: &str) -> Option<Vec<(&str, Option<&str>)>> {
    let mut parts = Vec::new();
    let mut at = 0;
    let mut plain = 0;
    while at < attrs.len() {
        let rest = &attrs[at..];
        if tera_tag(rest).is_some() {
            return None;
        }
        let c = rest.chars().next()?;
        if c == '"' || c == '\'' {
            let value_len = quoted_len(&rest[1..], c)?;
            let value_start = at + 1;
            let value = &attrs[value_start..value_start + value_len];
            let mut depth = 0i32;
            let mut inner = 0;
            while inner < value.len() {
                let v = &value[inner..];
                if let Some(len) = tera_tag(v) {
                    depth += block_change(&v[..len]);
                    if depth < 0 {
                        return None;
                    }
                    parts.push((&attrs[plain..value_start + inner], None));
                    parts.push(("", Some(&v[..len])));
                    inner += len;
                    plain = value_start + inner;
                } else {
                    inner += v.chars().next()?.len_utf8();
                }
            }
            if depth != 0 {
                return None;
            }
            at = value_start + value_len + 1;
        } else {
            at += c.len_utf8();
        }
    }
    parts.push((&attrs[plain..], None));
    Some(parts)
}

/// The length of the quoted value `text` starts with (after its opening quote `quote`), up to
/// its closing quote; quotes inside Tera tags do not close it.
fn quoted_len(text: &str, quote: char) -> Option<usize> {
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if let Some(len) = tera_tag(rest) {
            at += len;
            continue;
        }
        let c = rest.chars().next()?;
        if c == quote {
            return Some(at);
        }
        at += c.len_utf8();
    }
    None
}

/// +1 for a Tera tag that opens a block, -1 for one that closes it, 0 otherwise.
fn block_change(tag: &str) -> i32 {
    if !tag.starts_with("{%") {
        return 0;
    }
    let word = tag
        .trim_start_matches("{%")
        .trim_start_matches('-')
        .split_whitespace()
        .next()
        .unwrap_or("");
    match word {
        "if" | "for" | "block" | "macro" | "filter" | "raw" | "with" => 1,
        w if w.starts_with("end") => -1,
        _ => 0,
    }
}

/// A whole page, minified: for tests that check minified templates make the same pages.
pub fn html(page: &str) -> Vec<u8> {
    minify_html::minify(page.as_bytes(), &PAGE)
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_doctype_and_language() {
        let out = super::html(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>A</title>\n</head>\n<body>\n<p>  a  </p>\n</body>\n</html>\n",
        );
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("<!doctype html><html lang=en>"), "{out}");
        assert!(
            out.contains("<p>a</p>") || out.contains("<p> a </p>"),
            "{out}"
        );
    }

    #[test]
    fn templates_keep_their_tera_syntax() {
        let source = "<ul class=\"list {{ kind }}\">\n  {% for item in items %}\n    <li class=\"{% if item.x == \"a %}\" %}on{% endif %}\">{{ item.title }}</li>\n  {% endfor %}\n</ul>\n";
        let out = super::template(source).expect("minifies");
        assert_eq!(
            out,
            "<ul class=\"list {{ kind }}\">{% for item in items %}<li class=\"{% if item.x == \"a %}\" %}on{% endif %}\">{{ item.title }}</li>{% endfor %}</ul>"
        );
    }

    #[test]
    fn a_start_tag_with_tera_between_attributes_keeps_its_attributes_as_written() {
        let source = "<p>\n <a href=\"{{ url }}\"{% if current %} aria-current=\"page\"{% endif %}>x</a>\n</p>";
        assert_eq!(
            super::template(source).as_deref(),
            Some(
                "<p><a href=\"{{ url }}\"{% if current %} aria-current=\"page\"{% endif %}>x</a></p>"
            )
        );
    }

    #[test]
    fn a_block_across_attribute_values_is_masked_with_its_tag() {
        let source = "<a title=\"{% if x %}a\" data-x=\"b{% endif %}\" href=x>y</a>";
        let out = super::template(source).expect("minifies");
        assert!(
            out.contains("title=\"{% if x %}a\" data-x=\"b{% endif %}\""),
            "{out}"
        );
    }

    #[test]
    fn a_closing_tag_opened_in_another_template_leaves_it_as_written() {
        assert_eq!(
            super::template("{% block x %}</section>{% endblock %}"),
            None
        );
    }

    #[test]
    fn inline_neighbours_keep_a_space() {
        let out = super::template("<p>x <a>b</a>\n{% if c %}\n<a>c</a>{% endif %} y</p>").unwrap();
        assert_eq!(out, "<p>x <a>b</a> {% if c %} <a>c</a>{% endif %} y</p>");
    }

    #[test]
    fn a_tera_tag_in_a_comment_leaves_the_template_as_written() {
        assert_eq!(super::template("<p>a</p><!-- {{ x }} --><p>b</p>"), None);
    }
}
