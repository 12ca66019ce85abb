#!/usr/bin/env bash
# Runs knead's fuzz targets one after another, each for a fixed time on one core.
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]   (default: 600 seconds, every target)
# New inputs go to fuzz/work/<target>/ (not kept in git); crashes to fuzz/artifacts/<target>/.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(front_matter markdown quiz site_yaml site)
fi
# Built optimised, with debug assertions and overflow checks (cargo fuzz's default).
cargo +nightly fuzz build
status=0
for target in "${targets[@]}"; do
  mkdir -p "work/$target"
  echo "== $target: $seconds s"
  # The inputs that once failed are seeds too.
  seeds=("corpus/$target")
  if [ -d "regressions/$target" ]; then seeds+=("regressions/$target"); fi
  # One process, one rayon thread: the fuzzer shares the machine with other work.
  RAYON_NUM_THREADS=1 cargo +nightly fuzz run "$target" "work/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -print_final_stats=1 >"work/$target.log" 2>&1 || status=1
  grep -E "DONE|panicked|ERROR|SUMMARY|Test unit written|stat::number_of_executed_units" "work/$target.log"
done
exit $status
