//! Stage 1, load: reads site.yaml, every file under content/, the themes and static/ from disk.
//! This and the output stage are the only code that touches the file system.

mod theme;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::SITE_FILE;
use crate::error::{Error, ErrorKind};

pub use theme::Theme;

/// Everything the later stages need from disk, as plain data.
pub struct Source {
    pub site_yaml: Option<String>,
    /// Markdown files under content/, sorted by path (relative to the root, `/`-separated).
    pub documents: Vec<SourceText>,
    /// Other files under content/ (images and the like), sorted by path.
    pub content_files: Vec<SourceBytes>,
    /// Themes found under themes/, plus the built-in `default` when there is none on disk.
    pub themes: BTreeMap<String, Theme>,
    /// Site-level template overrides from templates/, by template name.
    pub template_overrides: BTreeMap<String, SourceText>,
    /// Files under static/, copied to the output as they are.
    pub static_files: Vec<SourceBytes>,
    /// Files that exist but could not be read or decoded.
    pub errors: Vec<Error>,
}

/// A text file, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub path: String,
    pub text: String,
}

/// A file copied as it is, with its path relative to the folder it was found in.
#[derive(Debug, Clone)]
pub struct SourceBytes {
    pub path: String,
    pub bytes: Vec<u8>,
}

pub const CONTENT_DIR: &str = "content";

/// Reads the site at `root`.
pub fn load(root: &Path) -> Source {
    let mut errors = Vec::new();
    let site_yaml = match fs::read(root.join(SITE_FILE)) {
        Ok(bytes) => decode(SITE_FILE, bytes, &mut errors),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            errors.push(Error::file(SITE_FILE, ErrorKind::Read(e.to_string())));
            None
        }
    };

    let content = read_tree(root, CONTENT_DIR, &mut errors);
    let (markdown, other): (Vec<_>, Vec<_>) =
        content.into_iter().partition(|f| f.path.ends_with(".md"));
    let documents = markdown
        .into_iter()
        .filter_map(|f| {
            decode(&f.path, f.bytes, &mut errors).map(|text| SourceText { path: f.path, text })
        })
        .collect();

    let template_overrides = read_tree(root, "templates", &mut errors)
        .into_iter()
        .filter_map(|f| {
            let name = f
                .path
                .strip_prefix("templates/")
                .unwrap_or(&f.path)
                .to_string();
            decode(&f.path, f.bytes, &mut errors)
                .map(|text| (name, SourceText { path: f.path, text }))
        })
        .collect();

    let static_files = read_tree(root, "static", &mut errors)
        .into_iter()
        .map(|f| SourceBytes {
            path: f.path["static/".len()..].to_string(),
            bytes: f.bytes,
        })
        .collect();

    let themes = theme::load_themes(root, &mut errors);

    Source {
        site_yaml,
        documents,
        content_files: other,
        themes,
        template_overrides,
        static_files,
        errors,
    }
}

/// Turns bytes into text, or records which line holds the first byte that is not UTF-8.
pub fn decode(path: &str, bytes: Vec<u8>, errors: &mut Vec<Error>) -> Option<String> {
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            errors.push(Error::at(path, line, ErrorKind::NotUtf8));
            None
        }
    }
}

/// Reads every file below `root/dir`, skipping hidden files and editor backups, in path order.
/// Paths in the result are relative to `root` and use `/`.
pub(crate) fn read_tree(root: &Path, dir: &str, errors: &mut Vec<Error>) -> Vec<SourceBytes> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut paths: Vec<(String, PathBuf)> = Vec::new();
    let walker = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = relative_path(root, entry.path());
                paths.push((relative, entry.into_path()));
            }
            Ok(_) => {}
            Err(e) => {
                let at = e
                    .path()
                    .map_or_else(|| dir.to_string(), |p| relative_path(root, p));
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it"
                        .to_string()
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string)
                };
                errors.push(Error::file(at, ErrorKind::Read(message)));
            }
        }
    }
    let read: Vec<Result<SourceBytes, Error>> = paths
        .into_par_iter()
        .map(|(path, full)| match fs::read(&full) {
            Ok(bytes) => Ok(SourceBytes { path, bytes }),
            Err(e) => Err(Error::file(&path, ErrorKind::Read(e.to_string()))),
        })
        .collect();
    read.into_iter()
        .filter_map(|r| r.map_err(|e| errors.push(e)).ok())
        .collect()
}

/// Hidden files, editor swap files and backups are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
