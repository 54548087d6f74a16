#!/usr/bin/env bash
# Renders .docx documents to PDF and PNG (one PNG per page) with LibreOffice and pdftoppm,
# to look at the layout. Not needed by CI or by the system itself.
#
#   scripts/render-docs.sh [--out DIR] [--dpi N] FILE.docx...
#
# The GB/T 9704 fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, Times New Roman) are rarely
# installed on Linux: scripts/fonts.conf maps them to Noto Serif/Sans CJK SC, AR PL UKai and
# AR PL UMing (apt-get install fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming) so the
# pictures show serif, sans and kai faces where the standard asks for them, at their metrics.
# Exit codes: 0 done, 2 bad usage, 3 soffice or pdftoppm missing, 4 a conversion failed.
set -euo pipefail

out=""
dpi=80
files=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="${2:-}"; shift 2 ;;
    --dpi) dpi="${2:-}"; shift 2 ;;
    -h|--help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) files+=("$1"); shift ;;
  esac
done
if [[ ${#files[@]} -eq 0 ]]; then
  echo "用法：scripts/render-docs.sh [--out 目录] [--dpi 分辨率] 文件.docx..." >&2
  exit 2
fi
if ! command -v soffice >/dev/null 2>&1; then
  echo "未找到 soffice：请先 apt-get install -y libreoffice-writer poppler-utils" >&2
  exit 3
fi
if ! command -v pdftoppm >/dev/null 2>&1; then
  echo "未找到 pdftoppm：请先 apt-get install -y poppler-utils" >&2
  exit 3
fi

# The free faces scripts/fonts.conf maps the GB/T 9704 fonts to, and their Debian packages.
# LibreOffice ignores the fallbacks a .docx lists in word/fontTable.xml (w:altName, w:panose1,
# w:family): it asks fontconfig for the run's one font name, so without these fonts and
# fonts.conf, 仿宋 and 小标宋 come out in a sans face.
missing=()
for pair in "Noto Serif CJK SC:fonts-noto-cjk" "Noto Sans CJK SC:fonts-noto-cjk" \
  "AR PL UMing CN:fonts-arphic-uming" "AR PL UKai CN:fonts-arphic-ukai"; do
  family="${pair%%:*}"
  package="${pair##*:}"
  if command -v fc-list >/dev/null 2>&1 && ! fc-list "$family" family | grep -q .; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "缺少字体（标题、正文将以黑体类字体显示）：请先 apt-get install -y $(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export FONTCONFIG_FILE="$(cd "$(dirname "$0")" && pwd)/fonts.conf"

status=0
for file in "${files[@]}"; do
  if [[ ! -f "$file" ]]; then
    echo "找不到文件：$file" >&2
    status=4
    continue
  fi
  dir="${out:-$(dirname "$file")}"
  mkdir -p "$dir"
  name="$(basename "${file%.*}")"
  # A private profile: no clash with a running LibreOffice, no first-start dialogs.
  if ! soffice -env:UserInstallation="file://$work/profile" --headless --convert-to pdf \
    --outdir "$dir" "$file" >"$work/soffice.log" 2>&1; then
    echo "转换失败：$file" >&2
    cat "$work/soffice.log" >&2
    status=4
    continue
  fi
  pdf="$dir/$name.pdf"
  if [[ ! -f "$pdf" ]]; then
    echo "转换失败（未生成 PDF）：$file" >&2
    cat "$work/soffice.log" >&2
    status=4
    continue
  fi
  pdftoppm -png -r "$dpi" "$pdf" "$dir/$name"
  echo "$pdf"
  ls "$dir/$name"*.png
done
exit "$status"
