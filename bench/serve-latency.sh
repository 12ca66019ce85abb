#!/usr/bin/env bash
# Time from saving an article to the served page showing the change, with knead serve.
# Usage: bash bench/serve-latency.sh [site folder] [article path below it]
# Default: this repository's site and one of its articles. Prints the median of 5 edits.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${1:-.}
article=${2:-content/causes/poor-posture.md}
cargo build --release -q
backup=$(mktemp)
cp "$root/$article" "$backup"
log=$(mktemp)
target/release/knead serve --root "$root" --port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; cp "$backup" "$root/$article"; rm -f "$backup" "$log"' EXIT
for _ in $(seq 100); do grep -q "Serving" "$log" && break; sleep 0.1; done
address=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" | head -1)
slug=$(basename "$article" .md)
collection=$(basename "$(dirname "$article")")
page="$address/$collection/$slug/"
times=()
for i in 1 2 3 4 5; do
  marker="edit-marker-$i-$RANDOM"
  start=$(date +%s%N)
  printf '\n%s\n' "$marker" >> "$root/$article"
  until curl -s "$page" | grep -q "$marker"; do sleep 0.01; done
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
  cp "$backup" "$root/$article"
  sleep 2  # an author reads the page before the next save; the search index catches up meanwhile
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "save-to-page latency over 5 edits (ms): $sorted-> median $median ms"
