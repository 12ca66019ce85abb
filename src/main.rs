//! The `knead` command line: parses arguments, runs a stage pipeline from the library, prints
//! errors as `path:line: message` and sets the exit status.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

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
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site in --root into --output
    Build {
        /// The site folder (holds site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Absolute URL the site will live at, for canonical links, sitemap, feed and structured data
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Make every link name its index.html, so the site can be read from a folder without a server
        #[arg(long)]
        portable: bool,
        /// Also print how long each stage of the build took
        #[arg(long, short)]
        verbose: bool,
    },
    /// Preview the site: build, serve on this computer, rebuild and reload on every save
    Serve {
        /// The site folder (holds site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; the default keeps the preview on this computer
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in a browser
        #[arg(long)]
        open: bool,
        /// Include articles marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let options = knead::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
                open,
            };
            match knead::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("knead serve: {error:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            portable,
            verbose,
        } => {
            let base_url = match base_url
                .map(|u| knead::config::normalise_base_url(&u))
                .transpose()
            {
                Ok(url) => url,
                Err(kind) => {
                    eprintln!("--base-url: {kind}");
                    return ExitCode::FAILURE;
                }
            };
            let output = output.unwrap_or_else(|| root.join("public"));
            let options = knead::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                portable,
            };
            let started = Instant::now();
            match knead::build(&options) {
                Ok(report) => {
                    if verbose {
                        for (stage, time) in &report.timings {
                            println!("  {stage:<20} {:>7.1} ms", time.as_secs_f64() * 1000.0);
                        }
                    }
                    let ms = started.elapsed().as_secs_f64() * 1000.0;
                    println!(
                        "Built {} pages ({} files) into {} in {ms:.0} ms",
                        report.pages,
                        report.files,
                        options.output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(errors) => {
                    for error in &errors {
                        eprintln!("{error}");
                    }
                    let noun = if errors.len() == 1 { "error" } else { "errors" };
                    eprintln!(
                        "Build failed with {} {noun}; nothing was written.",
                        errors.len()
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
}
