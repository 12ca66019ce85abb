//! Fuzz target: `knead::fuzzing::front_matter` on any UTF-8 text (other bytes are not text knead reads).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        knead::fuzzing::front_matter(text);
    }
});
