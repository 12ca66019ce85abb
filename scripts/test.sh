#!/usr/bin/env bash
# knead's one test command: installs what the tests need on a fresh machine, then runs them all.
# Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Rust is the only requirement so far; fail early and clearly if it is missing.
command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs)" >&2; exit 1; }

cargo fmt --check
cargo build --release --locked
cargo test --locked --all-targets
