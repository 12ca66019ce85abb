//! knead's integration tests: each module builds its own small sites with the real binary and
//! checks one part of the contract.

mod html;
mod ids;
mod support;

mod all_errors;
mod any_script;
mod authoring;
mod bad_input;
mod base_url;
mod builds;
mod care_cards;
mod determinism;
mod drafts;
mod escaping;
mod fuzz_corpus;
mod headings;
mod hostile;
mod line_endings;
mod links;
mod minify;
mod nothing_lost;
mod own_site;
mod pathological;
mod portable;
mod preview;
mod properties;
mod quiz;
mod relations;
mod search;
mod serve;
mod strict_values;
mod themes;
mod untrusted;
