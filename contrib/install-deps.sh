#!/usr/bin/env bash
# Installs every Debian 12 package Hearth's build and tests need.
# Idempotent: prints nothing and installs nothing when all are present.
# Works as root or through sudo. With --fuzz, also clang-16 and its libFuzzer runtime (contrib/fuzz.sh).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkgconf git
  libsecp256k1-dev libssl-dev libleveldb-dev libsnappy-dev
  libboost-dev libzmq3-dev cppzmq-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev
  python3 python3-zmq
)
if [ "${1:-}" = "--fuzz" ]; then
  PACKAGES+=(clang-16 libclang-rt-16-dev)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null; then
  SUDO=(sudo)
else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
