//! Stage 4, output: assembles every output file (pages, search index, feeds, static files) and writes
//! them atomically.
//!
//! 1. refuse a destination that is the site itself, inside content/, or someone else's folder;
//! 2. add the search index, sitemap.xml, feed.xml, robots.txt and static files to the pages;
//! 3. write everything into a temporary folder beside the destination, then swap it in, so a
//!    failed or interrupted build never leaves a half-written site.

pub(crate) mod feeds;
pub mod search_index;

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::BuildReport;
use crate::error::{Error, ErrorKind};
use crate::load::{Source, SourceBytes};
use crate::model::Site;
use crate::render::RenderedPage;

/// Marks a folder as knead's output, so a later build knows it may replace it.
pub const MARKER: &str = ".knead-output";
const MARKER_TEXT: &str = "This folder is written by `knead build` and replaced on every build.\n";

/// Every file of the built site, by path relative to the output folder.
pub struct OutputFiles {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pages: usize,
}

/// Assembles the output from rendered pages, the site model and the loaded static files.
pub fn assemble(
    site: &Site,
    source: &Source,
    pages: Vec<RenderedPage>,
    search: search_index::SearchFiles,
) -> Result<OutputFiles, Vec<Error>> {
    let page_count = pages.len();
    let mut files: BTreeMap<String, Vec<u8>> =
        pages.into_iter().map(|p| (p.file, p.bytes)).collect();
    add_files(site, source, &mut files, search)?;
    Ok(OutputFiles {
        files,
        pages: page_count,
    })
}

/// Adds every file but the pages to `files`, which holds the pages by path (the preview keeps
/// them between builds). On errors `files` still holds every page.
pub fn add_files(
    site: &Site,
    source: &Source,
    files: &mut BTreeMap<String, Vec<u8>>,
    search: search_index::SearchFiles,
) -> Result<(), Vec<Error>> {
    let mut errors = Vec::new();
    let generated = search
        .files
        .into_iter()
        .map(|(path, script)| (path, script.into_bytes(), "search".to_string()))
        .chain(
            [
                ("sitemap.xml", feeds::sitemap(site)),
                ("feed.xml", feeds::atom(site)),
                ("robots.txt", feeds::robots(site)),
                (MARKER, MARKER_TEXT.to_string()),
            ]
            .map(|(path, text)| (path.to_string(), text.into_bytes(), path.to_string())),
        );
    for (path, bytes, origin) in generated.chain(copied_files(site, source)) {
        add_one(files, path, bytes, &origin, &mut errors);
    }
    for (path, origin, _) in copied(source) {
        errors.extend(folder_clash(files, path, &origin));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Adds one file, or the error naming `origin` when knead already writes that path.
fn add_one(
    files: &mut BTreeMap<String, Vec<u8>>,
    path: String,
    bytes: Vec<u8>,
    origin: &str,
    errors: &mut Vec<Error>,
) {
    match files.entry(path) {
        Entry::Occupied(taken) => errors.push(Error::file(
            origin,
            ErrorKind::Output(format!(
                "would overwrite `{}`, which knead already writes: rename or move it",
                taken.key()
            )),
        )),
        Entry::Vacant(slot) => {
            slot.insert(bytes);
        }
    }
}

/// The theme's static files, then the files beside the articles, then the site's static
/// files, as (output path, bytes, the source file errors name).
fn copied_files<'a>(
    site: &'a Site,
    source: &'a Source,
) -> impl Iterator<Item = (String, Vec<u8>, String)> + 'a {
    let theme = &site.config.theme;
    let theme_files = source
        .themes
        .get(theme)
        .into_iter()
        .flat_map(|t| &t.static_files)
        .map(move |f| {
            let origin = format!("themes/{theme}/static/{}", f.path);
            (format!("static/{}", f.path), f.bytes.clone(), origin)
        });
    let copied =
        copied(source).map(|(path, origin, file)| (path.to_string(), file.bytes.clone(), origin));
    theme_files.chain(copied)
}

/// Every file copied from content/ (but quiz.yaml, which is the quiz's source) and static/, in
/// that order, with its output path and the source file errors name.
fn copied(source: &Source) -> impl Iterator<Item = (&str, String, &SourceBytes)> {
    let content = source.content_files.iter().filter_map(|f| {
        let path = f.path.strip_prefix("content/").unwrap_or(&f.path);
        (path != "quiz.yaml").then(|| (path, f.path.clone(), f))
    });
    let statics = source
        .static_files
        .iter()
        .map(|f| (f.path.as_str(), format!("static/{}", f.path), f));
    content.chain(statics)
}

/// A copied file (`origin`, under content/ or static/) whose output path needs a folder where
/// another file is, or a file where others need a folder: `content/feed.xml/x.png` against the
/// feed. The error names the author's file, whichever of the two it is.
fn folder_clash(files: &BTreeMap<String, Vec<u8>>, path: &str, origin: &str) -> Option<Error> {
    let file_above = path
        .match_indices('/')
        .map(|(at, _)| &path[..at])
        .find(|folder| files.contains_key(*folder));
    let message = if let Some(file) = file_above {
        format!("would need a folder `{file}`, but knead writes a file there: rename or move it")
    } else {
        let inside = format!("{path}/");
        let (taken, _) = files.range(inside.clone()..).next()?;
        if !taken.starts_with(&inside) {
            return None;
        }
        format!(
            "would be a file at `{path}`, but knead writes a folder there (`{taken}`): rename or move it"
        )
    };
    Some(Error::file(origin, ErrorKind::Output(message)))
}

/// Refuses destinations that would destroy the site's sources or someone else's files.
pub fn check_destination(root: &Path, output: &Path) -> Result<(), Vec<Error>> {
    let refuse = |message: String| Err(vec![Error::file(output, ErrorKind::Output(message))]);
    if let Some(link) = link_on_the_way(&lexical(root), &lexical(output)) {
        let target = fs::read_link(&link).unwrap_or_default();
        return Err(vec![Error::file(
            link.strip_prefix(lexical(root)).unwrap_or(&link),
            ErrorKind::Output(format!(
                "the output folder is reached through this symbolic link to `{}`: knead will not replace a folder elsewhere, so remove the link or choose another --output",
                target.display()
            )),
        )]);
    }
    let root_abs = absolute(root);
    let out_abs = absolute(output);
    if out_abs == root_abs || root_abs.starts_with(&out_abs) {
        return refuse("the output folder must not be the site folder or contain it: choose another --output, such as public/".into());
    }
    for source_dir in ["content", "templates", "themes", "static"] {
        // A source folder may itself be a link: compare where both really are, too.
        if out_abs.starts_with(absolute(&root_abs.join(source_dir))) {
            return refuse(format!(
                "the output folder must not be inside {source_dir}/: choose another --output, such as public/"
            ));
        }
    }
    if out_abs.is_file() {
        return refuse("the output path is a file, not a folder".into());
    }
    if out_abs.is_dir() && !out_abs.join(MARKER).is_file() {
        let empty = fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse(format!(
                "refusing to replace this folder: it is not empty and was not written by knead (no {MARKER} file in it)"
            ));
        }
    }
    Ok(())
}

/// Writes the site into a fresh folder beside `output`, then puts it in place of the old one.
pub fn write(files: &OutputFiles, output: &Path) -> Result<BuildReport, Vec<Error>> {
    let output = absolute(output);
    let fail = |message: String| vec![Error::file(&output, ErrorKind::Write(message))];
    let parent = output
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    fs::create_dir_all(&parent)
        .map_err(|e| fail(format!("cannot create {}: {e}", parent.display())))?;
    // One build at a time writes to an output folder: a second one waits here.
    let _lock = lock(&parent, &name).map_err(fail)?;
    let staging = parent.join(format!(".{name}.knead-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.knead-old-{}", std::process::id()));
    // Under the lock, any staging or retired folder is a killed build's leftover.
    restore_retired(&parent, &name, &output);
    remove_leftovers(&parent, &name);

    let written = write_tree(&staging, files);
    if let Err(message) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(message));
    }
    if output.exists() {
        fs::rename(&output, &retired).map_err(|e| {
            let _ = fs::remove_dir_all(&staging);
            fail(format!("cannot move the previous output aside: {e}"))
        })?;
    }
    if let Err(e) = fs::rename(&staging, &output) {
        // Put the previous site back, so a failure leaves things as they were.
        let _ = fs::rename(&retired, &output);
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(format!("cannot move the new output into place: {e}")));
    }
    remove_tree(&retired);
    Ok(BuildReport {
        pages: files.pages,
        files: files.files.len(),
        timings: Vec::new(),
    })
}

/// Removes a folder and everything in it, its top-level entries in parallel (a large site's
/// previous output holds thousands of folders). Best effort, like `fs::remove_dir_all`.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.par_iter().for_each(|path| {
            let _ = match fs::symlink_metadata(path) {
                Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
                _ => fs::remove_file(path),
            };
        });
    }
    let _ = fs::remove_dir_all(dir);
}

fn write_tree(dir: &Path, files: &OutputFiles) -> Result<(), String> {
    let mut folders: Vec<PathBuf> = files
        .files
        .keys()
        .filter_map(|p| dir.join(p).parent().map(Path::to_path_buf))
        .collect();
    folders.sort();
    folders.dedup();
    // In parallel: `create_dir_all` accepts a folder another thread has just made.
    folders.par_iter().try_for_each(|folder| {
        fs::create_dir_all(folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))
    })?;
    files.files.par_iter().try_for_each(|(path, bytes)| {
        fs::write(dir.join(path), bytes).map_err(|e| format!("cannot write {path}: {e}"))
    })
}

/// Applies changes to a folder in place: each path with bytes is written, each without is
/// removed (and its folder, once empty). For the preview's private folder, where a half-done
/// update is harmless; builds use `write`.
pub fn write_changes(output: &Path, changes: &[(&str, Option<&[u8]>)]) -> Result<(), Vec<Error>> {
    let fail = |path: &Path, e: std::io::Error| {
        vec![Error::file(
            path,
            ErrorKind::Write(format!("cannot write: {e}")),
        )]
    };
    for (path, bytes) in changes {
        let file = output.join(path);
        match bytes {
            Some(bytes) => {
                if let Some(folder) = file.parent() {
                    fs::create_dir_all(folder).map_err(|e| fail(folder, e))?;
                }
                fs::write(&file, bytes).map_err(|e| fail(&file, e))?;
            }
            None => {
                let _ = fs::remove_file(&file);
                let mut folder = file.parent();
                while let Some(dir) = folder.filter(|d| *d != output) {
                    if fs::remove_dir(dir).is_err() {
                        break;
                    }
                    folder = dir.parent();
                }
            }
        }
    }
    Ok(())
}

/// Takes the output folder's lock, waiting for a build that holds it. The system releases the
/// lock when the returned file is dropped or the build ends, however it ends (even killed), so
/// it never goes stale.
fn lock(parent: &Path, name: &str) -> Result<fs::File, String> {
    let lock_path = parent.join(format!(".{name}.knead-lock"));
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| format!("cannot create the lock file {}: {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;
    Ok(lock)
}

/// The retired copies of the output beside it (`.public.knead-old-<pid>`) that are whole (they
/// hold the marker), oldest first.
fn retired_copies(parent: &Path, name: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let prefix = format!(".{name}.knead-old-");
    let mut retired: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix.as_str()))
        .filter(|e| e.path().join(MARKER).is_file())
        .map(|e| {
            let modified = e.metadata().and_then(|m| m.modified());
            (modified.unwrap_or(std::time::UNIX_EPOCH), e.path())
        })
        .collect();
    retired.sort();
    retired.into_iter().map(|(_, path)| path).collect()
}

/// Puts the previous site back when a build was killed between moving it aside and moving the
/// new one in: the output folder is missing and a retired copy is beside it. Runs under the
/// lock, before anything else touches the output.
fn restore_retired(parent: &Path, name: &str, output: &Path) {
    if output.exists() {
        return;
    }
    // The newest copy is the site that was published last.
    if let Some(newest) = retired_copies(parent, name).pop() {
        let _ = fs::rename(newest, output);
    }
}

/// Puts back the published site a killed build left aside (see `restore_retired`), before a
/// build that may fail decides anything: a failed build then leaves it where it was.
pub fn recover(output: &Path) -> Result<(), Vec<Error>> {
    let output = absolute(output);
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    // Most builds find nothing to do, and take no lock for it.
    if output.exists() || retired_copies(parent, &name).is_empty() {
        return Ok(());
    }
    let _lock = lock(parent, &name)
        .map_err(|message| vec![Error::file(&output, ErrorKind::Write(message))])?;
    restore_retired(parent, &name, &output);
    Ok(())
}

/// Removes staging and retired folders that a killed build of this output left behind.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.knead-new-"), format!(".{name}.knead-old-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The output itself if it is a symbolic link, or else the first folder on its way from the
/// site folder that is one: a committed `public` link must not make a build replace its target.
fn link_on_the_way(root: &Path, output: &Path) -> Option<PathBuf> {
    let is_link = |p: &Path| fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    if is_link(output) {
        return Some(output.to_path_buf());
    }
    let below = output.strip_prefix(root).ok()?;
    let mut path = root.to_path_buf();
    for component in below.components() {
        path.push(component);
        if is_link(&path) {
            return Some(path);
        }
    }
    None
}

/// `path` made absolute against the current folder, with `.` and `..` folded and symbolic
/// links resolved in the part that exists, without requiring it to exist.
fn absolute(path: &Path) -> PathBuf {
    real_path(lexical(path))
}

/// `path` made absolute against the current folder, with `.` and `..` folded; links kept.
fn lexical(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Where `path` really is: its nearest existing folder with every link resolved, plus the rest.
fn real_path(out: PathBuf) -> PathBuf {
    // Resolve symbolic links in the part that exists, so two spellings of one folder compare equal.
    let mut existing = out.clone();
    let mut tail = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => {
                tail.push(name.to_os_string());
                existing.pop();
            }
            None => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for name in tail.into_iter().rev() {
        resolved.push(name);
    }
    resolved
}
