#!/usr/bin/env bash
# Runs before `npm test`, and with --runtime before `npm start`: the upload gate reads PDFs with qpdf and poppler
# (pdfinfo, pdfdetach); the suite also checks signatures with poppler's pdfsig and NSS certutil, and drives Debian's
# chromium. On a fresh Debian machine (as root) they are installed here; elsewhere this says what is missing.
set -euo pipefail
missing=()
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v pdfinfo >/dev/null 2>&1 || missing+=(poppler-utils)
if [ "${1:-}" != "--runtime" ]; then
  command -v pdfsig >/dev/null 2>&1 || missing+=(poppler-utils)
  command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages usulan needs: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "usulan needs these Debian packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
