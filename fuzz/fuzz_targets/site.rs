//! Fuzz target: the whole model stage on a small site cut from the input (see
//! `knead::fuzzing::site_files` for the format: pieces split at zero bytes, each naming its path
//! with its first byte).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    knead::fuzzing::site(data);
});
