#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs hearthd in the foreground.
#
# Without arguments: a regtest demo in a fresh temporary data directory — the node starts, 101 blocks are
# mined to a demo address through hearth-cli, and `hearth-cli status` is printed; the node keeps running
# until Ctrl-C (it then shuts down cleanly). With arguments: they are passed to hearthd as they are,
# e.g. contrib/run-node.sh -regtest -datadir=$HOME/.hearth -printtoconsole
set -euo pipefail
cd "$(dirname "$0")/.."
contrib/install-deps.sh
contrib/build.sh release >/dev/null
bin=build/release/bin
if [ $# -gt 0 ]; then
  exec "$bin/hearthd" "$@"
fi

datadir=$(mktemp -d /tmp/hearth-demo.XXXXXX)
echo "Hearth regtest demo: data directory $datadir (Ctrl-C stops the node)"
echo "In another terminal: $bin/hearth-cli -regtest -datadir=$datadir getblockchaininfo"
(
  cli=("$bin/hearth-cli" -regtest "-datadir=$datadir")
  "${cli[@]}" -rpcwait -rpcwaittimeout=60 getblockcount >/dev/null
  # BIP173's regtest example address; no wallet is needed to mine to it.
  "${cli[@]}" generatetoaddress 101 bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080 >/dev/null
  echo
  "${cli[@]}" status
) &
exec "$bin/hearthd" -regtest "-datadir=$datadir" -printtoconsole=0
