# skolesec - build, run and test. GNU Make; see README.md.
#
#   make run       install what is missing, build, load demo data, serve :8080
#   make test      build and run every test suite (SQLite and PostgreSQL)
#   make fuzz      run each fuzzer for FUZZ_SECONDS (default 60)
#   make bench     (see docs/performance.md)
#
# SANITIZE=1 builds everything with ASan+UBSan into build/san (CI does this).

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libpq jansson libsodium pangocairo xlsxwriter libcmark
SANITIZE ?= 0

ifeq ($(SANITIZE),1)
B       := build/san
XFLAGS  := -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
B       := build/rel
XFLAGS  := -O2
endif

CFLAGS  += -std=c17 -g -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow \
           -Wformat=2 -Wno-format-nonliteral -D_GNU_SOURCE -MMD -MP $(XFLAGS) \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lmicrohttpd -lsqlite3 -lpq -ljansson -lsodium -lpangocairo-1.0 -lpango-1.0 -lgobject-2.0 -lglib-2.0 -lcairo -lxlsxwriter -lcmark) -lpthread
LDFLAGS += $(XFLAGS)

SRC     := $(filter-out src/main.c,$(wildcard src/*.c src/*/*.c))
OBJ     := $(SRC:%.c=$(B)/%.o) $(B)/gen/migrations.o
MIGS    := $(sort $(wildcard src/db/migrations/*.sql))
BIN     := $(B)/skolesec
UNIT    := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))
RESULTS := build/test-results
LOGS    := build/test-logs

.PHONY: all deps static run test unit http-sqlite http-pg e2e e2e-sqlite e2e-pg i18n fuzz fuzz-brief bench clean
all: $(BIN) static
	@ln -sfn $(patsubst build/%,%,$(BIN)) build/skolesec

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/gen/migrations.c: $(MIGS) tools/embed-migrations.sh
	@mkdir -p $(dir $@)
	sh tools/embed-migrations.sh $@ $(MIGS)

$(B)/gen/migrations.o: $(B)/gen/migrations.c
	$(CC) $(CFLAGS) -Isrc -c $< -o $@

$(B)/libskolesec.a: $(OBJ)
	ar rcs $@ $^

$(BIN): $(B)/src/main.o $(B)/libskolesec.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@bash scripts/install-deps.sh

static: static/vendor/designsystemet.css static/app.css
static/app.css: web/app.css
	cp web/app.css $@
static/vendor/designsystemet.css: package-lock.json
	@bash scripts/build-static.sh

run: deps all
	@mkdir -p var
	./build/skolesec demo
	@echo "Open http://localhost:8080 and log in with one of the accounts above."
	./build/skolesec serve --insecure-cookies

# ---- tests -------------------------------------------------------------
$(B)/tests/%: tests/unit/%.c tests/unit/unit.h $(B)/libskolesec.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(B)/libskolesec.a $(LDLIBS) -lcmocka $(LDFLAGS)

unit: $(UNIT)
	@mkdir -p $(RESULTS) $(LOGS)
	@for t in $(UNIT); do \
		CMOCKA_MESSAGE_OUTPUT=TAP $$t > $(RESULTS)/unit-$$(basename $$t).tap 2>$(LOGS)/unit-$$(basename $$t).err || true; \
	done

HTTP_TESTS := $(wildcard tests/http/*.test.mjs)
http-sqlite: all
	@mkdir -p $(RESULTS)
	-SKOLESEC_TEST_PG= SKOLESEC_BIN=$(CURDIR)/$(BIN) node --test --test-concurrency=1 --test-reporter=tap $(HTTP_TESTS) > $(RESULTS)/http-sqlite.tap 2>&1

# Uses the cluster `make test` started (SKOLESEC_TEST_PG), or starts its own.
http-pg: all
	@mkdir -p $(RESULTS)
	@if [ -n "$$SKOLESEC_TEST_PG" ]; then \
		SKOLESEC_BIN=$(CURDIR)/$(BIN) node --test --test-concurrency=1 --test-reporter=tap $(HTTP_TESTS) > $(RESULTS)/http-pg.tap 2>&1 || true; \
	else d=$$(mktemp -d /tmp/skolesec-pg.XXXXXX); \
		if bash scripts/pg-test.sh start $$d > /dev/null; then \
			SKOLESEC_TEST_PG=$$d SKOLESEC_BIN=$(CURDIR)/$(BIN) node --test --test-concurrency=1 --test-reporter=tap $(HTTP_TESTS) > $(RESULTS)/http-pg.tap 2>&1 || true; \
			bash scripts/pg-test.sh stop $$d; \
		else echo "0 passed, 1 failed" > $(RESULTS)/http-pg.txt; fi; fi

E2E_TESTS := $(wildcard tests/e2e/*.test.mjs)
e2e: e2e-sqlite e2e-pg
e2e-sqlite: all
	@mkdir -p $(RESULTS)
	-SKOLESEC_TEST_PG= SKOLESEC_BIN=$(CURDIR)/$(BIN) node --test --test-concurrency=1 --test-reporter=tap $(E2E_TESTS) > $(RESULTS)/e2e-sqlite.tap 2>&1

# On the cluster `make test` started; on its own it needs SKOLESEC_TEST_PG.
e2e-pg: all
	@mkdir -p $(RESULTS)
	@if [ -n "$$SKOLESEC_TEST_PG" ]; then \
		SKOLESEC_BIN=$(CURDIR)/$(BIN) node --test --test-concurrency=1 --test-reporter=tap $(E2E_TESTS) > $(RESULTS)/e2e-pg.tap 2>&1 || true; \
	else echo "e2e-pg: set SKOLESEC_TEST_PG (make test does)"; fi

i18n:
	@mkdir -p $(RESULTS)
	@mkdir -p $(LOGS)
	@bash tests/i18n/check.sh > $(RESULTS)/i18n.txt 2>$(LOGS)/i18n.err || true

# One throwaway PostgreSQL cluster for all suites (SKOLESEC_TEST_PG is its
# folder, SKOLESEC_TEST_PG_URL its first database); removed at the end.
test: deps all
	@rm -rf $(RESULTS) $(LOGS); mkdir -p $(RESULTS) $(LOGS)
	@d=$$(mktemp -d /tmp/skolesec-pg.XXXXXX); \
	url=$$(bash scripts/pg-test.sh start $$d) || { echo "0 passed, 1 failed" > $(RESULTS)/postgresql-start.txt; url=; }; \
	SKOLESEC_TEST_PG=$${url:+$$d} SKOLESEC_TEST_PG_URL=$$url \
		$(MAKE) -k --no-print-directory unit http-sqlite http-pg e2e i18n fuzz-brief SANITIZE=$(SANITIZE); \
	[ -n "$$url" ] && bash scripts/pg-test.sh stop $$d > /dev/null 2>&1; \
	bash scripts/summarize.sh $(RESULTS)/*

# ---- fuzzing (clang libFuzzer, always with ASan+UBSan) -------------------
FZ       := build/fuzz
FUZZERS  := $(patsubst fuzz/%.c,$(FZ)/%,$(wildcard fuzz/fuzz_*.c))
# -MMD -MP: header changes rebuild the instrumented objects too (a stale
# object with an old struct layout makes a fuzzer report nonsense).
FZCFLAGS := -std=c17 -g -O1 -D_GNU_SOURCE -fno-sanitize-recover=undefined -MMD -MP \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -I/usr/include/postgresql
FZOBJ    := $(SRC:%.c=$(FZ)/%.o) $(FZ)/gen/migrations.o
FUZZ_SECONDS ?= 60

# The sources are compiled once (instrumented, no libFuzzer main) into a
# library that each fuzz target links against.
$(FZ)/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FZCFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@

$(FZ)/gen/migrations.c: $(MIGS) tools/embed-migrations.sh
	@mkdir -p $(dir $@)
	sh tools/embed-migrations.sh $@ $(MIGS)

$(FZ)/gen/migrations.o: $(FZ)/gen/migrations.c
	clang $(FZCFLAGS) -fsanitize=fuzzer-no-link,address,undefined -Isrc -c $< -o $@

$(FZ)/libfuzz.a: $(FZOBJ)
	ar rcs $@ $^

$(FZ)/fuzz_%: fuzz/fuzz_%.c $(FZ)/libfuzz.a
	clang $(FZCFLAGS) -fsanitize=fuzzer,address,undefined -Isrc -o $@ $< $(FZ)/libfuzz.a $(LDLIBS)

fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do n=$$(basename $$f); mkdir -p fuzz/corpus-out/$$n; \
		echo "== $$n ($(FUZZ_SECONDS)s)"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 fuzz/corpus-out/$$n fuzz/corpus/$$n || exit 1; done

# CI: each fuzzer briefly over its seeds plus fresh inputs; one result line.
fuzz-brief: $(FUZZERS)
	@mkdir -p $(RESULTS) $(LOGS); p=0; f=0; \
	for fz in $(FUZZERS); do n=$$(basename $$fz); d=$$(mktemp -d); \
		if $$fz -max_total_time=10 -max_len=65536 -artifact_prefix=$(LOGS)/ $$d fuzz/corpus/$$n \
		    > $(LOGS)/fuzz-$$n.log 2>&1; \
		then p=$$((p+1)); else f=$$((f+1)); echo "fuzzer $$n failed: see $(LOGS)/fuzz-$$n.log"; fi; \
		rm -rf $$d; done; \
	echo "$$p passed, $$f failed" > $(RESULTS)/fuzz.txt

# The national-scale data set generator (bench/gen.c), used by bench/run.sh.
$(B)/bench-gen: bench/gen.c $(B)/libskolesec.a
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(B)/libskolesec.a $(LDLIBS) -lm $(LDFLAGS)

bench:
	@$(MAKE) --no-print-directory all build/rel/bench-gen SANITIZE=0
	@bash bench/run.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
