#!/usr/bin/env bash
# Debian packages the project needs beyond Python: a browser for the accessibility/UI tests,
# espeak-ng for non-Japanese speech, sox for audio checks, sipp for the phone-line tests.
# fonts-noto-cjk: the screenshots' and the admin analytics charts' Japanese labels (admin/analytics_charts.py).
# Idempotent: installs only what is missing; a no-op when everything is there.
set -euo pipefail
need=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages: ${need[*]} (run as root: apt-get install ${need[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
