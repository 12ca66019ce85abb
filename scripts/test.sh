#!/usr/bin/env bash
# knead's one test command: installs what the tests need on a fresh machine, then runs them all.
# Usage: bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Rust and Node.js (20 or newer, with npm) are required; fail early and clearly if one is missing.
command -v cargo >/dev/null || { echo "cargo not found: install Rust (https://rustup.rs)" >&2; exit 1; }
command -v node >/dev/null || { echo "node not found: install Node.js 20 or newer" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm not found: install npm with Node.js" >&2; exit 1; }

# The browser tests drive Debian's Chromium; install it only when it is missing (needs root).
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium
fi

# The Nu HTML Checker (tests/e2e/validate.test.js) runs on Java; install Debian's only when
# there is no java (needs root).
if ! command -v java >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y default-jre-headless
fi

# The browser tests' packages, exactly as tests/e2e/package-lock.json pins them.
npm ci --prefix tests/e2e --no-audit --no-fund

cargo fmt --check
cargo build --release --locked
cargo test --locked --all-targets

# The search scripts' unit tests.
node --test tests/js/

# End-to-end: real sites built with target/release/knead, searched in Chromium.
node --test tests/e2e/

# The build benchmark still runs: one 200-article build, figures printed, never judged. It needs
# the synthetic corpus generator beside the repository (../shared/bench/gencorpus.py).
if [ -f ../shared/bench/gencorpus.py ] || [ -n "${KNEAD_GENCORPUS:-}" ]; then
  python3 bench/build.py --quick
else
  echo "bench/build.py --quick not run: ../shared/bench/gencorpus.py is missing"
fi
