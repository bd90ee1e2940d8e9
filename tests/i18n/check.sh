#!/usr/bin/env bash
# check.sh - checks the translation catalogues against the current source.
#
# Bokmål is the interface's first language, so every msgid the source uses
# must have a real (non-empty, non-fuzzy) bokmål text; a missing one shows up
# as English in a Norwegian page. The msgids are extracted afresh from src/
# into a temporary file with the one keyword list in tools/update-po.sh, so a
# string added to the source without a translation fails here even when
# nobody ran update-po.sh. Nothing under po/ is written.
#
# Prints one line per check (PASS/FAIL, failures followed by the offending
# messages), INFO lines that are not counted (nynorsk coverage, stale
# entries), and ends with exactly one line "N passed, N failed". Exit 0.
#
# Usage: tests/i18n/check.sh
set -uo pipefail
export LC_ALL=C	# byte order for sort and comm, whatever the caller has

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 0

# msgstrs that may equal an English msgid because the word is the same in
# Norwegian (compared with every msgid, not only the entry's own).
ALLOW=("Status" "system" "App" "Feide" "EU–US Data Privacy Framework")

pass=0 fail=0
ok() { echo "PASS  $1"; pass=$((pass + 1)); }
bad() { echo "FAIL  $1"; fail=$((fail + 1)); }
# Prints the first lines of a list of problems, indented.
detail() { sed -n '1,40s/^/        /p'; }

tmp=$(mktemp -d /tmp/skolesec-i18n.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# One record per entry: fuzzy<TAB>msgid<TAB>msgstr, in .po escaped form
# (gettext writes a tab as \t, so a TAB separates fields safely). Obsolete
# entries are dropped first: the server skips "#~" lines too. Plural forms are
# not used by the project; their msgstr[N] counts as missing.
records() {
	msgattrib --no-obsolete --no-wrap "$1" 2>"$tmp/err" | awk '
		function flush() {
			if (have) print fuzzy "\t" id "\t" str
			have = 0; id = ""; str = ""
		}
		/^#,/ { if ($0 ~ /(^|[ ,])fuzzy([ ,]|$)/) pendfuzzy = 1; next }
		/^#/ { next }
		/^msgid "/ {
			flush(); have = 1; fuzzy = pendfuzzy; pendfuzzy = 0; cur = "id"
			id = substr($0, 8, length($0) - 8); next
		}
		/^msgstr "/ { cur = "str"; str = substr($0, 9, length($0) - 9); next }
		/^"/ {
			s = substr($0, 2, length($0) - 2)
			if (cur == "id") id = id s; else if (cur == "str") str = str s
			next
		}
		{ cur = "" }
		END { flush() }'
}

# 1. Extraction from the current source.
pot=$tmp/skolesec.pot
if bash tools/update-po.sh --pot "$pot" 2>"$tmp/err" && records "$pot" >"$tmp/pot.rec"; then
	awk -F'\t' '$2 != ""' "$tmp/pot.rec" | cut -f2 | sort -u >"$tmp/ids"
	n=$(wc -l <"$tmp/ids")
	if [ "$n" -gt 0 ]; then
		ok "extract: $n msgids from src/ (tools/update-po.sh --pot)"
	else
		bad "extract: no msgids found in src/"
	fi
else
	bad "extract: xgettext failed"
	detail <"$tmp/err"
	: >"$tmp/ids"
fi

# 2. Bokmål is complete.
if [ ! -f po/nb.po ]; then
	bad "nb: po/nb.po is missing"
elif ! records po/nb.po >"$tmp/nb.rec"; then
	bad "nb: po/nb.po cannot be read"
	detail <"$tmp/err"
else
	# msgids with a usable text: not fuzzy, msgstr not empty.
	awk -F'\t' '$1 == 0 && $2 != "" && $3 != ""' "$tmp/nb.rec" | cut -f2 | sort -u >"$tmp/nb.done"
	comm -23 "$tmp/ids" "$tmp/nb.done" >"$tmp/nb.missing"
	m=$(wc -l <"$tmp/nb.missing")
	if [ -s "$tmp/ids" ] && [ "$m" -eq 0 ]; then
		ok "nb: every msgid has a non-empty, non-fuzzy bokmål text ($(wc -l <"$tmp/ids"))"
	else
		bad "nb: $m msgid(s) without a non-empty, non-fuzzy bokmål text (add them to po/nb.po; tools/update-po.sh merges new msgids in)"
		sed 's/^/missing: /' "$tmp/nb.missing" | detail
	fi
	f=$(awk -F'\t' '$1 == 1 && $2 != ""' "$tmp/nb.rec" | wc -l)
	[ "$f" -eq 0 ] || echo "INFO  nb: $f fuzzy entries (not shown by the server)"
	cut -f2 "$tmp/nb.rec" | sed '/^$/d' | sort -u | comm -13 "$tmp/ids" - >"$tmp/nb.stale"
	[ -s "$tmp/nb.stale" ] && echo "INFO  nb: $(wc -l <"$tmp/nb.stale") entries no longer in the source (run tools/update-po.sh)"
fi

# 3-5. gettext's own validation, including format strings.
for l in nb nn en; do
	if [ ! -f "po/$l.po" ]; then
		bad "msgfmt -c --check-format po/$l.po: file is missing"
	elif msgfmt -c --check-format -o /dev/null "po/$l.po" 2>"$tmp/err"; then
		ok "msgfmt -c --check-format po/$l.po"
	else
		bad "msgfmt -c --check-format po/$l.po"
		detail <"$tmp/err"
	fi
done

# 6-7. No Norwegian text left in English, and 8-9. the same closing
# punctuation as the msgid (a sentence stays a sentence, a label a label).
printf '%s\n' "${ALLOW[@]}" | sort -u >"$tmp/allow"
for l in nb nn; do
	if [ ! -f "po/$l.po" ] || ! records "po/$l.po" >"$tmp/$l.rec"; then
		bad "$l: no msgstr equals an English msgid (po/$l.po unreadable)"
		bad "$l: closing punctuation matches the msgid (po/$l.po unreadable)"
		continue
	fi
	awk -F'\t' '$1 == 0 && $2 != "" && $3 != ""' "$tmp/$l.rec" >"$tmp/$l.live"
	cut -f3 "$tmp/$l.live" | sort -u | comm -12 - "$tmp/ids" | comm -23 - "$tmp/allow" >"$tmp/$l.same"
	if [ -s "$tmp/$l.same" ]; then
		bad "$l: $(wc -l <"$tmp/$l.same") msgstr(s) identical to an English msgid (translate, or allow-list in $0)"
		awk -F'\t' 'NR == FNR { same[$0] = 1; next } $3 in same { print $2 "  =>  " $3 }' \
			"$tmp/$l.same" "$tmp/$l.live" | detail
	else
		ok "$l: no msgstr equals an English msgid (allowed: ${ALLOW[*]})"
	fi
	awk -F'\t' '
		function end(s) { return s ~ /[.:?!)]$/ ? substr(s, length(s)) : "" }
		end($2) != end($3) { print $2 "  =>  " $3 }' "$tmp/$l.live" >"$tmp/$l.punct"
	if [ -s "$tmp/$l.punct" ]; then
		bad "$l: $(wc -l <"$tmp/$l.punct") msgstr(s) end with other punctuation than the msgid"
		detail <"$tmp/$l.punct"
	else
		ok "$l: closing punctuation matches the msgid"
	fi
done

# Nynorsk may be partial (missing texts fall back to bokmål): a number only.
if [ -s "$tmp/ids" ] && [ -f "$tmp/nn.live" ]; then
	done_nn=$(cut -f2 "$tmp/nn.live" | sort -u | comm -12 - "$tmp/ids" | wc -l)
	total=$(wc -l <"$tmp/ids")
	echo "INFO  nn coverage: $done_nn of $total msgids ($((100 * done_nn / total))%)"
fi

echo "$pass passed, $fail failed"
exit 0
