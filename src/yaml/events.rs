//! libyaml's event stream, with the line of each event: the same parser serde_yaml reads values
//! with (through unsafe-libyaml), so the positions knead reports always match the values it
//! reads. The only unsafe code in knead lives here, behind a safe iterator.

use std::mem::MaybeUninit;

use unsafe_libyaml as sys;

/// One event of the stream, as much of it as knead needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A scalar: its text, and whether it was written plain (no quotes, no block style).
    Scalar {
        value: String,
        plain: bool,
    },
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
    /// `*name`: a node written elsewhere.
    Alias,
    /// Stream and document starts and ends.
    Other,
}

/// The events of `text`, each with the byte offset where it starts; stops at the end of the
/// stream or at the first syntax error (which serde_yaml reports with its own words). An offset,
/// not libyaml's line: libyaml also breaks lines at a lone `\r`, U+0085 and U+2028, which
/// editors and knead's messages do not.
pub struct Events<'t> {
    parser: Box<MaybeUninit<sys::yaml_parser_t>>,
    initialised: bool,
    done: bool,
    /// The parser reads from this text, which must outlive it.
    _text: &'t [u8],
}

impl<'t> Events<'t> {
    pub fn new(text: &'t str) -> Events<'t> {
        let mut parser = Box::new(MaybeUninit::<sys::yaml_parser_t>::uninit());
        // SAFETY: the parser is initialised before use and deleted once in `drop`; its input is
        // `text`, which the lifetime 't keeps alive as long as the parser.
        let initialised = unsafe { sys::yaml_parser_initialize(parser.as_mut_ptr()).ok };
        if initialised {
            unsafe {
                sys::yaml_parser_set_input_string(
                    parser.as_mut_ptr(),
                    text.as_ptr(),
                    text.len() as u64,
                );
            }
        }
        Events {
            parser,
            initialised,
            done: !initialised,
            _text: text.as_bytes(),
        }
    }
}

impl Iterator for Events<'_> {
    type Item = (Event, usize);

    fn next(&mut self) -> Option<(Event, usize)> {
        if self.done {
            return None;
        }
        let mut raw = MaybeUninit::<sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new` (`done` is set otherwise); a successful
        // parse fills `raw`, which is read, then deleted once.
        unsafe {
            if !sys::yaml_parser_parse(self.parser.as_mut_ptr(), raw.as_mut_ptr()).ok {
                self.done = true;
                return None;
            }
            let raw = raw.assume_init_mut();
            let offset = raw.start_mark.index as usize;
            let event = convert(raw);
            if raw.type_ == sys::YAML_STREAM_END_EVENT {
                self.done = true;
            }
            sys::yaml_event_delete(raw);
            Some((event, offset))
        }
    }
}

/// SAFETY: `raw` must be an event filled by `yaml_parser_parse` and not yet deleted.
unsafe fn convert(raw: &sys::yaml_event_t) -> Event {
    match raw.type_ {
        sys::YAML_SCALAR_EVENT => {
            let scalar = unsafe { raw.data.scalar };
            let bytes = if scalar.value.is_null() {
                &[][..]
            } else {
                unsafe { std::slice::from_raw_parts(scalar.value, scalar.length as usize) }
            };
            Event::Scalar {
                value: String::from_utf8_lossy(bytes).into_owned(),
                plain: scalar.style == sys::YAML_PLAIN_SCALAR_STYLE,
            }
        }
        sys::YAML_SEQUENCE_START_EVENT => Event::SequenceStart,
        sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
        sys::YAML_MAPPING_START_EVENT => Event::MappingStart,
        sys::YAML_MAPPING_END_EVENT => Event::MappingEnd,
        sys::YAML_ALIAS_EVENT => Event::Alias,
        _ => Event::Other,
    }
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        // SAFETY: deleted once, and only when `new` initialised it.
        if self.initialised {
            unsafe { sys::yaml_parser_delete(self.parser.as_mut_ptr()) };
        }
    }
}
