//! The Tera engine: the chosen theme's templates, with the site's templates/ folder overriding
//! any of them by name.

use std::collections::BTreeMap;

use tera::Tera;

use crate::error::{Error, ErrorKind};
use crate::load::{SourceText, Theme};

/// Template names the renderer uses; a theme must provide each.
pub const REQUIRED: &[&str] = &[
    "home.html",
    "collection.html",
    "article.html",
    "tags.html",
    "tag.html",
    "search.html",
    "quiz.html",
    "404.html",
];

/// The compiled templates, twice: minified, to render pages with, and as written, to render a
/// page again when it fails, so its error names the line the author wrote.
pub struct Templates {
    pub minified: Tera,
    pub as_written: Tera,
}

impl Templates {
    /// Sets a variable every template sees.
    pub fn insert_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.minified.global_context().insert(key, value);
        self.as_written.global_context().insert(key, value);
    }
}

/// Compiles the theme and overrides, minified and as written. Errors name the template files.
pub fn engine(
    theme: &Theme,
    overrides: &BTreeMap<String, SourceText>,
) -> Result<Templates, Vec<Error>> {
    let as_written = compile(theme, overrides, |text| text.to_string())?;
    // A template that cannot be minified safely is used as written (see `minify::template`);
    // one that compiles as written and not minified would be a minify-html bug: then every
    // template is used as written.
    let minified = compile(theme, overrides, |text| {
        super::minify::template(text).unwrap_or_else(|| text.to_string())
    })
    .unwrap_or_else(|_| as_written.clone());
    Ok(Templates {
        minified,
        as_written,
    })
}

fn compile(
    theme: &Theme,
    overrides: &BTreeMap<String, SourceText>,
    prepare: impl Fn(&str) -> String,
) -> Result<Tera, Vec<Error>> {
    let mut templates: BTreeMap<&str, &SourceText> = theme
        .templates
        .iter()
        .map(|(name, source)| (name.as_str(), source))
        .collect();
    for (name, source) in overrides {
        templates.insert(name.as_str(), source);
    }
    let mut errors = Vec::new();
    for name in REQUIRED {
        if !templates.contains_key(name) {
            errors.push(Error::file(
                format!("templates/{name}"),
                ErrorKind::Template("missing: the theme has no such template".into()),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let prepared: Vec<(&str, String)> = templates
        .iter()
        .map(|(name, source)| (*name, prepare(&source.text)))
        .collect();
    let mut tera = Tera::new();
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(prepared.iter().map(|(name, text)| (*name, text.as_str())))
        .map_err(|e| {
            // Tera names the template and line in its message; point at the file that holds it.
            let message = error_chain(&e);
            let path = templates
                .iter()
                .find(|(name, _)| message.contains(*name))
                .map_or_else(|| "templates".to_string(), |(_, s)| s.path.clone());
            vec![Error::file(path, ErrorKind::Template(message))]
        })?;
    Ok(tera)
}

/// Tera's autoescaping, with the same output (`&`, `<`, `>`, `"` and `'` become entities), but
/// writing each run of plain text at once: Tera's own writes a byte at a time, which cost a
/// tenth of a build.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut plain = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
    }
    out.write_all(&bytes[plain..])
}

/// A Tera error with its causes, on one line each.
pub fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_exactly_as_tera_does() {
        for text in [
            "",
            "plain",
            "<img src=x onerror=alert(1)>",
            "Tom & Jerry's \"show\"",
            "&&<<>>''\"\"",
            "ends with <",
            "café – naïve ½ 😀 <b>",
        ] {
            let mut ours = Vec::new();
            escape_html(text, &mut ours).unwrap();
            let mut theirs = Vec::new();
            tera::escape_html(text, &mut theirs).unwrap();
            assert_eq!(ours, theirs, "{text}");
        }
    }
}
