//! The preview's builds: the same four stages as `knead build`, remembering the last build so a
//! save re-renders only the pages it changed (see `render::fingerprint`) and rewrites only the
//! files whose bytes changed. The search index is rebuilt once the author pauses (see
//! `refresh_search`), so the browser reloads as soon as the pages are written.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::Error;
use crate::render::fingerprint::{self, Fingerprint};
use crate::render::{self, Job, RenderOptions, urls::Linker};
use crate::{Settings, load, model, output};

/// The preview pages name their search index with this fixed version: the preview server tells
/// browsers not to cache, and a version that changes with every save would change every page.
const SEARCH_VERSION: &str = "preview";

/// What the preview keeps between builds.
pub struct Preview {
    options: Settings,
    /// Each page's fingerprint in the last build, by file.
    prints: FxHashMap<String, u64>,
    /// Every file of the last build, as written to the preview folder.
    files: BTreeMap<String, Vec<u8>>,
    /// The paths of the search index's files (their bytes are in `files`); `None` before the
    /// first build.
    search: Option<Vec<String>>,
    /// Each Markdown file as the last build parsed it.
    parses: model::ParseCache,
    /// The last build's model while its search index is not written yet.
    stale_search: Option<model::Site>,
}

/// What one preview build did.
pub struct Rebuilt {
    pub pages: usize,
    /// Pages rendered again (all of them on the first build).
    pub rendered: usize,
    /// Files written or removed.
    pub changed: usize,
    pub took: std::time::Duration,
}

impl Preview {
    pub fn new(options: Settings) -> Preview {
        Preview {
            options,
            prints: FxHashMap::default(),
            files: BTreeMap::new(),
            search: None,
            stale_search: None,
            parses: model::ParseCache::default(),
        }
    }

    /// Whether files that links lead to outside the site folder may be read.
    pub fn allows_outside_links(&self) -> bool {
        self.options.allow_outside_links
    }

    /// Builds the site and writes what changed; the search index only on the first build (see
    /// `refresh_search`). On errors nothing is written and the last good build stays as it was.
    pub fn build(&mut self) -> Result<Rebuilt, Vec<Error>> {
        let started = Instant::now();
        let source = load::load(&self.options.root, self.options.load_options());
        let site = model::build_cached(
            &source,
            &self.options.model_options(),
            Some(&mut self.parses),
        )?;
        let linker = Linker {
            portable: self.options.portable,
        };
        let render_options = RenderOptions {
            linker,
            minify: true,
            finish: String::into_bytes,
            search_version: SEARCH_VERSION.into(),
        };
        let prints = self.fingerprints(&site, &source, linker);
        let wanted: FxHashSet<Job> = prints
            .iter()
            .filter(|(_, file, print)| print.is_none() || self.prints.get(file) != print.as_ref())
            .map(|(job, _, _)| *job)
            .collect();
        let rendered =
            render::render_where(&site, &source, &render_options, |job| wanted.contains(job))?;
        let rendered_count = rendered.len();

        // Unchanged pages and the search index keep their bytes from the last build (moved,
        // not copied).
        let mut old = std::mem::take(&mut self.files);
        let (mut files, mut kept) = keep_unchanged(&mut old, &prints, &wanted);
        files.extend(rendered.into_iter().map(|page| (page.file, page.bytes)));
        let first = self.search.is_none();
        let search = self.search_files(&site, linker, &mut old, &mut kept);
        let search_paths: Vec<String> = search.files.iter().map(|(path, _)| path.clone()).collect();
        if let Err(errors) = output::add_files(&site, &source, &mut files, search) {
            // Put the last build back as it was.
            for file in kept {
                if let Some(bytes) = files.remove(&file) {
                    old.insert(file, bytes);
                }
            }
            self.files = old;
            return Err(errors);
        }
        let changed = self.write(&old, files, &kept)?;
        let report = Rebuilt {
            pages: prints.len(),
            rendered: rendered_count,
            changed,
            took: started.elapsed(),
        };
        self.prints = prints
            .into_iter()
            .filter_map(|(_, file, print)| print.map(|p| (file, p)))
            .collect();
        self.search = Some(search_paths);
        self.stale_search = (!first).then_some(site);
        Ok(report)
    }

    /// Every page with its file and what it shows, as a number.
    fn fingerprints(
        &self,
        site: &model::Site,
        source: &load::Source,
        linker: Linker,
    ) -> Vec<(Job, String, Fingerprint)> {
        fingerprint::fingerprints(site, source, u64::from(linker.portable))
            .into_iter()
            .map(|(job, print)| (job, render::file_of(site, job), print))
            .collect()
    }

    /// The search index's files: built on the first build; later, the last one's files, moved
    /// out of `old` like unchanged pages (`refresh_search` rebuilds them).
    fn search_files(
        &self,
        site: &model::Site,
        linker: Linker,
        old: &mut BTreeMap<String, Vec<u8>>,
        kept: &mut BTreeSet<String>,
    ) -> output::search_index::SearchFiles {
        let files = match &self.search {
            Some(paths) => paths
                .iter()
                .filter_map(|path| {
                    let script = String::from_utf8(old.remove(path)?).ok()?;
                    kept.insert(path.clone());
                    Some((path.clone(), script))
                })
                .collect(),
            None => output::search_index::build(site, linker, SEARCH_VERSION).files,
        };
        output::search_index::SearchFiles { files }
    }

    /// Writes the files that differ from `old` and keeps `files` as the last build; returns
    /// how many were written or removed.
    fn write(
        &mut self,
        old: &BTreeMap<String, Vec<u8>>,
        files: BTreeMap<String, Vec<u8>>,
        kept: &BTreeSet<String>,
    ) -> Result<usize, Vec<Error>> {
        let changes = changes(old, &files, kept);
        let written = output::write_changes(&self.options.output, &changes);
        let changed = changes.len();
        self.files = files;
        if let Err(errors) = written {
            // What is on disk is no longer known: the next build renders and writes everything.
            self.prints.clear();
            self.files.clear();
            return Err(errors);
        }
        Ok(changed)
    }

    /// Whether the last build's search index is still to be written.
    pub fn search_is_stale(&self) -> bool {
        self.stale_search.is_some()
    }

    /// Rebuilds the search index of the last build and writes the files of it that changed.
    /// The index takes longest to build (about 0.8 s for 10,000 articles), so the preview does
    /// this when no save has come for a moment, not while the author waits for the page.
    pub fn refresh_search(&mut self) -> Result<(), Vec<Error>> {
        let Some(site) = self.stale_search.take() else {
            return Ok(());
        };
        let linker = Linker {
            portable: self.options.portable,
        };
        let fresh: BTreeMap<String, Vec<u8>> =
            output::search_index::build(&site, linker, SEARCH_VERSION)
                .files
                .into_iter()
                .map(|(path, script)| (path, script.into_bytes()))
                .collect();
        let before: BTreeMap<String, Vec<u8>> = self
            .search
            .iter()
            .flatten()
            .filter_map(|path| Some((path.clone(), self.files.remove(path)?)))
            .collect();
        let written = output::write_changes(
            &self.options.output,
            &changes(&before, &fresh, &BTreeSet::new()),
        );
        if let Err(errors) = written {
            // What is on disk is no longer known: the next build renders and writes everything.
            self.prints.clear();
            self.files.clear();
            return Err(errors);
        }
        self.search = Some(fresh.keys().cloned().collect());
        self.files.extend(fresh);
        Ok(())
    }
}

/// The last build's pages that are not rendered again, moved out of `old`, and their files.
fn keep_unchanged(
    old: &mut BTreeMap<String, Vec<u8>>,
    prints: &[(Job, String, Fingerprint)],
    wanted: &FxHashSet<Job>,
) -> (BTreeMap<String, Vec<u8>>, BTreeSet<String>) {
    let mut files = BTreeMap::new();
    let mut kept = BTreeSet::new();
    for (job, file, _) in prints {
        if !wanted.contains(job)
            && let Some(bytes) = old.remove(file)
        {
            files.insert(file.clone(), bytes);
            kept.insert(file.clone());
        }
    }
    (files, kept)
}

/// What turns the folder holding `before` into `after`: files new in `after` or different
/// there (but for `unchanged` ones, known to be the same) are written, files of `before` that
/// `after` lacks are removed.
fn changes<'a>(
    before: &'a BTreeMap<String, Vec<u8>>,
    after: &'a BTreeMap<String, Vec<u8>>,
    unchanged: &BTreeSet<String>,
) -> Vec<(&'a str, Option<&'a [u8]>)> {
    let written = after
        .iter()
        .filter(|(path, bytes)| !unchanged.contains(*path) && before.get(*path) != Some(*bytes))
        .map(|(path, bytes)| (path.as_str(), Some(bytes.as_slice())));
    let removed = before
        .keys()
        .filter(|path| !after.contains_key(*path))
        .map(|path| (path.as_str(), None));
    written.chain(removed).collect()
}
