#!/usr/bin/env bash
# Installs the system packages the tests need (the real peers and tools). Idempotent.
set -euo pipefail
packages=(kamailio kamailio-tls-modules sip-tester baresip-core socat openssl libspandsp-dev multimon-ng minimodem espeak-ng sox libasound2-dev alsa-utils libsrtp2-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
