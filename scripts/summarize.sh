#!/usr/bin/env bash
# Sums up test result files, one suite per file, and ends with exactly one line
#   N passed, N failed[, N skipped]
# Exits 1 if anything failed, if a file is missing, empty, unreadable as
# results or cut short (fewer TAP results than its plan: a crash), or if no
# test ran at all. Formats, recognised by content:
#   - TAP from cmocka (CMOCKA_MESSAGE_OUTPUT=TAP): "ok N - name", "not ok N - name",
#     "not ok N # SKIP name"; several "1..N" plans per file are allowed
#   - TAP from `node --test --test-reporter=tap`: its closing "# pass N",
#     "# fail N", "# cancelled N" (counted as failed), "# skipped N", "# todo N"
#     (todo and skipped are counted as skipped, never as passed)
#   - a plain line "N passed, N failed[, N skipped]" (the last one in the file)
# Usage: scripts/summarize.sh FILE...
set -euo pipefail

total_pass=0 total_fail=0 total_skip=0 problems=0

if [ $# -eq 0 ]; then
    echo "summarize: no result files given"
fi

for f in "$@"; do
    name=$(basename "$f")
    name=${name%.*}
    if [ ! -f "$f" ]; then
        printf '  FAIL  %-28s missing result file %s\n' "$name" "$f"
        total_fail=$((total_fail + 1)); problems=1
        continue
    fi
    # Prints: "pass fail skip note" on the first line, then failing tests.
    out=$(awk '
        function directive(line) {
            if (line ~ /#[ \t]*[Ss][Kk][Ii][Pp]/) return "skip"
            if (line ~ /#[ \t]*[Tt][Oo][Dd][Oo]/) return "todo"
            return ""
        }
        { sub(/\r$/, "") }
        /^# (tests|pass|fail|cancelled|skipped|todo) [0-9]+$/ {
            node[$2] = $3; has_node = 1; next
        }
        /^# Subtest: / { subtest = 1 }
        /^[ \t]*(not )?ok( [0-9]+)?([ \t]|$)/ {
            indented = ($0 ~ /^[ \t]/)
            line = $0; sub(/^[ \t]+/, "", line)
            d = directive(line)
            if (line ~ /^not ok/ && d == "") {
                if (nfailed < 20) failed[++nfailed] = line
                else more++
            }
            if (indented) next
            tap = 1; ran++
            if (d != "") skip++
            else if (line ~ /^not ok/) fail++
            else pass++
            next
        }
        /^1\.\.[0-9]+/ { tap = 1; n = $0; sub(/^1\.\./, "", n); planned += n + 0; next }
        /^([A-Za-z_-]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$/ {
            line = $0; sub(/^[A-Za-z_-]+: /, "", line)
            split(line, w, /[ ,]+/)
            plain = 1; pp = w[1]; pf = w[3]; ps = (w[5] == "" ? 0 : w[5])
        }
        END {
            if (has_node) {
                p = node["pass"] + 0
                fl = node["fail"] + node["cancelled"]
                s = node["skipped"] + node["todo"]
                print p, fl, s, "node"
            } else if (tap || subtest) {
                note = "tap"
                if (subtest) { fail++; note = "tap-no-summary" }
                if (ran < planned) { fail += planned - ran; note = "tap-cut-short:" (planned - ran) }
                print pass + 0, fail + 0, skip + 0, note
            } else if (plain) {
                print pp + 0, pf + 0, ps + 0, "plain"
            } else {
                print 0, 1, 0, "unrecognised"
            }
            for (i = 1; i <= nfailed; i++) print failed[i]
            if (more) print "... and " more " more"
        }' "$f")
    read -r p fl s note <<<"$(head -n 1 <<<"$out")"
    total_pass=$((total_pass + p)); total_fail=$((total_fail + fl)); total_skip=$((total_skip + s))
    status=PASS
    [ "$fl" -gt 0 ] && status=FAIL
    extra=""
    case "$note" in
        unrecognised)
            if [ -s "$f" ]; then extra="  (no results recognised in $f)"; else extra="  (empty result file)"; fi ;;
        tap-no-summary) extra="  (node TAP without its closing summary: run cut short)" ;;
        tap-cut-short:*) extra="  (${note#tap-cut-short:} planned test(s) never reported: crashed?)" ;;
    esac
    line=$(printf '  %s  %-28s passed=%s failed=%s' "$status" "$name" "$p" "$fl")
    [ "$s" -gt 0 ] && line="$line skipped=$s"
    echo "$line$extra"
    if [ "$fl" -gt 0 ]; then
        tail -n +2 <<<"$out" | sed 's/^/          /'
    fi
done

if [ $((total_pass + total_fail)) -eq 0 ]; then
    echo "summarize: no test ran"
    problems=1
fi
if [ "$total_skip" -gt 0 ]; then
    echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
    echo "$total_pass passed, $total_fail failed"
fi
[ "$total_fail" -eq 0 ] && [ "$problems" -eq 0 ]
