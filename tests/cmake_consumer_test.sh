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
# A sanitized smrt (make sanitize) needs its consumer built with the same
# sanitizers: ASan's runtime must come first in the program's libraries.
SANITIZE="$(sed -n 's/^SMRT_SANITIZE:STRING=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)"
FLAGS=()
if [[ -n "$SANITIZE" ]]; then
  FLAGS=(-DCMAKE_CXX_FLAGS="-fsanitize=$SANITIZE" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$SANITIZE")
fi
# C++14 as a consumer's default: smrt::smrt must ask for C++17 itself.
cmake -S "$SOURCE/examples/cmake_consumer" -B "$WORK/build" -DCMAKE_PREFIX_PATH="$WORK/prefix" -DCMAKE_CXX_STANDARD=14 \
  "${FLAGS[@]}" >/dev/null
cmake --build "$WORK/build" >/dev/null
OUT="$("$WORK/build/balance")"
echo "$OUT"
grep -q "kept 40 rows, added 20 synthetic rows" <<<"$OUT"
grep -q "ParameterError: .*k_neighbors" <<<"$OUT"
