//! Themes: template and static files, read from themes/<name>/ or, for `default`, from the copy
//! embedded in the knead binary so that a site needs no themes/ folder of its own.

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};

use super::{Reader, SourceBytes, SourceText, decode};
use crate::error::Error;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// One theme's files.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name (`article.html`, `partials/nav.html`).
    pub templates: BTreeMap<String, SourceText>,
    /// Static files by path below the theme's static/ folder.
    pub static_files: Vec<SourceBytes>,
    /// The words knead writes itself, by language (`strings/en.yaml` is `en`).
    pub strings: BTreeMap<String, SourceText>,
}

/// Every theme in `root/themes/`, plus the built-in default unless the site has its own copy.
pub(crate) fn load_themes(reader: &Reader, errors: &mut Vec<Error>) -> BTreeMap<String, Theme> {
    let mut themes = BTreeMap::new();
    let folder = reader.root().join("themes");
    if folder.is_dir()
        && reader.stays_inside("themes", errors)
        && let Ok(entries) = std::fs::read_dir(folder)
    {
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        for name in names {
            if !reader.stays_inside(&format!("themes/{name}"), errors) {
                continue;
            }
            let theme = from_disk(reader, &name, errors);
            themes.insert(name, theme);
        }
    }
    themes
        .entry("default".to_string())
        .or_insert_with(embedded_default);
    themes
}

fn from_disk(reader: &Reader, name: &str, errors: &mut Vec<Error>) -> Theme {
    let base = format!("themes/{name}");
    let mut theme = Theme::default();
    for file in reader.read_tree(&format!("{base}/templates"), errors) {
        let template_name = file.path[base.len() + "/templates/".len()..].to_string();
        if let Some(text) = decode(&file.path, file.bytes, errors) {
            theme.templates.insert(
                template_name,
                SourceText {
                    path: file.path,
                    text,
                },
            );
        }
    }
    for file in reader.read_tree(&format!("{base}/strings"), errors) {
        let name = &file.path[base.len() + "/strings/".len()..];
        if let Some(language) = name.strip_suffix(".yaml")
            && !language.contains('/')
        {
            let language = language.to_string();
            if let Some(text) = decode(&file.path, file.bytes, errors) {
                let path = file.path;
                theme.strings.insert(language, SourceText { path, text });
            }
        }
    }
    theme.static_files = reader
        .read_tree(&format!("{base}/static"), errors)
        .into_iter()
        .map(|f| SourceBytes {
            path: f.path[base.len() + "/static/".len()..].to_string(),
            bytes: f.bytes,
        })
        .collect();
    theme
}

/// The default theme as compiled into the binary.
pub fn embedded_default() -> Theme {
    let mut theme = Theme::default();
    let mut files = Vec::new();
    collect(&DEFAULT_THEME, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, bytes) in files {
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let shown = format!("themes/default/{path}");
            theme
                .templates
                .insert(name.to_string(), SourceText { path: shown, text });
        } else if let Some(language) = path
            .strip_prefix("strings/")
            .and_then(|name| name.strip_suffix(".yaml"))
        {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let shown = format!("themes/default/{path}");
            theme
                .strings
                .insert(language.to_string(), SourceText { path: shown, text });
        } else if let Some(name) = path.strip_prefix("static/") {
            theme.static_files.push(SourceBytes {
                path: name.to_string(),
                bytes: bytes.to_vec(),
            });
        }
    }
    theme
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        out.push((path, file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}
