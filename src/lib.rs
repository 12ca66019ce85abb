//! knead turns a folder of Markdown articles into a static health-education site, in four stages:
//! load (read the disk) → model (validate and link) → render (Markdown and templates) → output
//! (minify and write atomically). Only load and output touch the file system.

pub mod config;
pub mod error;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
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
}

/// Runs the four stages. On any error nothing is written and every error is returned.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Error>> {
    output::check_destination(&options.root, &options.output)?;
    let source = load::load(&options.root);
    let site = model::build(
        &source,
        &model::ModelOptions {
            drafts: options.drafts,
            base_url: options.base_url.clone(),
        },
    )?;
    let linker = render::urls::Linker {
        portable: options.portable,
    };
    // The search index is computed from the model alone; pages name its version in script URLs.
    let search = output::search_index::build(&site, linker);
    let render_options = render::RenderOptions {
        linker,
        search_version: search.version.clone(),
    };
    let pages = render::render(&site, &source, &render_options)?;
    let files = output::assemble(&site, &source, pages, search)?;
    output::write(&files, &options.output)
}
