#!/usr/bin/env bash
# update-po.sh - extracts the English msgids from src/ into po/skolesec.pot and
# merges them into the catalogues po/nb.po, po/nn.po and po/en.po.
#
# The xgettext keyword list lives here and only here: tests/i18n/check.sh
# calls `tools/update-po.sh --pot FILE` to extract from the current source
# without touching po/. Add a keyword here when a new function takes a msgid.
#
# Idempotent: the .pot is replaced only when its messages changed (xgettext
# stamps a fresh POT-Creation-Date on every run), and msgmerge --update leaves
# a catalogue alone when nothing changed. --no-fuzzy-matching, because a
# guessed (fuzzy) text is never shown and only hides a missing translation.
#
# Usage: tools/update-po.sh            update po/skolesec.pot and po/*.po
#        tools/update-po.sh --pot FILE write the extracted template to FILE only
set -euo pipefail

# Function name:argument number that holds a msgid.
KEYWORDS=(
	-k			# no default keywords (gettext, _ ...): only ours
	-kT:2 -khtml_t:2 -kN_:1
	-kpage_error:3 -kalert:3 -kform_input:3
	-klogin_form:3 -kusers_page:3 -kaccount_page:3
)
LANGS=(nb nn en)

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Writes the template for the current source to $1.
extract() {
	xgettext --from-code=UTF-8 -o "$1" "${KEYWORDS[@]}" \
		--add-comments=TRANSLATORS --sort-by-file \
		--package-name=skolesec --foreign-user \
		src/*.c src/*/*.c
}

# The messages of a .pot/.po without the creation and revision dates.
undated() {
	grep -v -e '^"POT-Creation-Date:' -e '^"PO-Revision-Date:' "$1"
}

if [ "${1:-}" = "--pot" ]; then
	[ $# -eq 2 ] || { echo "usage: $0 --pot FILE" >&2; exit 2; }
	extract "$2"
	exit 0
fi
[ $# -eq 0 ] || { echo "usage: $0 [--pot FILE]" >&2; exit 2; }

tmp=$(mktemp /tmp/skolesec-pot.XXXXXX)
trap 'rm -f "$tmp"' EXIT
extract "$tmp"
if [ -f po/skolesec.pot ] && [ "$(undated "$tmp")" = "$(undated po/skolesec.pot)" ]; then
	:	# unchanged: keep the old file and its date
else
	cat "$tmp" >po/skolesec.pot
	echo "po/skolesec.pot: $(grep -c '^msgid ' po/skolesec.pot) entries (with header)"
fi

for l in "${LANGS[@]}"; do
	po=po/$l.po
	if [ ! -f "$po" ]; then
		msginit --no-translator --locale="$l" --input=po/skolesec.pot --output-file="$po" 2>/dev/null
		# msginit may write a regional code (nb_NO) and keeps the .pot's
		# charset; the server and the brief want plain codes and UTF-8.
		sed -i -e "s/^\"Language: .*\\\\n\"$/\"Language: $l\\\\n\"/" \
			-e 's/^"Content-Type: text\/plain; charset=.*\\n"$/"Content-Type: text\/plain; charset=UTF-8\\n"/' "$po"
		# msginit fills an English catalogue with copies of the msgids;
		# English reads the msgid itself, so keep only what differs.
		if [ "$l" = en ]; then
			msgfilter --keep-header --input="$po" --output-file="$po" sed -e d
		fi
		echo "$po: created"
	fi
	msgmerge --quiet --update --backup=none --no-fuzzy-matching "$po" po/skolesec.pot
done
