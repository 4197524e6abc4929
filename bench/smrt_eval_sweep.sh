#!/bin/bash
# Re-runs the SMRT setting sweeps behind docs/neural.md ("Transfer cap, neighbour filter,
# augmentation") and docs/results.md (protocols b, c, d with SMRT's options): one
# `smrt eval` per setting, each report under OUT/<protocol>-<n>/, and the summary rows
# of every run gathered in OUT/summary.txt.
#
#   bash bench/smrt_eval_sweep.sh [a|b|c|d|all] [OUT]      # default: all, /tmp/smrt-sweep
#   THREADS=2 bash bench/smrt_eval_sweep.sh b10 [OUT]       # session 12: b with a 10-epoch CNN
#   bash bench/smrt_eval_sweep.sh d-transfer [OUT]          # session 12: transfer on tables, seeds 0-4 and 5-9
#
# THREADS (default 1) is smrt's --threads: the CNN protocols move with it (docs/neural.md).
# Timings (session 9, 2 cores, load 1-8): a full about 6-10 min a setting, b quick 1.5-3 min,
# c quick 5 min, d full 40 s. SMOTE's rows come from the same splits (every run is seeded).
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
out="${2:-/tmp/smrt-sweep}"
smrt="${SMRT:-build/smrt}"
threads="${THREADS:-1}"
mkdir -p "$out"
summary="$out/summary.txt"
: > "$summary"

run() {  # run PROTOCOL SCALE_ARGS METHODS [--param k=v ...]
  local protocol=$1 scale=$2 methods=$3
  shift 3
  local n
  n=$(find "$out" -maxdepth 1 -type d -name "$protocol-*" | wc -l)
  local dir="$out/$protocol-$n"
  # shellcheck disable=SC2086
  "$smrt" --threads "$threads" eval --protocol "$protocol" $scale --methods "$methods" "$@" --out "$dir" > "$dir.log" 2>&1
  {
    echo "== protocol $protocol ${*:-(defaults)}"
    if [ "$protocol" = d ]; then grep -A2 "^wins / ties" "$dir.log" | head -1; else grep -A20 "^method" "$dir.log" | grep -v "^report" | grep -v "^$"; fi
  } >> "$summary"
}

if [ "$which" = a ] || [ "$which" = all ]; then
  run a --full none,SMOTE,SMRT
  for p in "smrt.transfer_neighbors=0" "smrt.transfer=0.25" "smrt.transfer_neighbors=10" "smrt.interpolate=true" \
           "smrt.scale=1.5" "smrt.filter_neighbors=5" "smrt.filter_neighbors=1"; do
    run a --full SMRT --param "$p"
  done
  run a --full SMRT --param smrt.filter_neighbors=10 --param smrt.filter_share=0.1
fi
if [ "$which" = b ] || [ "$which" = all ]; then
  run b "--seeds 3" "random over,SMOTE,augment,SMRT"
  for p in "smrt.transfer=0" "smrt.scale=1.5" "smrt.augment=True" "smrt.transfer_neighbors=0"; do
    run b "--seeds 3" SMRT --param "$p"
  done
fi
if [ "$which" = c ] || [ "$which" = all ]; then
  run c "--seeds 5" over,SMRT
  for p in "smrt.transfer=0" "smrt.transfer_neighbors=0" "smrt.transfer_neighbors=10"; do
    run c "--seeds 5" SMRT --param "$p"
  done
fi
if [ "$which" = d ] || [ "$which" = all ]; then
  run d --full SMOTE,SMRT
  for p in "smrt.filter_neighbors=5" "smrt.transfer=0.25" "smrt.scale=1.5" "smrt.scale=2.0" \
           "smrt.interpolate=true" "smrt.scale=3" "smrt.min_error_sample=0.5" "smrt.n_epochs=300"; do
    run d --full SMOTE,SMRT --param "$p"
  done
  run d --full SMOTE,SMRT --param smrt.interpolate=true --param smrt.scale=0.5
  run d --full SMOTE,SMRT --param smrt.interpolate=true --param smrt.scale=2
fi
if [ "$which" = b10 ]; then
  run b "--seeds 3 --cnn-epochs 10" "random over,SMRT"
  for p in "smrt.augment=True" "smrt.transfer=1.0" "smrt.transfer=0.8" "smrt.filter_neighbors=5" \
           "smrt.n_epochs=40" "smrt.architecture=conv" "smrt.transfer=0.25" "smrt.scale=1.5" "smrt.scale=2"; do
    run b "--seeds 3 --cnn-epochs 10" SMRT --param "$p"
  done
  run b "--seeds 3 --cnn-epochs 10" SMRT --param smrt.transfer=0.15
  run b "--seeds 3 --cnn-epochs 10" SMRT --param smrt.transfer=0.25 --param smrt.scale=0.5
  run b "--seeds 3 --cnn-epochs 10" SMRT --param smrt.transfer=0.25 --param smrt.interpolate=true
  run c "--seeds 5" SMRT --param smrt.architecture=conv
fi
if [ "$which" = d-transfer ]; then
  for first in 0 5; do
    run d "--full --first-seed $first" SMOTE,SMRT
    for t in 0.1 0.25 0.4 0.5 0.6 0.75 1.0; do
      run d "--full --first-seed $first" SMOTE,SMRT --param "smrt.transfer=$t"
    done
    run d "--full --first-seed $first" SMOTE,SMRT --param smrt.transfer=0.5 --param smrt.filter_neighbors=5 \
      --param smrt.filter_share=0.2
  done
fi
echo "summary: $summary"
