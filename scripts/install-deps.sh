#!/usr/bin/env bash
# Installs what skolesec needs to build and test: Debian packages (only the
# missing ones) and the npm dev dependencies from package-lock.json.
# Idempotent and quick when everything is present.
#   bash scripts/install-deps.sh           build + test dependencies
#   bash scripts/install-deps.sh --bench   also wrk and nginx-light (make bench)
set -euo pipefail

cd "$(dirname "$0")/.."

bench=0
for arg in "$@"; do
    case "$arg" in
        --bench) bench=1 ;;
        -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
        *) echo "install-deps: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

pkgs=(build-essential pkg-config clang libclang-rt-14-dev libmicrohttpd-dev
      libsqlite3-dev sqlite3 libpq-dev postgresql-15 libjansson-dev
      libsodium-dev libcmark-dev libcmocka-dev libcurl4-openssl-dev gettext
      libcairo2-dev libpango1.0-dev libxlsxwriter-dev fonts-dejavu-core
      poppler-utils
      chromium)
# Node may come from outside apt (it does on the development machines).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    pkgs+=(nodejs npm)
fi
if [ "$bench" = 1 ]; then
    pkgs+=(wrk nginx-light)
fi

missing=()
for p in "${pkgs[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    if [ "$status" != "install ok installed" ]; then
        missing+=("$p")
    fi
done

if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi

if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-deps: apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq >/dev/null
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq "${missing[@]}" >/dev/null
    echo "install-deps: installed ${#missing[@]} Debian package(s)"
else
    echo "install-deps: Debian packages present"
fi

if [ -f package-lock.json ]; then
    if [ ! -f node_modules/.package-lock.json ] ||
       [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "install-deps: npm ci"
        npm ci --no-audit --no-fund --loglevel=error >/dev/null
        echo "install-deps: npm packages installed"
    else
        echo "install-deps: npm packages present"
    fi
fi
