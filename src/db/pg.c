/*
 * pg.c - the PostgreSQL backend of db.h, on libpq.
 *
 * Statements are prepared server-side once per connection (PQprepare), with
 * the '?' placeholders of the common dialect renumbered to $1..$n outside
 * string literals. Parameters go as text; results come back as text and
 * integers are parsed from it. A statement executes on its first db_step and
 * then walks the result rows.
 */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "../core/buf.h"

#define MAXPARAM 32

struct pg {
	struct db db;
	PGconn *c;
	int nstmt;
	char err[512];
};

struct pg_stmt {
	struct db_stmt_base base;
	char name[16];
	int nparam;
	char *val[MAXPARAM];
	PGresult *res;
	int row, nrows, executed;
};

#define C(db) (((struct pg *)(db))->c)
#define P(s) ((struct pg_stmt *)(s))

static void
setdberr(struct db *db, const char *m)
{
	snprintf(((struct pg *)db)->err, sizeof(((struct pg *)db)->err), "%s", m);
}

static void
p_close(struct db *db)
{
	PQfinish(C(db));
	free(db);
}

static struct db_stmt *
p_prepare(struct db *db, const char *sql)
{
	struct pg_stmt *s;
	struct buf b;
	PGresult *r;
	int n = 0, q = 0;
	const char *p;

	buf_init(&b, 1 << 20, NULL);
	for (p = sql; *p; p++) {
		if (*p == '\'')
			q = !q;
		if (*p == '?' && !q)
			buf_printf(&b, "$%d", ++n);
		else
			buf_putc(&b, *p);
	}
	if (buf_err(&b) || n > MAXPARAM) {
		buf_free(&b);
		setdberr(db, "statement too large");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		buf_free(&b);
		return NULL;
	}
	s->base.db = db;
	s->nparam = n;
	snprintf(s->name, sizeof(s->name), "s%d", ++((struct pg *)db)->nstmt);
	r = PQprepare(C(db), s->name, buf_str(&b), 0, NULL);
	buf_free(&b);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		setdberr(db, PQresultErrorMessage(r));
		PQclear(r);
		free(s);
		return NULL;
	}
	PQclear(r);
	return (struct db_stmt *)s;
}

static void
p_reset(struct db_stmt *s)
{
	int i;

	for (i = 0; i < MAXPARAM; i++) {
		free(P(s)->val[i]);
		P(s)->val[i] = NULL;
	}
	PQclear(P(s)->res);
	P(s)->res = NULL;
	P(s)->executed = 0;
	P(s)->row = -1;
}

static void
p_finalize(struct db_stmt *s)
{
	p_reset(s);
	free(s);
}

static void
setval(struct db_stmt *s, int i, char *v)
{
	if (i < 1 || i > MAXPARAM) {
		free(v);
		return;
	}
	free(P(s)->val[i - 1]);
	P(s)->val[i - 1] = v;
}

static void
p_bind_int(struct db_stmt *s, int i, int64_t v)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%lld", (long long)v);
	setval(s, i, strdup(tmp));
}

static void p_bind_text(struct db_stmt *s, int i, const char *v) { setval(s, i, v ? strdup(v) : NULL); }
static void p_bind_null(struct db_stmt *s, int i) { setval(s, i, NULL); }

static int
p_step(struct db_stmt *s)
{
	struct pg_stmt *ps = P(s);
	ExecStatusType st;

	if (!ps->executed) {
		ps->executed = 1;
		ps->res = PQexecPrepared(C(ps->base.db), ps->name, ps->nparam,
		    (const char *const *)ps->val, NULL, NULL, 0);
		st = PQresultStatus(ps->res);
		if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
			setdberr(ps->base.db, PQresultErrorMessage(ps->res));
			return -1;
		}
		ps->nrows = PQntuples(ps->res);
		ps->row = -1;
	}
	if (ps->res == NULL)
		return -1;
	if (ps->row + 1 < ps->nrows) {
		ps->row++;
		return 1;
	}
	return 0;
}

static const char *
p_col_text(struct db_stmt *s, int c)
{
	struct pg_stmt *ps = P(s);

	if (ps->res == NULL || ps->row < 0 || c >= PQnfields(ps->res) ||
	    PQgetisnull(ps->res, ps->row, c))
		return NULL;
	return PQgetvalue(ps->res, ps->row, c);
}

static int64_t
p_col_int(struct db_stmt *s, int c)
{
	const char *v = p_col_text(s, c);

	if (v == NULL)
		return 0;
	if (*v == 't')		/* boolean results */
		return 1;
	if (*v == 'f')
		return 0;
	return strtoll(v, NULL, 10);
}

static int p_col_isnull(struct db_stmt *s, int c) { return p_col_text(s, c) == NULL; }

static int
p_exec(struct db *db, const char *sql)
{
	PGresult *r = PQexec(C(db), sql);
	ExecStatusType st = PQresultStatus(r);
	int rc = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? 0 : -1;

	if (rc)
		setdberr(db, PQresultErrorMessage(r));
	PQclear(r);
	return rc;
}

static const char *p_errmsg(struct db *db) { return ((struct pg *)db)->err; }

static int
p_check(struct db *db)
{
	if (PQstatus(C(db)) == CONNECTION_OK)
		return 0;
	PQreset(C(db));
	if (PQstatus(C(db)) != CONNECTION_OK) {
		setdberr(db, PQerrorMessage(C(db)));
		return -1;
	}
	((struct pg *)db)->nstmt = 0;
	if (p_exec(db, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"))
		return -1;
	return 1;
}

static const struct db_ops pg_ops = {
	p_close, p_prepare, p_finalize, p_bind_int, p_bind_text, p_bind_null,
	p_step, p_col_int, p_col_text, p_col_isnull, p_reset, p_exec, p_errmsg,
	p_check, "BEGIN",
};

static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;	/* NOTICEs (e.g. "relation exists") are not errors */
}

int
db_pg_open(const char *url, struct db **out, char *err, int errlen)
{
	struct pg *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return -1;
	p->c = PQconnectdb(url);
	if (PQstatus(p->c) != CONNECTION_OK) {
		snprintf(err, (size_t)errlen, "postgresql: %s", PQerrorMessage(p->c));
		PQfinish(p->c);
		free(p);
		return -1;
	}
	PQsetNoticeProcessor(p->c, quiet, NULL);
	p->db.ops = &pg_ops;
	p->db.kind = DB_PG;
	if (p_exec(&p->db, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'")) {
		snprintf(err, (size_t)errlen, "postgresql: %s", p->err);
		p_close(&p->db);
		return -1;
	}
	*out = &p->db;
	return 0;
}
