//! knead turns a folder of Markdown articles into a static health-education site, in four stages:
//! load (read the disk) → model (validate and link) → render (Markdown and minified templates)
//! → output (search index, feeds, write atomically). Only load and output touch the file system.

pub mod check;
pub mod config;
pub mod error;
/// Entry points for the fuzz targets in fuzz/; not part of knead's interface, and compiled only
/// for them and the tests (the `fuzzing` feature).
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod serve;
pub mod yaml;

use std::path::PathBuf;

pub use error::Error;

/// What a command was asked to do with a site, resolved once from the command line: `build`,
/// `check` and the preview all read it (site.yaml's own settings are read by the model).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The site folder, holding site.yaml and content/.
    pub root: PathBuf,
    /// Where a build writes the site (`check` writes nothing).
    pub output: PathBuf,
    /// Overrides site.yaml's `base_url`.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub portable: bool,
    /// Read files that symbolic links lead to outside the site folder.
    pub allow_outside_links: bool,
}

impl Settings {
    pub(crate) fn load_options(&self) -> load::LoadOptions {
        load::LoadOptions {
            allow_outside_links: self.allow_outside_links,
        }
    }

    pub(crate) fn model_options(&self) -> model::ModelOptions {
        model::ModelOptions {
            drafts: self.drafts,
            base_url: self.base_url.clone(),
        }
    }
}

/// What a successful build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    /// How long each stage took, in order.
    pub timings: Vec<StageTime>,
}

/// Runs the four stages. On any error nothing is written and every error is returned.
pub fn build(options: &Settings) -> Result<BuildReport, Vec<Error>> {
    let mut clock = Stopwatch::start();
    output::check_destination(&options.root, &options.output)?;
    output::recover(&options.output)?;
    let source = load::load(&options.root, options.load_options());
    clock.lap("load");
    let mut site = model::build(&source, &options.model_options())?;
    clock.lap("model");
    let linker = render::urls::Linker {
        portable: options.portable,
    };
    // The index's fingerprint comes from the inputs, so pages can name it before it exists.
    // (Building the index while rendering saves no time on two cores, and costs memory.)
    let search_version = output::search_index::version(&source);
    let search = output::search_index::build(&site, linker, &search_version);
    site.drop_plain_text();
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
pub fn check(settings: &Settings, today: chrono::NaiveDate) -> Result<CheckReport, Vec<Error>> {
    let source = load::load(&settings.root, settings.load_options());
    let site = model::build(&source, &settings.model_options())?;
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

/// One stage's time: wall clock, and the CPU time of all threads where the system tells it.
#[derive(Debug, Clone)]
pub struct StageTime {
    pub stage: &'static str,
    pub wall: std::time::Duration,
    pub cpu: Option<std::time::Duration>,
    /// The process's peak resident memory by the stage's end, in MiB, where the system tells it.
    pub peak_mib: Option<u64>,
}

/// Times the stages of a build.
struct Stopwatch {
    last: std::time::Instant,
    last_cpu: Option<std::time::Duration>,
    laps: Vec<StageTime>,
}

impl Stopwatch {
    fn start() -> Self {
        Stopwatch {
            last: std::time::Instant::now(),
            last_cpu: process_cpu_time(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        let cpu = process_cpu_time();
        self.laps.push(StageTime {
            stage,
            wall: now - self.last,
            cpu: cpu
                .zip(self.last_cpu)
                .map(|(now, then)| now.saturating_sub(then)),
            peak_mib: peak_memory_mib(),
        });
        self.last = now;
        self.last_cpu = cpu;
    }
}

/// The process's peak resident memory so far, from /proc/self/status (Linux; elsewhere `None`).
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// User and system time of the whole process so far, from /proc/self/stat (Linux; elsewhere
/// `None`). The kernel counts it in ticks of 1/100 s (USER_HZ, fixed by its interface).
fn process_cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line; 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(std::time::Duration::from_millis(ticks * 10))
}
