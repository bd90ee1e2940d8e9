/*
 * db.c - the backend-neutral half of db.h: URL dispatch, the per-connection
 * statement cache, and the db_run/db_query conveniences.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "../core/log.h"
#include "../core/buf.h"

int
db_open(const char *url, struct db **out, char *err, int errlen)
{
	*out = NULL;
	if (strncmp(url, "postgres://", 11) == 0 ||
	    strncmp(url, "postgresql://", 13) == 0)
		return db_pg_open(url, out, err, errlen);
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	if (*url == '\0') {
		snprintf(err, (size_t)errlen, "empty database path");
		return -1;
	}
	return db_sqlite_open(url, out, err, errlen);
}

void
db_close(struct db *db)
{
	int i;

	if (db == NULL)
		return;
	for (i = 0; i < DB_CACHE; i++)
		if (db->cache[i].st)
			db->ops->finalize(db->cache[i].st);
	db->ops->close(db);
}

enum db_kind db_kind(const struct db *db) { return db->kind; }

int
db_check(struct db *db)
{
	int rc = db->ops->check ? db->ops->check(db) : 0;

	if (rc == 1) {
		for (int i = 0; i < DB_CACHE; i++) {
			if (db->cache[i].st)
				db->ops->finalize(db->cache[i].st);
			db->cache[i].sql = NULL;
			db->cache[i].st = NULL;
		}
		db->in_tx = 0;
	}
	return rc < 0 ? -1 : 0;
}
const char *db_errmsg(struct db *db) { return db->ops->errmsg(db); }

struct db_stmt *
db_prepare(struct db *db, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	unsigned i, slot;
	struct db_stmt *st;

	h ^= h >> 17;
	slot = (unsigned)(h * 2654435761u) % DB_CACHE;
	for (i = 0; i < DB_CACHE; i++) {
		unsigned k = (slot + i) % DB_CACHE;
		if (db->cache[k].sql == sql)
			return db->cache[k].st;
		if (db->cache[k].sql == NULL) {
			st = db->ops->prepare(db, sql);
			if (st == NULL)
				return NULL;
			db->cache[k].sql = sql;
			db->cache[k].st = st;
			return st;
		}
	}
	/* More distinct statements than DB_CACHE: a build-time constant to raise. */
	log_err("statement cache full (%d); raise DB_CACHE in src/db/db.h", DB_CACHE);
	return NULL;
}

void db_bind_int(struct db_stmt *s, int i, int64_t v) { ((struct db_stmt_base *)s)->db->ops->bind_int(s, i, v); }
void db_bind_text(struct db_stmt *s, int i, const char *v) { ((struct db_stmt_base *)s)->db->ops->bind_text(s, i, v); }
void db_bind_null(struct db_stmt *s, int i) { ((struct db_stmt_base *)s)->db->ops->bind_null(s, i); }
int db_step(struct db_stmt *s) { return ((struct db_stmt_base *)s)->db->ops->step(s); }
int64_t db_col_int(struct db_stmt *s, int c) { return ((struct db_stmt_base *)s)->db->ops->col_int(s, c); }
const char *db_col_text(struct db_stmt *s, int c) { return ((struct db_stmt_base *)s)->db->ops->col_text(s, c); }
int db_col_isnull(struct db_stmt *s, int c) { return ((struct db_stmt_base *)s)->db->ops->col_isnull(s, c); }
void db_reset(struct db_stmt *s) { ((struct db_stmt_base *)s)->db->ops->reset(s); }
int db_exec(struct db *db, const char *sql) { return db->ops->exec(db, sql); }

int
db_begin(struct db *db)
{
	if (db->ops->exec(db, db->ops->begin_sql))
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_commit(struct db *db)
{
	int rc = db->ops->exec(db, "COMMIT");

	if (rc)
		db_rollback(db);
	db->in_tx = 0;
	/* Tables grow after the ANALYZE at init/demo/import, and SQLite's
	 * planner keeps trusting the old statistics (a table of one row then
	 * is scanned even for key lookups). PRAGMA optimize re-analyses only
	 * the tables whose statistics are stale, so running it every few
	 * hundred commits per connection keeps plans right at little cost.
	 * PostgreSQL's autovacuum does the same by itself. */
	if (rc == 0 && db->kind == DB_SQLITE && ++db->commits >= 500) {
		db->commits = 0;
		(void)db->ops->exec(db, "PRAGMA optimize");
	}
	return rc;
}

void
db_rollback(struct db *db)
{
	if (db->in_tx)
		(void)db->ops->exec(db, "ROLLBACK");
	db->in_tx = 0;
}

static void
bindv(struct db_stmt *st, const char *types, va_list ap)
{
	int i;

	for (i = 0; types && types[i]; i++) {
		if (types[i] == 'i')
			db_bind_int(st, i + 1, va_arg(ap, int64_t));
		else
			db_bind_text(st, i + 1, va_arg(ap, const char *));
	}
}

int
db_run(struct db *db, const char *sql, const char *types, ...)
{
	struct db_stmt *st = db_prepare(db, sql);
	va_list ap;
	int rc;

	if (st == NULL)
		return -1;
	va_start(ap, types);
	bindv(st, types, ap);
	va_end(ap);
	rc = db_step(st);
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc == 0 && strncmp(sql, "SELECT", 6) != 0)
		return 1;
	return rc;
}

int64_t
db_insert(struct db *db, const char *sql, const char *types, ...)
{
	struct db_stmt *st = db_prepare(db, sql);
	va_list ap;
	int64_t id = -1;
	int rc;

	if (st == NULL)
		return -1;
	va_start(ap, types);
	bindv(st, types, ap);
	va_end(ap);
	rc = db_step(st);
	if (rc == 1)
		id = db_col_int(st, 0);
	/* Step to the end: a RETURNING statement is complete only then. */
	while (rc == 1)
		rc = db_step(st);
	db_reset(st);
	return rc < 0 ? -1 : id;
}

struct db_stmt *
db_query(struct db *db, const char *sql, int *rc, const char *types, ...)
{
	struct db_stmt *st = db_prepare(db, sql);
	va_list ap;

	if (st == NULL) {
		*rc = -1;
		return NULL;
	}
	va_start(ap, types);
	bindv(st, types, ap);
	va_end(ap);
	*rc = db_step(st);
	return st;
}
