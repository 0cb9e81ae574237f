#!/usr/bin/env bash
# Turns the CCTV news archive (../shared/data/news-xwlb-json/assets.tar.xz:
# assets/<YYYY>/<YYYYMMDD>.json, videoList[].video_detail) into one JSONL
# collection, one object per news item:
#   {"title": …, "content": plain text, "publish_date": "YYYY-MM-DD", "year": YYYY}
# Items whose content is empty once the HTML is stripped are left out.
# Idempotent: does nothing when OUT is newer than the archive.
# usage: bench/prepare_news_json.sh [OUT.jsonl] [ARCHIVE] [UNPACK_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bench-data/news-xwlb.jsonl}
archive=${2:-../shared/data/news-xwlb-json/assets.tar.xz}
unpack=${3:-$(dirname "$out")}
[ -f "$archive" ] || { echo "prepare_news_json.sh: no archive at $archive" >&2; exit 2; }
command -v jq >/dev/null || { echo "prepare_news_json.sh: jq is needed (apt-get install jq)" >&2; exit 2; }

if [ -s "$out" ] && [ "$out" -nt "$archive" ]; then
    exit 0
fi
mkdir -p "$unpack" "$(dirname "$out")"
if [ ! -d "$unpack/assets" ] || [ "$archive" -nt "$unpack/assets" ]; then
    rm -rf "$unpack/assets"
    tar -xJf "$archive" -C "$unpack"
    touch "$unpack/assets"
fi

# Paragraph and line breaks become newlines, other tags go, the common
# entities are decoded (&amp; last, so "&amp;lt;" stays "&lt;"). The date is
# pub_date, else pubtime (what the archive actually has), else the file name.
# shellcheck disable=SC2016
filter='
def text:
  gsub("\r"; "")
  | gsub("(?i)</p\\s*>|<br[^>]*>"; "\n")
  | gsub("<[^>]*>"; "")
  | gsub("&nbsp;|\u00a0"; " ") | gsub("&lt;"; "<") | gsub("&gt;"; ">") | gsub("&quot;"; "\"")
  | gsub("&amp;"; "&")
  | gsub("[ \t\u3000]*\n[ \t\u3000\n]*"; "\n")
  | sub("^[ \t\n\u3000]+"; "") | sub("[ \t\n\u3000]+$"; "");
(input_filename | capture("(?<d>[0-9]{8})\\.json$").d
   | "\(.[0:4])-\(.[4:6])-\(.[6:8])") as $fdate
| .videoList[]?.video_detail
| select(. != null)
| ((.content // "") | text) as $content
| select($content != "")
| ((.pub_date // .pubtime // "") | tostring | .[0:10]) as $d
| (if ($d | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) then $d else $fdate end) as $date
| {title: ((.title // "") | text), content: $content, publish_date: $date,
   year: ($date[0:4] | tonumber)}
'
tmp="$out.tmp.$$"
trap 'rm -f "$tmp" "$tmp".*' EXIT
# One jq per year, two at a time; the years are then joined in order.
mapfile -t years < <(find "$unpack/assets" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
# shellcheck disable=SC2016
printf '%s\n' "${years[@]}" | xargs -P 2 -I{} sh -c \
    'find "$1/assets/$2" -name "*.json" | sort | xargs jq -c "$3" > "$4.$2"' \
    sh "$unpack" {} "$filter" "$tmp"
for y in "${years[@]}"; do cat "$tmp.$y"; done > "$tmp"
mv "$tmp" "$out"
