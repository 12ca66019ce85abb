//! The `knead` command line: parses arguments, runs the library's commands, prints errors and
//! warnings as `path:line: message` (in colour on a terminal, plain when piped) and sets the
//! exit status.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use knead::report;

// A build allocates many small strings on every core; mimalloc handles that much better than
// the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "knead",
    version,
    about = "Build a health-education website from Markdown articles"
)]
struct Cli {
    /// Print only errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: each stage's time, each page's reading grade
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// What every command that reads a site is told about it.
#[derive(clap::Args, Clone)]
struct SiteArgs {
    /// The site folder (holds site.yaml and content/)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include articles marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Read files that symbolic links lead to outside the site folder (off: such a link is an error)
    #[arg(long)]
    allow_outside_links: bool,
}

impl SiteArgs {
    /// The settings for this site, writing (for a build) into `<root>/public`.
    fn settings(self) -> knead::Settings {
        knead::Settings {
            output: self.root.join("public"),
            root: self.root,
            drafts: self.drafts,
            allow_outside_links: self.allow_outside_links,
            ..knead::Settings::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Build the site in --root into --output
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: <root>/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Absolute URL the site will live at, for canonical links, sitemap, feed and structured data
        #[arg(long)]
        base_url: Option<String>,
        /// Make every link name its index.html, so the site can be read from a folder without a server
        #[arg(long)]
        portable: bool,
    },
    /// Preview the site: build, serve on this computer, rebuild and reload on every save
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; the default keeps the preview on this computer
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in a browser
        #[arg(long)]
        open: bool,
    },
    /// Check everything a build checks, plus warnings for authors; writes nothing
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Fail (exit status 1) on warnings too, for a content repository's CI
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Start a new article from a template: knead new causes/poor-posture
    New {
        /// <collection>/<slug>
        page: String,
        /// The article's title [default: made from the slug]
        #[arg(long)]
        title: Option<String>,
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new site in an empty folder, with an example of everything
    Init {
        /// The folder to create the site in
        dir: PathBuf,
    },
}

/// How much to print.
#[derive(Clone, Copy, PartialEq)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let today = chrono::Local::now().date_naive();
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
            portable,
        } => {
            let base_url = match base_url
                .map(|u| knead::config::normalise_base_url(&u))
                .transpose()
            {
                Ok(url) => url,
                Err(kind) => return failure(&format!("--base-url: {kind}")),
            };
            let mut settings = site.settings();
            settings.output = output.unwrap_or(settings.output);
            settings.base_url = base_url;
            settings.portable = portable;
            build(settings, verbosity)
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => {
            let listen = knead::serve::Listen { bind, port, open };
            match knead::serve::serve(&site.settings(), &listen) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => failure(&format!("knead serve: {error:#}")),
            }
        }
        Command::Check {
            site,
            deny_warnings,
        } => check(&site.settings(), deny_warnings, today, verbosity),
        Command::New { page, title, root } => new(&root, &page, title.as_deref(), today, verbosity),
        Command::Init { dir } => init(&dir, today, verbosity),
    }
}

/// Prints `message` and returns the failing exit status.
fn failure(message: &str) -> ExitCode {
    report::message(message);
    ExitCode::FAILURE
}

fn new(
    root: &std::path::Path,
    page: &str,
    title: Option<&str>,
    today: chrono::NaiveDate,
    verbosity: Verbosity,
) -> ExitCode {
    match knead::scaffold::new_article(root, page, title, today) {
        Ok(file) => {
            if verbosity != Verbosity::Quiet {
                println!(
                    "Created {}: it is a draft until you delete its `draft: true` line.",
                    file.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(message) => failure(&format!("knead new: {message}")),
    }
}

fn init(dir: &std::path::Path, today: chrono::NaiveDate, verbosity: Verbosity) -> ExitCode {
    match knead::scaffold::init_site(dir, today) {
        Ok(files) => {
            if verbosity != Verbosity::Quiet {
                println!(
                    "Created a new site in {} ({} files).",
                    dir.display(),
                    files.len()
                );
                println!("Next: cd {} && knead serve", dir.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => failure(&format!("knead init: {message}")),
    }
}

fn build(options: knead::Settings, verbosity: Verbosity) -> ExitCode {
    let started = Instant::now();
    let spinner = (verbosity != Verbosity::Quiet).then(Spinner::start);
    let result = knead::build(&options);
    drop(spinner);
    match result {
        Ok(report) => {
            if verbosity == Verbosity::Verbose {
                for time in &report.timings {
                    let wall = time.wall.as_secs_f64();
                    print!("  {:<20} {:>7.1} ms", time.stage, wall * 1000.0);
                    match time.cpu {
                        // Shorter stages are below the system's 10 ms resolution.
                        Some(cpu) if wall >= 0.05 => print!(
                            "   cpu {:>7.0} ms   cpu/wall {:.2}",
                            cpu.as_secs_f64() * 1000.0,
                            cpu.as_secs_f64() / wall
                        ),
                        _ => print!("{:36}", ""),
                    }
                    match time.peak_mib {
                        Some(peak) => println!("   peak memory {peak:>6} MiB"),
                        None => println!(),
                    }
                }
            }
            if verbosity != Verbosity::Quiet {
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                println!(
                    "Built {} pages ({} files) into {} in {ms:.0} ms",
                    report.pages,
                    report.files,
                    options.output.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            report::errors(&errors, "Build failed with {count}; nothing was written.");
            ExitCode::FAILURE
        }
    }
}

fn check(
    settings: &knead::Settings,
    deny_warnings: bool,
    today: chrono::NaiveDate,
    verbosity: Verbosity,
) -> ExitCode {
    match knead::check(settings, today) {
        Err(errors) => {
            report::errors(&errors, "Check failed with {count}.");
            ExitCode::FAILURE
        }
        Ok(report) => {
            if verbosity != Verbosity::Quiet {
                for w in &report.warnings {
                    report::warning(&format!("{}:{}:", w.path, w.line), &w.message);
                }
            }
            if verbosity == Verbosity::Verbose {
                for reading in &report.readings {
                    println!("  reading grade {:>5.1}  {}", reading.grade, reading.path);
                }
            }
            let count = report.warnings.len();
            if verbosity != Verbosity::Quiet {
                let warnings = report::count(count, "warning", "warnings");
                println!("Checked {} pages: no errors, {warnings}.", report.pages);
            }
            if deny_warnings && count > 0 {
                report::message("Warnings are denied (--deny-warnings).");
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// A spinner on the terminal for builds that take more than a second; nothing when piped.
struct Spinner {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Spinner {
    fn start() -> Spinner {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = std::sync::Arc::clone(&done);
        let thread = std::io::stderr().is_terminal().then(|| {
            std::thread::spawn(move || {
                let started = Instant::now();
                let frames = ['|', '/', '-', '\\'];
                let mut shown = false;
                let mut frame = 0;
                while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                    if started.elapsed() > Duration::from_secs(1) {
                        eprint!(
                            "\r{} Building… {:.0} s ",
                            frames[frame % 4],
                            started.elapsed().as_secs_f64()
                        );
                        shown = true;
                        frame += 1;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                if shown {
                    eprint!("\r{}\r", " ".repeat(30));
                }
            })
        });
        Spinner { done, thread }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
