//! How knead tells a person what went wrong: every error as `path:line: message` (the location
//! in bold and the message in red on a terminal, plain text when piped or when NO_COLOR is
//! set), then one closing line. `build`, `check` and the preview all print through here.

use anstyle::{AnsiColor, Color, Style};

use crate::error::Error;

const RED: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Red)));
const YELLOW: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Yellow)));

/// Prints every error, then `closing` with the count filled in: "Build failed with {count};
/// nothing was written." becomes "Build failed with 2 errors; nothing was written.".
pub fn errors(errors: &[Error], closing: &str) {
    for error in errors {
        located(Some(&error.location()), &error.kind.to_string(), RED);
    }
    message(&closing.replace("{count}", &count(errors.len(), "error", "errors")));
}

/// Prints a warning for `location` (`path:line:`).
pub fn warning(location: &str, text: &str) {
    located(Some(location), &format!("warning: {text}"), YELLOW);
}

/// Prints a message that has no location, in red on a terminal.
pub fn message(text: &str) {
    located(None, text, RED);
}

/// "1 error", "2 errors".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn located(location: Option<&str>, text: &str, style: Style) {
    let bold = Style::new().bold();
    match location {
        Some(location) => anstream::eprintln!("{bold}{location}{bold:#} {style}{text}{style:#}"),
        None => anstream::eprintln!("{style}{text}{style:#}"),
    }
}
