/*
 * sqlite.c - the SQLite backend of db.h.
 *
 * Every connection runs in WAL mode with foreign keys on, synchronous=NORMAL
 * (a crash may lose the last commits but never corrupts; see DESIGN.md) and a
 * busy timeout so concurrent writers wait instead of failing. Write
 * transactions start with BEGIN IMMEDIATE so two writers never deadlock on a
 * lock upgrade. Statistics are refreshed with PRAGMA optimize at close and
 * every few hundred commits (db.c).
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "../core/buf.h"

struct lite {
	struct db db;
	sqlite3 *h;
};

struct lite_stmt {
	struct db_stmt_base base;
	sqlite3_stmt *st;
	int stepped_done;
};

#define H(db) (((struct lite *)(db))->h)
#define S(s) (((struct lite_stmt *)(s))->st)

static void
l_close(struct db *db)
{
	/* As SQLite recommends: refresh stale statistics before closing. */
	(void)sqlite3_exec(H(db), "PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close_v2(H(db));
	free(db);
}

static struct db_stmt *
l_prepare(struct db *db, const char *sql)
{
	struct lite_stmt *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	if (sqlite3_prepare_v3(H(db), sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->st, NULL) != SQLITE_OK) {
		free(s);
		return NULL;
	}
	s->base.db = db;
	return (struct db_stmt *)s;
}

static void
l_finalize(struct db_stmt *s)
{
	sqlite3_finalize(S(s));
	free(s);
}

static void l_bind_int(struct db_stmt *s, int i, int64_t v) { sqlite3_bind_int64(S(s), i, v); }
static void l_bind_null(struct db_stmt *s, int i) { sqlite3_bind_null(S(s), i); }

static void
l_bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(S(s), i);
	else
		sqlite3_bind_text(S(s), i, v, -1, SQLITE_TRANSIENT);
}

static int
l_step(struct db_stmt *s)
{
	int rc = sqlite3_step(S(s));

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return -1;
}

static int64_t l_col_int(struct db_stmt *s, int c) { return sqlite3_column_int64(S(s), c); }
static const char *l_col_text(struct db_stmt *s, int c) { return (const char *)sqlite3_column_text(S(s), c); }
static int l_col_isnull(struct db_stmt *s, int c) { return sqlite3_column_type(S(s), c) == SQLITE_NULL; }

static void
l_reset(struct db_stmt *s)
{
	sqlite3_reset(S(s));
	sqlite3_clear_bindings(S(s));
}

static int
l_exec(struct db *db, const char *sql)
{
	return sqlite3_exec(H(db), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static const char *l_errmsg(struct db *db) { return sqlite3_errmsg(H(db)); }

static const struct db_ops lite_ops = {
	l_close, l_prepare, l_finalize, l_bind_int, l_bind_text, l_bind_null,
	l_step, l_col_int, l_col_text, l_col_isnull, l_reset, l_exec, l_errmsg,
	NULL, "BEGIN IMMEDIATE",
};

int
db_sqlite_open(const char *path, struct db **out, char *err, int errlen)
{
	struct lite *l = calloc(1, sizeof(*l));

	if (l == NULL) {
		snprintf(err, (size_t)errlen, "out of memory");
		return -1;
	}
	if (sqlite3_open_v2(path, &l->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, (size_t)errlen, "%s: %s", path,
		    l->h ? sqlite3_errmsg(l->h) : "cannot open");
		sqlite3_close_v2(l->h);
		free(l);
		return -1;
	}
	sqlite3_busy_timeout(l->h, 10000);
	l->db.ops = &lite_ops;
	l->db.kind = DB_SQLITE;
	/* cache_size: 8 MiB per connection instead of SQLite's 2 MiB, so the
	 * pages a dashboard reads stay in the connection between requests
	 * rather than being copied in from the OS on every page view. */
	if (l_exec(&l->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    " PRAGMA foreign_keys=ON; PRAGMA cache_size=-8192;")) {
		snprintf(err, (size_t)errlen, "%s: %s", path, sqlite3_errmsg(l->h));
		l_close(&l->db);
		return -1;
	}
	*out = &l->db;
	return 0;
}

int
db_sqlite_backup(struct db *db, const char *dest, char *err, int errlen)
{
	sqlite3 *out;
	sqlite3_backup *b;
	int rc;

	if (db->kind != DB_SQLITE) {
		snprintf(err, (size_t)errlen, "backup works on SQLite; for PostgreSQL use pg_dump");
		return -1;
	}
	if (sqlite3_open(dest, &out) != SQLITE_OK) {
		snprintf(err, (size_t)errlen, "%s: %s", dest, sqlite3_errmsg(out));
		sqlite3_close(out);
		return -1;
	}
	/* The online backup API copies a consistent snapshot while the
	 * server keeps serving; pages changed meanwhile are copied again. */
	b = sqlite3_backup_init(out, "main", H(db), "main");
	if (b == NULL) {
		snprintf(err, (size_t)errlen, "%s: %s", dest, sqlite3_errmsg(out));
		sqlite3_close(out);
		return -1;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, (size_t)errlen, "%s: %s", dest, sqlite3_errmsg(out));
		sqlite3_close(out);
		return -1;
	}
	return sqlite3_close(out) == SQLITE_OK ? 0 : -1;
}
