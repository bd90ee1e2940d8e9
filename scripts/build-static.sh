#!/usr/bin/env bash
# Copies Designsystemet's built CSS from node_modules into static/vendor/ so
# the server serves it itself (no CDN, nothing fetched at run time):
#   static/vendor/designsystemet.css  <- @digdir/designsystemet-css  dist/src/index.css
#   static/vendor/theme.css           <- @digdir/designsystemet-theme brand/$DS_THEME.css
# The theme names its fonts (Inter, IBM Plex Mono) without @font-face, so the
# font-family tokens get a system font stack appended, and theme.css gets the
# one rule that applies the token to the page (see web/README.md).
# Idempotent: files whose content is unchanged are not rewritten.
#   bash scripts/build-static.sh          (DS_THEME=digdir by default)
set -euo pipefail

cd "$(dirname "$0")/.."

theme=${DS_THEME:-digdir}
css_pkg=node_modules/@digdir/designsystemet-css
theme_pkg=node_modules/@digdir/designsystemet-theme
out=static/vendor

src_css=$css_pkg/dist/src/index.css
src_theme=$theme_pkg/brand/$theme.css
for f in "$src_css" "$src_theme"; do
    if [ ! -f "$f" ]; then
        echo "build-static: missing $f (run: bash scripts/install-deps.sh)" >&2
        exit 1
    fi
done

mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp "$src_css" "$tmp/designsystemet.css"
# System font fallbacks after the theme's own family: a machine with Inter
# installed uses it, every other one gets its native UI font, never a serif.
sed -E \
    -e 's/(--ds-font-family:[[:space:]]*)IBM Plex Mono[[:space:]]*;/\1"IBM Plex Mono", ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;/' \
    -e 's/(--ds-font-family:[[:space:]]*)Inter[[:space:]]*;/\1Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;/' \
    "$src_theme" > "$tmp/theme.css"
# Designsystemet sets the body's size, weight and line height but leaves its
# font family to the page; without this a browser falls back to its serif.
cat >> "$tmp/theme.css" <<'CSS'

/* Added by scripts/build-static.sh: the page font from the theme's token. */
@layer ds.base {
  body, [data-typography] {
    font-family: var(--ds-font-family, system-ui, sans-serif);
  }
}
CSS
{
    echo "Designsystemet CSS, copied by scripts/build-static.sh (theme.css: system font fallbacks appended to the font-family tokens, plus a body font-family rule) from"
    echo "@digdir/designsystemet-css $(node -p "require('./$css_pkg/package.json').version" 2>/dev/null || echo '?')"
    echo "and @digdir/designsystemet-theme $(node -p "require('./$theme_pkg/package.json').version" 2>/dev/null || echo '?') (theme: $theme)."
    echo
    cat "$css_pkg/LICENSE"
} > "$tmp/LICENSE-designsystemet.txt"

# Nothing may point outside the page: only data: URLs, no @import, no @font-face.
for f in "$tmp/designsystemet.css" "$tmp/theme.css"; do
    if grep -oE 'url\([^)]*\)' "$f" | grep -vqE "^url\([\"']?data:"; then
        echo "build-static: $(basename "$f") references an external url(); copy that asset too" >&2
        exit 1
    fi
    if grep -qE '@import|@font-face' "$f"; then
        echo "build-static: $(basename "$f") has @import/@font-face; review web/README.md" >&2
        exit 1
    fi
done
if grep -qE -- '--ds-font-family:[[:space:]]*(Inter|IBM Plex Mono)[[:space:]]*;' "$tmp/theme.css"; then
    echo "build-static: theme font-family without fallback stack; update the sed in $0" >&2
    exit 1
fi

changed=0
for name in designsystemet.css theme.css LICENSE-designsystemet.txt; do
    if ! cmp -s "$tmp/$name" "$out/$name"; then
        cp "$tmp/$name" "$out/$name"
        changed=$((changed + 1))
    fi
done
if [ "$changed" -gt 0 ]; then
    echo "build-static: wrote $changed file(s) to $out/ (theme $theme)"
else
    echo "build-static: $out/ up to date"
fi
