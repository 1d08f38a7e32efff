#!/usr/bin/env bash
# Configures and builds one preset (default: release) into build/<preset>.
# Usage: contrib/build.sh [release|debug|asan] [extra cmake --build args]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" "$@"
