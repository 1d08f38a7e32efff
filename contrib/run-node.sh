#!/usr/bin/env bash
# Installs what is missing, builds the release preset and starts hearthd (regtest by default) in the
# foreground. Any arguments are passed to hearthd, e.g. contrib/run-node.sh -regtest -printtoconsole.
set -euo pipefail
cd "$(dirname "$0")/.."
contrib/install-deps.sh
contrib/build.sh release >/dev/null
if [ $# -eq 0 ]; then
  set -- -regtest -printtoconsole
fi
exec build/release/bin/hearthd "$@"
