#!/usr/bin/env bash
# Invoice PDFs are rendered by weasyprint, which loads Pango (a C library) at import time.
# Install Debian's packages when it is missing, as frontend/scripts/ensure-chromium.sh does.
set -euo pipefail

if /sbin/ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0'; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-pango: libpango is missing and apt-get is not available;" >&2
  echo "install Pango (libpango-1.0-0, libpangoft2-1.0-0) for invoice PDFs." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "ensure-pango: installing Debian's Pango packages"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
