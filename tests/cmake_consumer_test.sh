#!/usr/bin/env bash
# Installs smrt from BUILD into a temporary prefix, builds examples/cmake_consumer
# against it with find_package(smrt), and runs it.
set -euo pipefail
SOURCE="$1"; BUILD="$2"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null
test -f "$WORK/prefix/include/smrt/smrt.h"
test -f "$WORK/prefix/lib/cmake/smrt/smrtConfig.cmake"
cmake -S "$SOURCE/examples/cmake_consumer" -B "$WORK/build" -DCMAKE_PREFIX_PATH="$WORK/prefix" >/dev/null
cmake --build "$WORK/build" >/dev/null
OUT="$("$WORK/build/balance")"
echo "$OUT"
grep -q "kept 40 rows, added 20 synthetic rows" <<<"$OUT"
grep -q "ParameterError: .*k_neighbors" <<<"$OUT"
