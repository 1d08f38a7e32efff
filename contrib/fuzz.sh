#!/usr/bin/env bash
# Runs one fuzz target under libFuzzer (clang-16, ASan+UBSan) from its seed corpus for a while.
#   contrib/fuzz.sh <target> [seconds]      e.g. contrib/fuzz.sh chain_coins_view 300
# Targets are the files tests/fuzz/<layer>_<name>.cpp. The corpus grows in build/fuzz/corpus/<target>/;
# crashing inputs land in build/fuzz/artifacts/ (replay one: build/fuzz/tests/fuzz/fuzz_<target> <file>).
# CI does not run this: it replays the seed corpora under gcc (ctest label "fuzz"). clang-14, Debian's
# default, cannot build util (std::source_location), hence clang-16.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: contrib/fuzz.sh <target> [seconds]}
seconds=${2:-60}
if [ ! -f "tests/fuzz/$target.cpp" ]; then
  echo "fuzz: no tests/fuzz/$target.cpp; targets: $(cd tests/fuzz && ls ./*_*.cpp | sed 's|^\./||; s|\.cpp$||' | grep -v replay_main | tr '\n' ' ')" >&2
  exit 2
fi
contrib/install-deps.sh --fuzz
cmake -S . -B build/fuzz -G Ninja -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHEARTH_FUZZ=ON -DHEARTH_SANITIZE=ON \
  -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
cmake --build build/fuzz -j2 --target "fuzz_$target"
corpus="build/fuzz/corpus/$target"
mkdir -p "$corpus" build/fuzz/artifacts
if [ -d "tests/fuzz/corpus/$target" ]; then cp -n "tests/fuzz/corpus/$target"/* "$corpus"/ 2>/dev/null || true; fi
exec "build/fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -artifact_prefix=build/fuzz/artifacts/ "$corpus"
