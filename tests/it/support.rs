//! Fixture sites in temporary folders, the `knead` binary run on them, and readers for what it wrote.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The folder of this repository: its own site (site.yaml and content/) lives here.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a fresh temporary folder, deleted when dropped.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// A site made of `(path, contents)` pairs, paths relative to the site root.
    pub fn new(files: &[(&str, &str)]) -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temporary folder"),
        };
        for (path, contents) in files {
            site.write(path, contents.as_bytes());
        }
        site
    }

    /// Writes (or replaces) one file, creating its folders.
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> &Self {
        let full = self.root().join(path);
        fs::create_dir_all(full.parent().expect("a parent folder")).expect("create folders");
        fs::write(full, contents).expect("write fixture file");
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path in the site's temporary folder (for output folders beside the site's files).
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// `knead build --root <site>` with `args`, into the default output folder `<site>/public`.
    pub fn build(&self, args: &[&str]) -> Build {
        self.build_into(&self.path("public"), args)
    }

    /// `knead build --root <site> --output <output>` with `args`.
    pub fn build_into(&self, output: &Path, args: &[&str]) -> Build {
        build_site(self.root(), output, args)
    }
}

/// Runs `knead build --root <root> --output <output> <args>`.
pub fn build_site(root: &Path, output: &Path, args: &[&str]) -> Build {
    let mut command = Command::new(env!("CARGO_BIN_EXE_knead"));
    command
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(output)
        .args(args);
    run(command, output.to_path_buf())
}

/// Runs the binary with exactly `args` (no `--output` added), from `current_dir`.
pub fn knead_raw(current_dir: &Path, args: &[&str], output: PathBuf) -> Build {
    let mut command = Command::new(env!("CARGO_BIN_EXE_knead"));
    command.current_dir(current_dir).args(args);
    run(command, output)
}

fn run(mut command: Command, output: PathBuf) -> Build {
    let result = command.output().expect("run knead");
    Build {
        success: result.status.success(),
        code: result.status.code(),
        stdout: String::from_utf8(result.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(result.stderr).expect("stderr is UTF-8"),
        output,
    }
}

/// What one run of `knead build` did.
pub struct Build {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub output: PathBuf,
}

impl Build {
    /// Asserts the build succeeded with nothing on stderr.
    #[track_caller]
    pub fn ok(self) -> Build {
        assert!(
            self.success,
            "build failed ({:?})\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        assert_eq!(self.stderr, "", "a good build prints nothing on stderr");
        assert!(
            self.stdout.starts_with("Built "),
            "unexpected stdout: {}",
            self.stdout
        );
        self
    }

    /// Asserts the build failed with a non-zero exit status and the closing summary line.
    #[track_caller]
    pub fn failed(self) -> Build {
        assert!(
            !self.success,
            "build should have failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert_ne!(self.code, Some(0));
        assert!(
            self.stderr
                .trim_end()
                .lines()
                .last()
                .is_some_and(|l| l.starts_with("Build failed with ")
                    && l.ends_with("; nothing was written.")),
            "missing the closing line on stderr:\n{}",
            self.stderr
        );
        self
    }

    /// The error lines on stderr, without the closing summary line.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| !l.starts_with("Build failed with "))
            .collect()
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.output.join(relative).is_file()
    }

    /// An output file as text.
    #[track_caller]
    pub fn read(&self, relative: &str) -> String {
        let path = self.output.join(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The `<main>...</main>` element of an output page.
    #[track_caller]
    pub fn main(&self, relative: &str) -> String {
        main_element(&self.read(relative))
    }

    /// Every output file, by `/`-separated path relative to the output folder.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.output)
    }
}

/// The `<main ...>...</main>` element of a page.
#[track_caller]
pub fn main_element(html: &str) -> String {
    let start = html.find("<main").expect("page has a <main> element");
    let end = html[start..].find("</main>").expect("<main> is closed") + start;
    html[start..end + "</main>".len()].to_string()
}

/// Every file below `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    collect(dir, dir, &mut files);
    files
}

fn collect(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.expect("folder entry").path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let relative = path
                .strip_prefix(base)
                .expect("below base")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(relative, fs::read(&path).expect("read output file"));
        }
    }
}

/// Asserts two trees hold the same paths with the same bytes, naming the first difference.
#[track_caller]
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let a_paths: Vec<&String> = a.keys().collect();
    let b_paths: Vec<&String> = b.keys().collect();
    assert_eq!(a_paths, b_paths, "the two trees hold different files");
    for (path, bytes) in a {
        assert!(bytes == &b[path], "`{path}` differs between the two trees");
    }
}

/// An article file: front matter lines (`key: value`, one per line) then a body.
pub fn article(front_matter: &str, body: &str) -> String {
    format!("---\n{}\n---\n\n{body}\n", front_matter.trim_end())
}

/// `site.yaml` with just a title.
pub const SITE: (&str, &str) = ("site.yaml", "title: Test site\n");

/// Breaks minified HTML into lines before each block-level tag, so a snapshot reads well.
/// Only line breaks are added: joining the lines gives back the exact bytes.
pub fn lines(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "main",
        "header",
        "footer",
        "nav",
        "section",
        "article",
        "div",
        "p",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "blockquote",
        "pre",
    ];
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let name: String = rest[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let opening = !rest[1..].starts_with('/');
        if opening && BLOCKS.contains(&name.as_str()) && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('<');
        rest = &rest[1..];
    }
    out.push_str(rest);
    out
}
