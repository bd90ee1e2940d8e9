/*
 * test_db.c - the database layer, migrations, the audit chain and the school
 * import, on SQLite and (when SKOLESEC_TEST_PG_URL is set) on PostgreSQL.
 *
 * The same tests run on both engines because the product promises one SQL
 * dialect with identical behaviour: binding and reading values, '?'
 * placeholders (which the PostgreSQL backend renumbers, so a '?' inside a
 * string literal must be left alone), transactions that really roll back,
 * an audit chain that detects edits and deletions, and an import that
 * writes all rows or none.
 *
 * Every test gets a fresh database: SQLite in memory, or on PostgreSQL a new
 * database created for the test and dropped after it (through
 * `scripts/pg-test.sh createdb` when SKOLESEC_TEST_PG names the test
 * cluster, else with CREATE DATABASE over SKOLESEC_TEST_PG_URL). Without a
 * PostgreSQL URL the PostgreSQL group is not registered at all, so it cannot
 * be counted as passed; a TAP comment says so.
 */
#include "unit.h"
#include "db/db.h"
#include "unitdb.h"
#include "db/migrate.h"
#include "domain/audit.h"
#include "domain/org.h"

#define REFERENCE "data/kommuner-2024.csv"
#define NOW 1700000000
#define HDR "orgnr,name,kommunenummer,pupils,level,private,active\n"

struct backend {
	int pg;
	int migrate;
};

static const struct backend SQLITE_EMPTY = { 0, 0 }, SQLITE = { 0, 1 };
static const struct backend PG_EMPTY = { 1, 0 }, PG = { 1, 1 };

struct fix {
	struct db *db;
	int pg;
	char dbname[64];
	struct arena a;
	struct buf err;
	struct import_result res;
};

static const char *pg_url, *pg_dir;
static struct db *pg_admin;	/* connection to pg_url: creates and drops test DBs */
static int pg_seq;

/* ---- fixtures ---------------------------------------------------------- */

static int
pg_create(const char *name, char *url, size_t urlsz)
{
	return unit_pg_create(pg_dir, pg_url, pg_admin, name, url, urlsz);
}

static void
pg_drop(const char *name)
{
	unit_pg_drop(pg_admin, "test_db", name);
}

static int
setup(void **state)
{
	const struct backend *b = *state;
	struct fix *x = calloc(1, sizeof(*x));
	char url[512], err[512];

	if (x == NULL)
		return -1;
	x->pg = b->pg;
	if (b->pg) {
		snprintf(x->dbname, sizeof(x->dbname), "unit_db_%ld_%d", (long)getpid(), ++pg_seq);
		if (pg_create(x->dbname, url, sizeof(url))) {
			fprintf(stderr, "test_db: cannot create database %s\n", x->dbname);
			free(x);
			return -1;
		}
	} else
		snprintf(url, sizeof(url), "sqlite::memory:");
	if (db_open(url, &x->db, err, sizeof(err))) {
		fprintf(stderr, "test_db: %s: %s\n", url, err);
		if (b->pg)
			pg_drop(x->dbname);
		free(x);
		return -1;
	}
	if (b->migrate && migrate_up(x->db, err, sizeof(err)) != nmigrations) {
		fprintf(stderr, "test_db: migrate: %s\n", err);
		db_close(x->db);
		if (b->pg)
			pg_drop(x->dbname);
		free(x);
		return -1;
	}
	arena_init(&x->a, 64u << 20);
	buf_init(&x->err, 1 << 16, &x->a);
	x->res.errors = &x->err;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *x = *state;

	db_close(x->db);
	if (x->pg)
		pg_drop(x->dbname);
	arena_free(&x->a);
	free(x);
	return 0;
}

static int
pg_group_setup(void **state)
{
	return unit_pg_admin_open("test_db", pg_url, &pg_admin);
}

static int
pg_group_teardown(void **state)
{
	return unit_pg_admin_close(&pg_admin);
}

/* ---- helpers ----------------------------------------------------------- */

static int64_t
count(struct db *db, const char *sql)
{
	int rc;
	struct db_stmt *st = db_query(db, sql, &rc, "");
	int64_t n = -1;

	if (rc == 1)
		n = db_col_int(st, 0);
	if (st)
		db_reset(st);
	if (rc != 1)
		fail_msg("%s: %s", sql, db_errmsg(db));
	return n;
}

static void
must_exec(struct db *db, const char *sql)
{
	if (db_exec(db, sql))
		fail_msg("%s: %s", sql, db_errmsg(db));
}

static void
load_reference(struct fix *x)
{
	char err[512];
	int n = org_load_reference(x->db, REFERENCE, NOW, err, sizeof(err));

	if (n != 357)
		fail_msg("org_load_reference gave %d: %s", n, err);
}

static int
import(struct fix *x, const char *text)
{
	buf_reset(&x->err);
	memset(&x->res, 0, sizeof(x->res));
	x->res.errors = &x->err;
	return school_import(x->db, &x->a, text, strlen(text), 1, NOW, &x->res);
}

static const char *
errors(struct fix *x)
{
	const char *s = buf_str(&x->err);

	assert_non_null(s);
	return s;
}

#define assert_contains(hay, needle) do { \
		if (strstr((hay), (needle)) == NULL) \
			fail_msg("\"%s\" not found in:\n%s", (needle), (hay)); \
	} while (0)

static void
log_event(struct db *db, int64_t org, const char *action, const char *detail, int64_t at)
{
	assert_int_equal(db_begin(db), 0);
	if (audit_log(db, org, 7, action, "school", 42, detail, at)) {
		db_rollback(db);
		fail_msg("audit_log: %s", db_errmsg(db));
	}
	assert_int_equal(db_commit(db), 0);
}

/* Three events in organisation 1, two in organisation 2. */
static void
some_events(struct db *db)
{
	log_event(db, 1, "school.create", "{\"name\":\"Nordnes skole\"}", NOW);
	log_event(db, 2, "school.create", "{\"name\":\"Ski skole\"}", NOW + 1);
	log_event(db, 1, "school.update", "{\"pupils\":[300,312]}", NOW + 2);
	log_event(db, 2, "user.invite", NULL, NOW + 3);
	log_event(db, 1, "user.role", "{\"role\":\"dpo\"}", NOW + 4);
}

/* ---- migrations -------------------------------------------------------- */

static void
migrate_applies_every_migration_once(void **state)
{
	struct fix *x = *state;
	char err[512] = "";

	assert_true(nmigrations > 0);
	if (migrate_up(x->db, err, sizeof(err)) != nmigrations)
		fail_msg("first migrate_up: %s", err);
	assert_int_equal(migrate_version(x->db), migrations[nmigrations - 1].version);
	assert_int_equal(migrate_up(x->db, err, sizeof(err)), 0);
	assert_int_equal(migrate_version(x->db), migrations[nmigrations - 1].version);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM schema_migrations"), nmigrations);
	/* The schema is there and empty. */
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM orgs"), 0);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM audit"), 0);
}

static void
migrations_are_numbered_in_increasing_order(void **state)
{
	for (int i = 1; i < nmigrations; i++)
		if (migrations[i].version <= migrations[i - 1].version)
			fail_msg("migration %s does not come after %s", migrations[i].name,
			    migrations[i - 1].name);
}

/* ---- binding and reading ----------------------------------------------- */

static void
binds_and_reads_ints_text_and_null(void **state)
{
	struct fix *x = *state;
	struct db_stmt *st;
	int rc;

	must_exec(x->db, "CREATE TABLE t (id BIGINT, n BIGINT, s TEXT)");
	assert_int_equal(db_run(x->db, "INSERT INTO t (id, n, s) VALUES (?, ?, ?)", "iis",
	    (int64_t)1, INT64_MAX, "æøå 'quoted' ? \"x\" \\ ;--"), 1);
	assert_int_equal(db_run(x->db, "INSERT INTO t (id, n, s) VALUES (?, ?, ?)", "iis",
	    (int64_t)2, INT64_MIN, (const char *)NULL), 1);
	st = db_prepare(x->db, "INSERT INTO t (id, n, s) VALUES (?, ?, ?)");
	assert_non_null(st);
	db_bind_int(st, 1, 3);
	db_bind_null(st, 2);
	db_bind_text(st, 3, "");
	assert_int_equal(db_step(st), 0);
	db_reset(st);

	st = db_query(x->db, "SELECT id, n, s FROM t ORDER BY id", &rc, "");
	assert_int_equal(rc, 1);
	assert_int_equal(db_col_int(st, 0), 1);
	assert_true(db_col_int(st, 1) == INT64_MAX);
	assert_str(db_col_text(st, 2), "æøå 'quoted' ? \"x\" \\ ;--");
	assert_false(db_col_isnull(st, 2));
	assert_int_equal(db_step(st), 1);
	assert_int_equal(db_col_int(st, 0), 2);
	assert_true(db_col_int(st, 1) == INT64_MIN);
	assert_true(db_col_isnull(st, 2));
	assert_null(db_col_text(st, 2));
	assert_int_equal(db_step(st), 1);
	assert_int_equal(db_col_int(st, 0), 3);
	assert_true(db_col_isnull(st, 1));
	assert_str(db_col_text(st, 2), "");
	assert_false(db_col_isnull(st, 2));
	assert_int_equal(db_step(st), 0);
	db_reset(st);
}

static void
cached_statement_is_reusable_after_reset(void **state)
{
	struct fix *x = *state;

	must_exec(x->db, "CREATE TABLE t (id BIGINT, s TEXT)");
	for (int64_t i = 1; i <= 5; i++)
		assert_int_equal(db_run(x->db, "INSERT INTO t (id, s) VALUES (?, ?)", "is", i, "v"), 1);
	for (int64_t i = 1; i <= 5; i++) {
		int rc;
		struct db_stmt *st = db_query(x->db, "SELECT s, id FROM t WHERE id = ?", &rc, "i", i);
		assert_int_equal(rc, 1);
		assert_int_equal(db_col_int(st, 1), i);
		db_reset(st);
	}
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM t"), 5);
}

static void
run_reports_row_none_and_error(void **state)
{
	struct fix *x = *state;

	must_exec(x->db, "CREATE TABLE t (id BIGINT PRIMARY KEY)");
	assert_int_equal(db_run(x->db, "SELECT id FROM t WHERE id = ?", "i", (int64_t)1), 0);
	assert_int_equal(db_run(x->db, "INSERT INTO t (id) VALUES (?)", "i", (int64_t)1), 1);
	assert_int_equal(db_run(x->db, "SELECT id FROM t WHERE id = ?", "i", (int64_t)1), 1);
	assert_int_equal(db_run(x->db, "UPDATE t SET id = 5 WHERE id = ?", "i", (int64_t)99), 1);
	assert_int_equal(db_run(x->db, "INSERT INTO t (id) VALUES (?)", "i", (int64_t)1), -1);
	assert_int_equal(db_run(x->db, "SELECT nothing FROM nowhere", ""), -1);
	assert_true(strlen(db_errmsg(x->db)) > 0);
	/* The connection is still usable. */
	assert_int_equal(db_run(x->db, "INSERT INTO t (id) VALUES (?)", "i", (int64_t)2), 1);
}

static void
question_mark_inside_string_literal_is_not_a_placeholder(void **state)
{
	struct fix *x = *state;
	struct db_stmt *st;
	int rc;

	must_exec(x->db, "CREATE TABLE t (id BIGINT, s TEXT)");
	assert_int_equal(db_run(x->db, "INSERT INTO t (id, s) VALUES (?, 'why? it''s ?')", "i",
	    (int64_t)7), 1);
	st = db_query(x->db, "SELECT s || ?, '?' FROM t WHERE id = ? AND s <> '?'", &rc, "si",
	    "!", (int64_t)7);
	assert_int_equal(rc, 1);
	assert_str(db_col_text(st, 0), "why? it's ?!");
	assert_str(db_col_text(st, 1), "?");
	db_reset(st);
}

static void
sql_in_bound_text_stays_data(void **state)
{
	struct fix *x = *state;

	must_exec(x->db, "CREATE TABLE t (id BIGINT, s TEXT)");
	assert_int_equal(db_run(x->db, "INSERT INTO t (id, s) VALUES (?, ?)", "is", (int64_t)1,
	    "x'); DROP TABLE t; --"), 1);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM t WHERE s = 'x''); DROP TABLE t; --'"), 1);
}

/* ---- transactions ------------------------------------------------------ */

static void
rollback_discards_and_commit_keeps(void **state)
{
	struct fix *x = *state;

	must_exec(x->db, "CREATE TABLE t (id BIGINT)");
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(db_run(x->db, "INSERT INTO t (id) VALUES (?)", "i", (int64_t)1), 1);
	assert_int_equal(db_run(x->db, "INSERT INTO t (id) VALUES (?)", "i", (int64_t)2), 1);
	db_rollback(x->db);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM t"), 0);
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(db_run(x->db, "INSERT INTO t (id) VALUES (?)", "i", (int64_t)3), 1);
	assert_int_equal(db_commit(x->db), 0);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM t"), 1);
}

static void
failed_statement_in_transaction_rolls_back_the_whole_transaction(void **state)
{
	struct fix *x = *state;

	must_exec(x->db, "CREATE TABLE t (k TEXT UNIQUE)");
	assert_int_equal(db_begin(x->db), 0);
	assert_int_equal(db_run(x->db, "INSERT INTO t (k) VALUES (?)", "s", "a"), 1);
	assert_int_equal(db_run(x->db, "INSERT INTO t (k) VALUES (?)", "s", "a"), -1);
	db_rollback(x->db);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM t"), 0);
	assert_int_equal(db_run(x->db, "INSERT INTO t (k) VALUES (?)", "s", "b"), 1);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM t"), 1);
}

/* ---- audit chain ------------------------------------------------------- */

static void
audit_chain_of_fresh_database_is_intact(void **state)
{
	struct fix *x = *state;
	char msg[256];

	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 0);
}

static void
audit_events_are_chained_per_organisation(void **state)
{
	struct fix *x = *state;
	char msg[256] = "";
	struct db_stmt *st;
	char prev[65] = "";
	int rc, n = 0;

	some_events(x->db);
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 0);
	assert_str(msg, "audit chain intact");
	st = db_query(x->db, "SELECT seq, prev_hash, hash, detail FROM audit WHERE org_id = ?"
	    " ORDER BY seq", &rc, "i", (int64_t)1);
	while (rc == 1) {
		n++;
		assert_int_equal(db_col_int(st, 0), n);
		if (n > 1)
			assert_str(db_col_text(st, 1), prev);
		assert_int_equal(strlen(db_col_text(st, 2)), 64);
		snprintf(prev, sizeof(prev), "%s", db_col_text(st, 2));
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	assert_int_equal(rc, 0);
	assert_int_equal(n, 3);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM audit WHERE org_id = 2"), 2);
	/* A NULL detail is recorded as an empty JSON object. */
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM audit WHERE org_id = 2 AND seq = 2"
	    " AND detail = '{}'"), 1);
}

static void
audit_detects_an_edited_event(void **state)
{
	struct fix *x = *state;
	char msg[256] = "";

	some_events(x->db);
	must_exec(x->db, "UPDATE audit SET detail = '{\"pupils\":[300,9999]}'"
	    " WHERE org_id = 1 AND seq = 2");
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 1);
	assert_contains(msg, "organisation 1");
	assert_contains(msg, "event 2");
}

static void
audit_detects_an_edited_actor_or_time(void **state)
{
	struct fix *x = *state;
	char msg[256] = "";

	some_events(x->db);
	must_exec(x->db, "UPDATE audit SET actor_id = 8 WHERE org_id = 2 AND seq = 1");
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 1);
	must_exec(x->db, "UPDATE audit SET actor_id = 7 WHERE org_id = 2 AND seq = 1");
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 0);
	must_exec(x->db, "UPDATE audit SET at = at - 3600 WHERE org_id = 1 AND seq = 3");
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 1);
}

static void
audit_detects_a_deleted_last_event(void **state)
{
	struct fix *x = *state;
	char msg[256] = "";

	some_events(x->db);
	must_exec(x->db, "DELETE FROM audit WHERE org_id = 1 AND seq = 3");
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 1);
	assert_contains(msg, "organisation 1");
}

static void
audit_detects_a_deleted_middle_event(void **state)
{
	struct fix *x = *state;
	char msg[256] = "";

	some_events(x->db);
	must_exec(x->db, "DELETE FROM audit WHERE org_id = 2 AND seq = 1");
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 1);
	assert_contains(msg, "organisation 2");
}

static void
audit_detects_a_forged_event(void **state)
{
	struct fix *x = *state;
	char msg[256] = "";

	some_events(x->db);
	must_exec(x->db, "INSERT INTO audit (org_id, seq, at, actor_id, action, object_type,"
	    " object_id, detail, prev_hash, hash) SELECT org_id, 4, at, actor_id, action,"
	    " object_type, object_id, detail, hash, hash FROM audit WHERE org_id = 1 AND seq = 3");
	must_exec(x->db, "UPDATE audit_heads SET seq = 4 WHERE org_id = 1");
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 1);
}

static void
audit_chain_continues_after_verification(void **state)
{
	struct fix *x = *state;
	char msg[256] = "";

	some_events(x->db);
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 0);
	log_event(x->db, 1, "school.update", "{}", NOW + 10);
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 0);
	assert_int_equal(count(x->db, "SELECT MAX(seq) FROM audit WHERE org_id = 1"), 4);
}

/* ---- reference data and school import ---------------------------------- */

static void
reference_load_is_idempotent(void **state)
{
	struct fix *x = *state;
	int64_t bergen, vestland;
	struct org o;

	load_reference(x);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM orgs WHERE kind = 'municipality'"), 357);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM orgs WHERE kind = 'county'"), 15);
	load_reference(x);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM orgs"), 372);
	bergen = org_find(x->db, "municipality", "4601");
	vestland = org_find(x->db, "county", "46");
	assert_true(bergen > 0);
	assert_true(vestland > 0);
	assert_int_equal(org_get(x->db, &x->a, bergen, &o), 1);
	assert_str(o.name, "Bergen");
	assert_int_equal(o.parent_id, vestland);
	assert_int_equal(org_find(x->db, "municipality", "9999"), 0);
}

static void
reference_load_of_missing_file_fails(void **state)
{
	struct fix *x = *state;
	char err[256] = "";

	assert_int_equal(org_load_reference(x->db, "data/no-such-file.csv", NOW, err, sizeof(err)), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM orgs"), 0);
}

static const char good_csv[] = HDR
	"974760673,Nordnes skole,4601,312,grunnskole,0,1\n"
	"971526920,Bergen katedralskole,4601,800,videregaende,0,1\n"
	"900000014,Privatskolen i Oslo,0301,,grunnskole,1,1\n";

static void
import_places_each_school_under_its_owner(void **state)
{
	struct fix *x = *state;
	struct db_stmt *st;
	char msg[256];
	int rc;

	load_reference(x);
	if (import(x, good_csv) != 0)
		fail_msg("import failed:\n%s", errors(x));
	assert_int_equal(x->res.created, 3);
	assert_int_equal(x->res.updated, 0);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM schools"), 3);

	st = db_query(x->db, "SELECT org_id, name, pupils, private FROM schools WHERE orgnr = ?",
	    &rc, "s", "974760673");
	assert_int_equal(rc, 1);
	assert_int_equal(db_col_int(st, 0), org_find(x->db, "municipality", "4601"));
	assert_str(db_col_text(st, 1), "Nordnes skole");
	assert_int_equal(db_col_int(st, 2), 312);
	db_reset(st);
	/* Videregående schools belong to the county. */
	st = db_query(x->db, "SELECT org_id, name, pupils, private FROM schools WHERE orgnr = ?",
	    &rc, "s", "971526920");
	assert_int_equal(rc, 1);
	assert_int_equal(db_col_int(st, 0), org_find(x->db, "county", "46"));
	db_reset(st);
	st = db_query(x->db, "SELECT org_id, name, pupils, private FROM schools WHERE orgnr = ?",
	    &rc, "s", "900000014");
	assert_int_equal(rc, 1);
	assert_int_equal(db_col_int(st, 0), org_find(x->db, "municipality", "0301"));
	assert_true(db_col_isnull(st, 2));
	assert_int_equal(db_col_int(st, 3), 1);
	db_reset(st);

	/* Each created school was audited in its owner's chain. */
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM audit WHERE action = 'school.create'"), 3);
	assert_int_equal(audit_verify(x->db, msg, sizeof(msg)), 0);
}

static void
reimport_updates_existing_schools(void **state)
{
	struct fix *x = *state;
	struct db_stmt *st;
	int rc;

	load_reference(x);
	assert_int_equal(import(x, good_csv), 0);
	if (import(x, HDR "974760673,Nordnes skule,4601,320,grunnskole,0,0\n") != 0)
		fail_msg("re-import failed:\n%s", errors(x));
	assert_int_equal(x->res.created, 0);
	assert_int_equal(x->res.updated, 1);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM schools"), 3);
	st = db_query(x->db, "SELECT name, pupils, active FROM schools WHERE orgnr = ?", &rc, "s",
	    "974760673");
	assert_int_equal(rc, 1);
	assert_str(db_col_text(st, 0), "Nordnes skule");
	assert_int_equal(db_col_int(st, 1), 320);
	assert_int_equal(db_col_int(st, 2), 0);
	db_reset(st);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM audit WHERE action = 'school.update'"), 1);
}

static void
import_with_a_bad_line_writes_nothing(void **state)
{
	struct fix *x = *state;

	load_reference(x);
	assert_int_equal(import(x, HDR
	    "974760673,Nordnes skole,4601,312,grunnskole,0,1\n"
	    "971526921,Typo in orgnr,4601,800,videregaende,0,1\n"
	    "900000014,Privatskolen i Oslo,0301,,grunnskole,1,1\n"), -1);
	assert_contains(errors(x), "line 3: orgnr");
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM schools"), 0);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM audit"), 0);
}

static void
import_with_unknown_municipality_writes_nothing(void **state)
{
	struct fix *x = *state;

	load_reference(x);
	assert_int_equal(import(x, good_csv), 0);
	assert_int_equal(import(x, HDR
	    "974760673,Renamed,4601,1,grunnskole,0,1\n"
	    "900000022,Nowhere skole,9999,1,grunnskole,0,1\n"), -1);
	assert_contains(errors(x), "school 2: kommunenummer");
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM schools"), 3);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM schools WHERE name = 'Renamed'"), 0);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM audit"), 3);
}

static void
import_of_json_works_like_csv(void **state)
{
	struct fix *x = *state;
	static const char json[] = "[{\"orgnr\": \"974760673\", \"name\": \"Ski skole\","
	    " \"kommunenummer\": \"3207\", \"pupils\": 410, \"level\": \"grunnskole\","
	    " \"private\": false, \"active\": true}]";

	load_reference(x);
	if (import(x, json) != 0)
		fail_msg("import failed:\n%s", errors(x));
	assert_int_equal(x->res.created, 1);
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM schools s JOIN orgs o ON o.id = s.org_id"
	    " WHERE o.number = '3207' AND s.pupils = 410"), 1);
}

static void
import_before_reference_data_fails(void **state)
{
	struct fix *x = *state;

	assert_int_equal(import(x, good_csv), -1);
	assert_contains(errors(x), "kommunenummer");
	assert_int_equal(count(x->db, "SELECT COUNT(*) FROM schools"), 0);
}

/* ---- without a database ------------------------------------------------ */

static void
audit_hash_covers_every_field(void **state)
{
	char base[65], h[65];

	audit_hash("p", 1, 2, 3, 4, "act", "type", 5, "{}", base);
	assert_int_equal(strlen(base), 64);
	audit_hash("p", 1, 2, 3, 4, "act", "type", 5, "{}", h);
	assert_str(h, base);
#define DIFFERS(...) do { audit_hash(__VA_ARGS__, h); \
		if (strcmp(h, base) == 0) fail_msg("same hash for %s", #__VA_ARGS__); } while (0)
	DIFFERS("q", 1, 2, 3, 4, "act", "type", 5, "{}");
	DIFFERS("p", 9, 2, 3, 4, "act", "type", 5, "{}");
	DIFFERS("p", 1, 9, 3, 4, "act", "type", 5, "{}");
	DIFFERS("p", 1, 2, 9, 4, "act", "type", 5, "{}");
	DIFFERS("p", 1, 2, 3, 9, "act", "type", 5, "{}");
	DIFFERS("p", 1, 2, 3, 4, "acx", "type", 5, "{}");
	DIFFERS("p", 1, 2, 3, 4, "act", "typx", 5, "{}");
	DIFFERS("p", 1, 2, 3, 4, "act", "type", 9, "{}");
	DIFFERS("p", 1, 2, 3, 4, "act", "type", 5, "{ }");
	/* Moving text between fields must change the hash too. */
	DIFFERS("p", 1, 2, 3, 4, "ac", "ttype", 5, "{}");
	DIFFERS("p", 1, 2, 3, 4, "act", "typ", 5, "e{}");
#undef DIFFERS
}

static void
open_refuses_empty_or_unreachable_sqlite_paths(void **state)
{
	struct db *db = NULL;
	char err[256] = "";

	assert_int_equal(db_open("sqlite:", &db, err, sizeof(err)), -1);
	assert_null(db);
	assert_true(strlen(err) > 0);
	assert_int_equal(db_open("sqlite:/nonexistent-dir-for-test/x.db", &db, err, sizeof(err)), -1);
	assert_null(db);
}

/* ---- registration ------------------------------------------------------ */

#define ON(prefix, f, backend) { prefix #f, f, setup, teardown, (void *)&(backend) }
#define ALL(p, EMPTY, MIGRATED) \
	ON(p, migrate_applies_every_migration_once, EMPTY), \
	ON(p, binds_and_reads_ints_text_and_null, EMPTY), \
	ON(p, cached_statement_is_reusable_after_reset, EMPTY), \
	ON(p, run_reports_row_none_and_error, EMPTY), \
	ON(p, question_mark_inside_string_literal_is_not_a_placeholder, EMPTY), \
	ON(p, sql_in_bound_text_stays_data, EMPTY), \
	ON(p, rollback_discards_and_commit_keeps, EMPTY), \
	ON(p, failed_statement_in_transaction_rolls_back_the_whole_transaction, EMPTY), \
	ON(p, audit_chain_of_fresh_database_is_intact, MIGRATED), \
	ON(p, audit_events_are_chained_per_organisation, MIGRATED), \
	ON(p, audit_detects_an_edited_event, MIGRATED), \
	ON(p, audit_detects_an_edited_actor_or_time, MIGRATED), \
	ON(p, audit_detects_a_deleted_last_event, MIGRATED), \
	ON(p, audit_detects_a_deleted_middle_event, MIGRATED), \
	ON(p, audit_detects_a_forged_event, MIGRATED), \
	ON(p, audit_chain_continues_after_verification, MIGRATED), \
	ON(p, reference_load_is_idempotent, MIGRATED), \
	ON(p, reference_load_of_missing_file_fails, MIGRATED), \
	ON(p, import_places_each_school_under_its_owner, MIGRATED), \
	ON(p, reimport_updates_existing_schools, MIGRATED), \
	ON(p, import_with_a_bad_line_writes_nothing, MIGRATED), \
	ON(p, import_with_unknown_municipality_writes_nothing, MIGRATED), \
	ON(p, import_of_json_works_like_csv, MIGRATED), \
	ON(p, import_before_reference_data_fails, MIGRATED)

int
main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(migrations_are_numbered_in_increasing_order),
		cmocka_unit_test(audit_hash_covers_every_field),
		cmocka_unit_test(open_refuses_empty_or_unreachable_sqlite_paths),
	};
	const struct CMUnitTest sqlite[] = { ALL("sqlite: ", SQLITE_EMPTY, SQLITE) };
	const struct CMUnitTest pg[] = { ALL("postgresql: ", PG_EMPTY, PG) };
	int failed = 0;

	failed += cmocka_run_group_tests_name("db (no database)", plain, NULL, NULL);
	failed += cmocka_run_group_tests_name("db sqlite", sqlite, NULL, NULL);
	pg_url = getenv("SKOLESEC_TEST_PG_URL");
	pg_dir = getenv("SKOLESEC_TEST_PG");
	if (pg_url && *pg_url) {
		fflush(stdout);
		failed += cmocka_run_group_tests_name("db postgresql", pg, pg_group_setup,
		    pg_group_teardown);
	} else
		printf("# PostgreSQL variants NOT run (and not counted): SKOLESEC_TEST_PG_URL is not set\n");
	return failed;
}
