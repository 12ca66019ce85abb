//! knead turns a folder of Markdown articles into a static health-education site, in four stages:
//! load (read the disk) → model (validate and link) → render (Markdown and minified templates)
//! → output (search index, feeds, write atomically). Only load and output touch the file system.

pub mod check;
pub mod config;
pub mod error;
/// Entry points for the fuzz targets in fuzz/; not part of knead's interface.
#[doc(hidden)]
pub mod fuzzing;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod yaml;

use std::path::PathBuf;

pub use error::Error;

/// What `knead build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub portable: bool,
}

/// What a successful build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Runs the four stages. On any error nothing is written and every error is returned.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Error>> {
    let mut clock = Stopwatch::start();
    output::check_destination(&options.root, &options.output)?;
    output::recover(&options.output)?;
    let source = load::load(&options.root);
    clock.lap("load");
    let model_options = model::ModelOptions {
        drafts: options.drafts,
        base_url: options.base_url.clone(),
    };
    let site = model::build(&source, &model_options)?;
    clock.lap("model");
    let linker = render::urls::Linker {
        portable: options.portable,
    };
    // The index's fingerprint comes from the inputs, so pages can name it before it exists.
    // (Building the index while rendering saves no time on two cores, and costs memory.)
    let search_version = output::search_index::version(&source);
    let search = output::search_index::build(&site, linker, &search_version);
    clock.lap("search index");
    // Templates are minified once, when compiled, and the Markdown's HTML comes out compact, so
    // pages need no minifying of their own.
    let render_options = render::RenderOptions {
        linker,
        minify: true,
        finish: String::into_bytes,
        search_version,
    };
    let pages = render::render(&site, &source, &render_options)?;
    clock.lap("render");
    let files = output::assemble(&site, &source, pages, search)?;
    clock.lap("assemble");
    let mut report = output::write(&files, &options.output)?;
    clock.lap("write");
    report.timings = clock.laps;
    Ok(report)
}

/// What `knead check` found: warnings and reading grades (errors come back as `Err`).
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub pages: usize,
    pub warnings: Vec<check::Warning>,
    pub readings: Vec<check::Reading>,
}

/// Validates everything a build validates, renders every page to catch template errors, and
/// reviews the content for warnings; writes nothing.
pub fn check(
    root: &std::path::Path,
    drafts: bool,
    today: chrono::NaiveDate,
) -> Result<CheckReport, Vec<Error>> {
    let source = load::load(root);
    let site = model::build(
        &source,
        &model::ModelOptions {
            drafts,
            base_url: None,
        },
    )?;
    // Every page is rendered to catch template errors, then dropped: nothing is minified or kept.
    let render_options = render::RenderOptions {
        linker: render::urls::Linker { portable: false },
        minify: true,
        finish: |_| Vec::new(),
        search_version: String::from("check"),
    };
    let pages = render::render(&site, &source, &render_options)?;
    let (warnings, readings) = check::review(&site, today);
    Ok(CheckReport {
        pages: pages.len(),
        warnings,
        readings,
    })
}

/// Times the stages of a build.
struct Stopwatch {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Stopwatch {
    fn start() -> Self {
        Stopwatch {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}
