//! knead's Markdown dialect, shared by the model's scan, care cards and the renderer: the
//! extensions it turns on, and the level a heading is shown at.

use pulldown_cmark::{HeadingLevel, Options};

/// The Markdown extensions knead turns on.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Body `#` headings become `h2`: the template shows the title as the page's one `h1`.
pub fn shown_level(level: HeadingLevel) -> u8 {
    (level as u8).max(2)
}
