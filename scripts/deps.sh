#!/usr/bin/env bash
# Installs the Debian packages zhengce needs, if any is missing.
# Quick when everything is there: it only asks dpkg.
set -euo pipefail

packages=(
  gcc g++ make cmake pkg-config
  libxapian-dev xapian-tools
  libjansson-dev
  libcmocka-dev
  libglib2.0-dev
  libcsv-dev
  libuchardet-dev
  libxml2-dev
  libmd4c-dev
  libutf8proc-dev
  libopencc-dev libopencc-data
  libxxhash-dev
  libzstd-dev
  libmicrohttpd-dev                   # the HTTP server (http/)
  libpoppler-glib-dev libcairo2-dev   # PDF (extract/pdf.c)
  libzip-dev                          # DOCX, XLSX, OFD containers
  libgsf-1-dev                        # OLE2 containers (DOC, XLS)
  antiword                            # the text of Word 97-2003 documents
  poppler-utils catdoc fonts-wqy-microhei  # the tests: independent readings, a CJK font for PDFs made there
  python3-jieba
  jq bc xz-utils   # the benchmarks (bench/)
  clang libclang-rt-14-dev   # the fuzz targets (scripts/fuzz.sh; libFuzzer, ASan)
  clang-format               # scripts/lint.sh
  gcovr                      # scripts/coverage.sh
)

# OCR of PDF pages without a usable text layer is optional, at run time:
# ZC_OCR=1 installs tesseract and its Simplified Chinese data too.
if [ "${ZC_OCR:-0}" = 1 ]; then
  packages+=(tesseract-ocr tesseract-ocr-chi-sim)
fi

# The search page's browser test (tests/test_http_page.py) runs headless
# Chromium when it is installed and is skipped otherwise: ZC_BROWSER=1
# installs it (scripts/test.sh does, for the whole suite).
if [ "${ZC_BROWSER:-0}" = 1 ]; then
  packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "zhengce: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "zhengce: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
