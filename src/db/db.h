/*
 * db.h - the one interface to the database, over SQLite and PostgreSQL.
 *
 * Domain code writes one SQL dialect with '?' placeholders; the PostgreSQL
 * backend renumbers them to $1.. when it prepares. SQL text must be a string
 * literal (or otherwise live for the program's life): statements are cached
 * per connection by the text's address, so each is prepared once.
 *
 * Values are bound, never spliced into SQL. Integers are int64, text is
 * UTF-8; times are stored as int64 Unix seconds and booleans as 0/1 so both
 * engines read them alike.
 *
 * A struct db is one connection and is used by one thread at a time; the pool
 * hands connections to request threads.
 */
#ifndef SKOLESEC_DB_H
#define SKOLESEC_DB_H

#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

struct db;
struct db_stmt;

enum db_kind { DB_SQLITE, DB_PG };

/* url: "sqlite:PATH", a bare path, or "postgres://..." / "postgresql://...". */
int db_open(const char *url, struct db **out, char *err, int errlen) WUR;
void db_close(struct db *);
enum db_kind db_kind(const struct db *);
const char *db_errmsg(struct db *);

/* Prepared (cached) statement; NULL on error (see db_errmsg). */
struct db_stmt *db_prepare(struct db *, const char *sql);
void db_bind_int(struct db_stmt *, int idx, int64_t v);   /* idx from 1 */
void db_bind_text(struct db_stmt *, int idx, const char *s); /* NULL binds NULL */
void db_bind_null(struct db_stmt *, int idx);
/* 1: a row is ready; 0: done; -1: error. */
int db_step(struct db_stmt *) WUR;
int64_t db_col_int(struct db_stmt *, int col);
/* Valid until the next db_step/db_reset; NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *, int col);
int db_col_isnull(struct db_stmt *, int col);
/* Clears bindings and results so the cached statement can be reused. */
void db_reset(struct db_stmt *);

/* Makes sure the connection is usable (PostgreSQL: reconnects after the
 * server dropped it, forgetting prepared statements). 0 ok, -1 down. */
int db_check(struct db *);

/* Runs SQL without parameters or results (DDL, pragmas). */
int db_exec(struct db *, const char *sql) WUR;
int db_begin(struct db *) WUR;   /* a write transaction */
int db_commit(struct db *) WUR;
void db_rollback(struct db *);

/*
 * Convenience for one-row statements: binds args described by types
 * ('i' int64_t, 's' const char *), steps once, and resets.
 * Returns 1 when a row was produced or a write succeeded with no row,
 * 0 when a SELECT gave no row, -1 on error. Use db_prepare directly to read
 * columns.
 */
int db_run(struct db *, const char *sql, const char *types, ...) WUR;
/* Runs an INSERT ... RETURNING id (bound like db_run), drains it, and
 * returns the id, or -1 on error. */
int64_t db_insert(struct db *, const char *sql, const char *types, ...);
/* Binds like db_run and leaves the statement positioned on its first row.
 * Returns the statement (caller resets) with *rc 1 row / 0 none / -1 error. */
struct db_stmt *db_query(struct db *, const char *sql, int *rc,
    const char *types, ...);

/* Backend hooks: each backend implements these. */
struct db_ops {
	void (*close)(struct db *);
	struct db_stmt *(*prepare)(struct db *, const char *sql);
	void (*finalize)(struct db_stmt *);
	void (*bind_int)(struct db_stmt *, int, int64_t);
	void (*bind_text)(struct db_stmt *, int, const char *);
	void (*bind_null)(struct db_stmt *, int);
	int (*step)(struct db_stmt *);
	int64_t (*col_int)(struct db_stmt *, int);
	const char *(*col_text)(struct db_stmt *, int);
	int (*col_isnull)(struct db_stmt *, int);
	void (*reset)(struct db_stmt *);
	int (*exec)(struct db *, const char *);
	const char *(*errmsg)(struct db *);
	/* Reconnects a dropped connection; 1 when it did (prepared statements
	 * are gone then), 0 when the connection was fine, -1 when it failed. */
	int (*check)(struct db *);
	const char *begin_sql;
};

/* Slots for distinct SQL texts per connection (the program has a few
 * hundred); open addressing, so kept well above that. */
#define DB_CACHE 2048
struct db {
	const struct db_ops *ops;
	enum db_kind kind;
	struct { const char *sql; struct db_stmt *st; } cache[DB_CACHE];
	int in_tx;
	unsigned commits;	/* SQLite: commits since the last PRAGMA optimize */
};

struct db_stmt_base {
	struct db *db;
};

int db_sqlite_open(const char *path, struct db **out, char *err, int errlen);
int db_pg_open(const char *url, struct db **out, char *err, int errlen);
/* SQLite online backup of a live database into dest (a new file). */
int db_sqlite_backup(struct db *db, const char *dest, char *err, int errlen) WUR;

/* A fixed set of connections shared by request threads. */
struct db_pool;
int db_pool_open(const char *url, int n, struct db_pool **out, char *err, int errlen) WUR;
struct db *db_pool_get(struct db_pool *);
void db_pool_put(struct db_pool *, struct db *);
void db_pool_close(struct db_pool *);

#endif
