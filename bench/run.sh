#!/usr/bin/env bash
# bench/run.sh - `make bench`: measures skolesec's pages on loopback.
#
# Starts the release binary on a fresh demo database, reads its idle RSS,
# then drives each page with wrk (2 threads, 64 connections) and reports
# requests/s and wrk's latency percentiles next to the server's own time per
# request, taken from the access log (p50/p99). nginx serves the same page
# bytes statically in the same run as the reference for what the machine and
# loopback allow. Results: stdout and build/bench/results.md. Numbers are
# measurements, never assertions: nothing here fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${BENCH_SECONDS:-10}
OUT=build/bench
mkdir -p "$OUT"
bash scripts/install-deps.sh --bench >/dev/null
BIN=build/rel/skolesec
[ -x "$BIN" ] || { echo "bench: build $BIN first (make bench does)" >&2; exit 1; }

work=$(mktemp -d /tmp/skolesec-bench.XXXXXX)
cleanup() {
	[ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null || true
	[ -n "${NPID:-}" ] && kill "$NPID" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

DB="sqlite:$work/bench.db"
"$BIN" demo --db "$DB" >/dev/null
"$BIN" serve --db "$DB" --port 0 --threads 2 >"$work/out" 2>"$work/log" &
SPID=$!
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
PORT=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$work/out")
B="http://127.0.0.1:$PORT"
sleep 0.5
rss() { awk '/VmRSS/ {print $2}' "/proc/$SPID/status"; }
IDLE_RSS=$(rss)

# Log in once (a real argon2id check) and reuse the session cookie.
jar="$work/jar"
tok=$(curl -s -c "$jar" -b "$jar" "$B/login" | grep -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -s -c "$jar" -b "$jar" -o /dev/null -H "Origin: $B" \
	--data-urlencode "_csrf=$tok" --data-urlencode "email=admin@bergen.demo" \
	--data-urlencode "password=skolesec-demo" "$B/login"
SID=$(awk '$6 == "skolesec_sid" {print $7}' "$jar")
ORG=$(curl -s -o /dev/null -w '%{redirect_url}' -b "skolesec_sid=$SID" "$B/" | sed 's|.*/o/||')
[ -n "$SID" ] && [ -n "$ORG" ] || { echo "bench: login failed" >&2; exit 1; }

# The reference: nginx serving the bytes of the users page from memory/disk.
mkdir -p "$work/www"
curl -s -b "skolesec_sid=$SID" "$B/o/$ORG/users" >"$work/www/page.html"
NPORT=$((PORT + 1))
cat >"$work/nginx.conf" <<NGX
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
	access_log off;
	server { listen 127.0.0.1:$NPORT; root $work/www; location / { } }
}
NGX
/usr/sbin/nginx -c "$work/nginx.conf" -p "$work" &
NPID=$!
sleep 0.5

# Percentile $3 of the server times (ms) logged for path $2 in file $1.
spct() {
	grep " GET $2 200 " "$1" | awk '{sub("ms", "", $6); print $6}' | sort -n |
		awk -v p="$3" '{v[NR] = $1} END {if (NR == 0) {print "-"; exit} i = int(NR * p / 100); if (i < 1) i = 1; printf "%.2f", v[i]}'
}
row() { # name path [cookie]
	local name=$1 path=$2 cookie=${3:-}
	local args=(-t2 -c64 -d"${DUR}s" --latency)
	[ -n "$cookie" ] && args+=(-H "Cookie: skolesec_sid=$cookie")
	local before; before=$(wc -l <"$work/log")
	wrk "${args[@]}" "$B$path" >"$work/wrk.txt"
	local rps p50 p99
	rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
	p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
	p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
	tail -n +"$((before + 1))" "$work/log" >"$work/log.slice"
	local s50 s99
	s50=$(spct "$work/log.slice" "$path" 50)
	s99=$(spct "$work/log.slice" "$path" 99)
	printf '| %s | `%s` | %s | %s | %s | %s | %s | %s |\n' "$name" "$path" "$rps" "$p50" "$p99" "$s50" "$s99" "$(rss)"
}

{
	echo "# skolesec bench, $(date -u +%F) on $(nproc) cores, ${DUR}s per row, wrk -t2 -c64"
	echo
	echo "Idle RSS after start: ${IDLE_RSS} kB"
	echo
	echo "| page | path | req/s | wrk p50 | wrk p99 | server p50 ms | server p99 ms | RSS kB after |"
	echo "|---|---|---|---|---|---|---|---|"
	row "health check" "/healthz"
	row "login form (anonymous)" "/login"
	row "static CSS" "/static/app.css"
	row "org overview" "/o/$ORG" "$SID"
	row "schools" "/o/$ORG/schools" "$SID"
	row "users and roles" "/o/$ORG/users" "$SID"
	row "change log" "/o/$ORG/audit" "$SID"
	wrk -t2 -c64 -d"${DUR}s" --latency "http://127.0.0.1:$NPORT/page.html" >"$work/wrk.txt"
	printf '| nginx, same bytes as users page | static | %s | %s | %s | - | - | - |\n' \
		"$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")" \
		"$(awk '$1=="50%" {print $2}' "$work/wrk.txt")" "$(awk '$1=="99%" {print $2}' "$work/wrk.txt")"
} | tee "$OUT/results.md"
