//! Where each key and value of a YAML document is written: the line of every key (or list
//! item) and of every value, by path, read once from the parser's events. serde's values carry
//! no positions; this is what lets an error name the line of the offending key or value itself,
//! however deeply it is nested, instead of a line found by searching the text.

use std::collections::{HashMap, HashSet};

use super::events::{Event, Events};

/// One step of a path into a document: a key of a map, or an index into a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// Where one node is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The line of its key, or of its `-` in a list.
    pub key: usize,
    /// The line its value starts on.
    pub value: usize,
}

/// The place of every node of a document, by path.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    places: HashMap<Vec<Step>, Place>,
    /// The first key a map holds twice: the path of the second one, and its line.
    pub duplicate: Option<(Vec<Step>, usize)>,
}

impl Positions {
    /// The positions of `text`'s first document; as far as it could be read when it has a
    /// syntax error.
    pub fn read(text: &str) -> Positions {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut walk = Walk::default();
        for (event, offset) in Events::new(text) {
            let line = line_starts.partition_point(|&start| start <= offset);
            walk.event(event, line);
            if walk.finished {
                break;
            }
        }
        walk.positions
    }

    pub fn place(&self, path: &[Step]) -> Option<Place> {
        self.places.get(path).copied()
    }

    /// The line of a key (or list item), or `None` when the path is not in the document.
    pub fn key_line(&self, path: &[Step]) -> Option<usize> {
        self.place(path).map(|p| p.key)
    }

    /// The line of the key or list item at `path`, or else of the nearest map or list holding
    /// it (a missing key is reported on the line of the map that lacks it); 1 when none is known.
    pub fn line_or_enclosing(&self, path: &[Step]) -> usize {
        (0..=path.len())
            .rev()
            .find_map(|n| self.key_line(&path[..n]))
            .unwrap_or(1)
    }

    /// The line a value starts on.
    pub fn value_line(&self, path: &[Step]) -> Option<usize> {
        self.place(path).map(|p| p.value)
    }
}

/// Deeper than this, serde_yaml refuses the document anyway (its limit is 128), so the walk
/// stops instead of copying ever longer paths.
const MAX_DEPTH: usize = 256;

/// An open map or list, and where the walk is inside it.
enum Frame {
    Map {
        path: Vec<Step>,
        /// The key just read and its line, while its value is awaited.
        key: Option<(String, usize)>,
        seen: HashSet<String>,
    },
    List {
        path: Vec<Step>,
        next: usize,
    },
    /// A map or list used as a key (allowed by YAML, never by knead's files): skipped whole.
    Skipped {
        depth: usize,
    },
}

#[derive(Default)]
struct Walk {
    positions: Positions,
    stack: Vec<Frame>,
    /// The first document has been read: later ones are not knead's.
    finished: bool,
}

impl Walk {
    fn event(&mut self, event: Event, line: usize) {
        if self.finished || event == Event::Other {
            return;
        }
        if let Some(Frame::Skipped { depth }) = self.stack.last_mut() {
            match event {
                Event::MappingStart | Event::SequenceStart => *depth += 1,
                Event::MappingEnd | Event::SequenceEnd if *depth == 0 => {
                    self.stack.pop();
                    self.key_read(String::new(), line);
                }
                Event::MappingEnd | Event::SequenceEnd => *depth -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.finished = self.stack.is_empty();
            }
            event if self.expects_key() => match event {
                Event::Scalar { value, .. } => self.key_read(value, line),
                _ => self.stack.push(Frame::Skipped { depth: 0 }),
            },
            event => self.value(event, line),
        }
    }

    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn key_read(&mut self, name: String, line: usize) {
        if let Some(Frame::Map { path, key, seen }) = self.stack.last_mut() {
            if !seen.insert(name.clone()) && self.positions.duplicate.is_none() {
                let mut at = path.clone();
                at.push(Step::Key(name.clone()));
                self.positions.duplicate = Some((at, line));
            }
            *key = Some((name, line));
        }
    }

    /// A value starts: its place is recorded, and a map or list is entered.
    fn value(&mut self, event: Event, line: usize) {
        let (path, key_line) = match self.stack.last_mut() {
            Some(Frame::Map { path, key, .. }) => {
                let (name, key_line) = key.take().unwrap_or_default();
                let mut path = path.clone();
                path.push(Step::Key(name));
                (path, key_line)
            }
            Some(Frame::List { path, next }) => {
                let mut path = path.clone();
                path.push(Step::Index(*next));
                *next += 1;
                (path, line)
            }
            Some(Frame::Skipped { .. }) => return,
            None => (Vec::new(), line),
        };
        let place = Place {
            key: key_line,
            value: line,
        };
        self.positions.places.entry(path.clone()).or_insert(place);
        if self.stack.len() >= MAX_DEPTH {
            self.finished = true;
            return;
        }
        match event {
            Event::MappingStart => self.stack.push(Frame::Map {
                path,
                key: None,
                seen: HashSet::new(),
            }),
            Event::SequenceStart => self.stack.push(Frame::List { path, next: 0 }),
            _ => self.finished = self.stack.is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Step {
        Step::Key(name.to_string())
    }

    fn at(steps: &[&str]) -> Vec<Step> {
        steps
            .iter()
            .map(|s| match s.parse() {
                Ok(i) => Step::Index(i),
                Err(_) => key(s),
            })
            .collect()
    }

    #[test]
    fn every_key_and_value_has_its_line() {
        let text = "title: A\n\nsources:\n  - title: X\n    url: https://a.example\n  - {title: Y, url: b}\ntags: [a,\n  b]\nsummary:\n  Two lines\n  of text.\n";
        let p = Positions::read(text);
        assert_eq!(p.key_line(&at(&["title"])), Some(1));
        assert_eq!(p.place(&at(&["sources"])), Some(Place { key: 3, value: 4 }));
        assert_eq!(p.key_line(&at(&["sources", "0"])), Some(4));
        assert_eq!(p.key_line(&at(&["sources", "0", "url"])), Some(5));
        assert_eq!(p.key_line(&at(&["sources", "1", "url"])), Some(6));
        assert_eq!(p.key_line(&at(&["tags", "1"])), Some(8));
        assert_eq!(
            p.place(&at(&["summary"])),
            Some(Place { key: 9, value: 10 })
        );
        assert_eq!(p.key_line(&at(&["nothing"])), None);
        assert_eq!(p.duplicate, None);
    }

    #[test]
    fn a_key_given_twice_is_found_where_it_is_given_again() {
        let p = Positions::read("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\na: 4\n");
        assert_eq!(p.duplicate, Some((at(&["b", "c"]), 5)));
    }

    #[test]
    fn lines_are_counted_at_line_feeds_only() {
        // libyaml also breaks lines at a lone carriage return; editors do not.
        let p = Positions::read("title: \"a\rb\"\r\nsummary: c\n");
        assert_eq!(p.key_line(&at(&["summary"])), Some(2));
    }

    #[test]
    fn odd_documents_are_read_without_trouble() {
        for text in [
            "",
            "just text",
            "- a\n- b",
            "? [a, b]\n: c\nd: e\n",
            "a: &x 1\nb: *x\n",
            "a: [\n",
        ] {
            Positions::read(text);
        }
        let p = Positions::read("? [a, b]\n: c\nd: e\n");
        assert_eq!(p.key_line(&at(&["d"])), Some(3));
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        Positions::read(&deep);
    }
}
