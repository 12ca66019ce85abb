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

/// What load may read beyond the site folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Follow symbolic links that lead outside the site folder. Off by default, so a
    /// contributor's link to `/etc/passwd` or `~/.ssh` is an error instead of a published file.
    pub allow_outside_links: bool,
}

/// Reads the site at `root`.
pub fn load(root: &Path, options: LoadOptions) -> Source {
    let mut errors = Vec::new();
    let reader = Reader::new(root, options);
    let site_yaml = reader.read_site_yaml(&mut errors);

    let content = reader.read_tree(CONTENT_DIR, &mut errors);
    let (markdown, other): (Vec<_>, Vec<_>) =
        content.into_iter().partition(|f| f.path.ends_with(".md"));
    let documents = markdown
        .into_iter()
        .filter_map(|f| {
            decode(&f.path, f.bytes, &mut errors).map(|text| SourceText { path: f.path, text })
        })
        .collect();

    let template_overrides = reader
        .read_tree("templates", &mut errors)
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

    let static_files = reader
        .read_tree("static", &mut errors)
        .into_iter()
        .map(|f| SourceBytes {
            path: f.path["static/".len()..].to_string(),
            bytes: f.bytes,
        })
        .collect();

    let themes = theme::load_themes(&reader, &mut errors);

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

/// Reads files under the site folder, keeping to it: a symbolic link whose target is outside
/// the folder is an error (unless allowed), never a file read.
pub(crate) struct Reader<'a> {
    root: &'a Path,
    /// The site folder with every link resolved; `None` when it cannot be resolved (it does
    /// not exist), and then nothing below it can be read either.
    real_root: Option<PathBuf>,
    allow_outside_links: bool,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(root: &'a Path, options: LoadOptions) -> Self {
        Reader {
            root,
            real_root: fs::canonicalize(root).ok(),
            allow_outside_links: options.allow_outside_links,
        }
    }

    pub(crate) fn root(&self) -> &Path {
        self.root
    }

    /// Where a link leads, when that is outside the site folder and not allowed.
    fn outside_target(&self, path: &Path) -> Option<PathBuf> {
        if self.allow_outside_links {
            return None;
        }
        let real = fs::canonicalize(path).ok()?;
        match &self.real_root {
            Some(root) if real.starts_with(root) => None,
            _ => Some(real),
        }
    }

    /// The error for `path` (below the root) when it leads outside the site, and `None` when
    /// it may be read.
    fn check_inside(&self, path: &Path) -> Option<Error> {
        let target = self.outside_target(path)?;
        Some(Error::file(
            relative_path(self.root, path),
            ErrorKind::LinkOutsideSite(target.to_string_lossy().into_owned()),
        ))
    }

    /// Whether `dir` (below the root) may be read; records the error when it leads outside.
    pub(crate) fn stays_inside(&self, dir: &str, errors: &mut Vec<Error>) -> bool {
        match self.check_inside(&self.root.join(dir)) {
            Some(error) => {
                errors.push(error);
                false
            }
            None => true,
        }
    }

    fn read_site_yaml(&self, errors: &mut Vec<Error>) -> Option<String> {
        let path = self.root.join(SITE_FILE);
        if path.exists()
            && let Some(error) = self.check_inside(&path)
        {
            errors.push(error);
            return None;
        }
        match fs::read(&path) {
            Ok(bytes) => decode(SITE_FILE, bytes, errors),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                errors.push(Error::file(SITE_FILE, ErrorKind::Read(e.to_string())));
                None
            }
        }
    }

    /// Reads every file below `root/dir`, skipping hidden files and editor backups, in path
    /// order. Paths in the result are relative to the root and use `/`.
    pub(crate) fn read_tree(&self, dir: &str, errors: &mut Vec<Error>) -> Vec<SourceBytes> {
        let base = self.root.join(dir);
        if !base.is_dir() {
            return Vec::new();
        }
        // The folder itself, or one of the folders above it, may be the link.
        if !self.stays_inside(dir, errors) {
            return Vec::new();
        }
        let paths = self.walk(&base, dir, errors);
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

    /// The files below `base` that may be read, as (relative path, full path), in path order.
    fn walk(&self, base: &Path, dir: &str, errors: &mut Vec<Error>) -> Vec<(String, PathBuf)> {
        let mut refused = Vec::new();
        let walker = WalkDir::new(base)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || self.admits(e, &mut refused));
        let mut paths = Vec::new();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let relative = relative_path(self.root, entry.path());
                    paths.push((relative, entry.into_path()));
                }
                Ok(_) => {}
                Err(e) => errors.push(self.walk_error(&e, dir)),
            }
        }
        errors.append(&mut refused);
        paths
    }

    /// Whether the walk may enter or read `entry`: not hidden, named in UTF-8, and not a
    /// link out of the site. Refusals that are not simply skipped become errors.
    fn admits(&self, entry: &walkdir::DirEntry, refused: &mut Vec<Error>) -> bool {
        let Some(name) = entry.file_name().to_str() else {
            refused.push(Error::file(
                relative_path(self.root, entry.path()),
                ErrorKind::NameNotUtf8,
            ));
            return false;
        };
        if is_ignored(name) {
            return false;
        }
        if entry.path_is_symlink()
            && let Some(error) = self.check_inside(entry.path())
        {
            refused.push(error);
            return false;
        }
        true
    }

    fn walk_error(&self, e: &walkdir::Error, dir: &str) -> Error {
        let at = e
            .path()
            .map_or_else(|| dir.to_string(), |p| relative_path(self.root, p));
        let message = if e.loop_ancestor().is_some() {
            "symbolic link loop: this link points back to a folder that contains it".to_string()
        } else {
            e.io_error()
                .map_or_else(|| e.to_string(), ToString::to_string)
        };
        Error::file(at, ErrorKind::Read(message))
    }
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
