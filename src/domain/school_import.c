/*
 * school_import.c - NSR-shaped school import; see org.h for the format.
 *
 * Two passes: parse and check every row (no database), then write all rows
 * in one transaction. A problem anywhere means nothing is written, and every
 * problem is reported with its line (CSV) or index (JSON) so the file can be
 * fixed in one go.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "org.h"
#include "../db/db.h"
#include "../http/form.h"
#include "../core/arena.h"
#include "../core/csv.h"
#include "../core/num.h"
#include "../core/buf.h"

#define MAX_ROWS 20000

static const char *const cols[7] = {
	"orgnr", "name", "kommunenummer", "pupils", "level", "private", "active"
};

static void
problem(struct import_result *res, const char *where, int at, const char *msg)
{
	if (res->errors)
		buf_printf(res->errors, "%s %d: %s\n", where, at, msg);
}

static int
parse_bool(const char *s, int *out)
{
	if (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "ja") || !strcmp(s, "yes"))
		*out = 1;
	else if (!strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "nei") || !strcmp(s, "no"))
		*out = 0;
	else
		return -1;
	return 0;
}

/* Checks one row given as seven strings; fills s. Returns 0 or -1 (reported). */
static int
check_row(struct arena *a, char *const v[7], struct school *s,
    struct import_result *res, const char *where, int at)
{
	int bad = 0;
	int64_t n;

	for (int i = 0; i < 7; i++)
		if (!utf8_valid(v[i], strlen(v[i])) || strlen(v[i]) > 300) {
			problem(res, where, at, "a value is not valid UTF-8 text or is too long");
			return -1;
		}
	memset(s, 0, sizeof(*s));
	if (!orgnr_valid(v[0])) {
		problem(res, where, at, "orgnr must be nine digits with a valid MOD11 check digit");
		bad = 1;
	}
	if (*v[1] == '\0') {
		problem(res, where, at, "name is empty");
		bad = 1;
	}
	if (strlen(v[2]) != 4 || num_parse_i64(v[2], 0, 9999, &n)) {
		problem(res, where, at, "kommunenummer must be four digits, e.g. 0301");
		bad = 1;
	}
	if (*v[3] == '\0')
		s->pupils = -1;
	else if (num_parse_i64(v[3], 0, 100000, &s->pupils)) {
		problem(res, where, at, "pupils must be a whole number from 0 to 100000");
		bad = 1;
	}
	if (strcmp(v[4], "grunnskole") && strcmp(v[4], "videregaende") && strcmp(v[4], "begge")) {
		problem(res, where, at, "level must be grunnskole, videregaende or begge");
		bad = 1;
	}
	if (parse_bool(v[5], &s->private_)) {
		problem(res, where, at, "private must be 1 or 0 (true/false, ja/nei)");
		bad = 1;
	}
	if (parse_bool(v[6], &s->active)) {
		problem(res, where, at, "active must be 1 or 0 (true/false, ja/nei)");
		bad = 1;
	}
	s->orgnr = arena_strdup(a, v[0]);
	s->name = arena_strdup(a, v[1]);
	s->kommunenummer = arena_strdup(a, v[2]);
	s->level = arena_strdup(a, v[4]);
	return bad ? -1 : 0;
}

static int
dup_check(struct school *rows, int n, struct import_result *res, const char *where, int at)
{
	for (int i = 0; i < n; i++)
		if (strcmp(rows[i].orgnr, rows[n].orgnr) == 0) {
			problem(res, where, at, "orgnr appears twice in the file");
			return -1;
		}
	return 0;
}

/* Where each valid row came from (line or row number, and its place among
 * the file's schools), so that the checks against the database, which run
 * even when other rows are bad, report in the same terms. n is set only
 * when the whole file was read. */
struct origin {
	const char *where;
	int *at, *ord, n;
};

static void
note(struct origin *o, int n, int at, int ord)
{
	if (o && o->at && o->ord) {
		o->at[n] = at;
		o->ord[n] = ord;
	}
}

static int
parse_json(struct arena *a, const char *text, size_t len, struct school *rows,
    struct import_result *res, struct origin *org)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	size_t i;
	int n = 0, bad = 0;

	if (root == NULL || !json_is_array(root)) {
		if (res->errors)
			buf_printf(res->errors, "line %d: %s\n", je.line,
			    root ? "expected a JSON array of schools" : je.text);
		json_decref(root);
		return -1;
	}
	if (json_array_size(root) > MAX_ROWS) {
		problem(res, "row", MAX_ROWS + 1, "too many rows (at most 20000)");
		json_decref(root);
		return -1;
	}
	for (i = 0; i < json_array_size(root); i++) {
		json_t *o = json_array_get(root, i);
		char *v[7];
		char tmp[7][32];
		int ok = json_is_object(o);
		for (int k = 0; ok && k < 7; k++) {
			json_t *x = json_object_get(o, cols[k]);
			if (json_is_string(x))
				v[k] = (char *)json_string_value(x);
			else if (json_is_integer(x)) {
				snprintf(tmp[k], sizeof(tmp[k]), "%lld", (long long)json_integer_value(x));
				v[k] = tmp[k];
			} else if (json_is_boolean(x))
				v[k] = json_is_true(x) ? "1" : "0";
			else if (x == NULL || json_is_null(x))
				v[k] = "";
			else
				ok = 0;
		}
		if (!ok) {
			problem(res, "row", (int)i + 1, "expected an object with string, number or boolean values");
			bad = 1;
			continue;
		}
		if (check_row(a, v, &rows[n], res, "row", (int)i + 1) ||
		    dup_check(rows, n, res, "row", (int)i + 1))
			bad = 1;
		else {
			note(org, n, (int)i + 1, (int)i + 1);
			n++;
		}
	}
	json_decref(root);
	if (org) {
		org->where = "row";
		org->n = n;
	}
	if (n == 0 && !bad) {
		problem(res, "row", 1, "the file has no schools");
		return -1;
	}
	return bad ? -1 : n;
}

/* An upper bound on the rows a text can hold (a line or an object each),
 * so parsing allocates for the file at hand, not for the largest allowed. */
static size_t
row_bound(const char *text, size_t len)
{
	size_t n = 2;

	for (size_t i = 0; i < len && n <= MAX_ROWS; i++)
		n += text[i] == '\n' || text[i] == '\r' || text[i] == '{';
	return n > MAX_ROWS + 1 ? MAX_ROWS + 1 : n;
}

static int
parse_rows(struct arena *a, const char *text, size_t len, struct school **out,
    struct import_result *res, struct origin *org)
{
	struct school *rows = arena_alloc(a, sizeof(*rows) * row_bound(text, len));
	struct csv c;
	char *f[16];
	size_t i = 0;
	int nf, n = 0, bad = 0, ord = 0;

	if (rows == NULL)
		return -1;
	*out = rows;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
		i++;
	if (i < len && text[i] == '[') {
		n = parse_json(a, text, len, rows, res, org);
		res->rows = n < 0 ? 0 : n;
		return n;
	}
	if (!utf8_valid(text, len)) {
		problem(res, "line", 1, "the file is not UTF-8; save it as CSV UTF-8");
		return -1;
	}
	csv_init(&c, text, len, ',');
	nf = csv_next(&c, a, f, 16);
	if (nf != 7) {
		problem(res, "line", 1, "header must be orgnr,name,kommunenummer,pupils,level,private,active");
		return -1;
	}
	for (int k = 0; k < 7; k++)
		if (strcmp(f[k], cols[k]) != 0) {
			problem(res, "line", 1, "header must be orgnr,name,kommunenummer,pupils,level,private,active");
			return -1;
		}
	for (;;) {
		int line = c.line;
		nf = csv_next(&c, a, f, 16);
		if (nf == 0)
			break;
		if (nf < 0) {
			problem(res, "line", c.line, c.err);
			return -1;
		}
		if (nf == 1 && *f[0] == '\0')
			continue;	/* blank line */
		ord++;
		if (n >= MAX_ROWS) {
			problem(res, "line", line, "too many rows (at most 20000)");
			return -1;
		}
		if (nf != 7) {
			problem(res, "line", line, "expected 7 fields");
			bad = 1;
			continue;
		}
		if (check_row(a, f, &rows[n], res, "line", line) ||
		    dup_check(rows, n, res, "line", line))
			bad = 1;
		else {
			note(org, n, line, ord);
			n++;
		}
	}
	if (org) {
		org->where = "line";
		org->n = n;
	}
	if (n == 0 && !bad) {
		problem(res, "line", 2, "the file has no schools");
		return -1;
	}
	res->rows = bad ? 0 : n;
	return bad ? -1 : n;
}

int
school_parse(struct arena *a, const char *text, size_t len, struct school **out,
    struct import_result *res)
{
	return parse_rows(a, text, len, out, res, NULL);
}

static int64_t
owner_of(struct db *db, const struct school *s)
{
	char fylke[3] = { s->kommunenummer[0], s->kommunenummer[1], 0 };

	if (strcmp(s->level, "videregaende") == 0)
		return org_find(db, "county", fylke);
	return org_find(db, "municipality", s->kommunenummer);
}

int
school_import(struct db *db, struct arena *a, const char *text, size_t len,
    int64_t actor, int64_t now, struct import_result *res)
{
	struct school *rows;
	struct origin org = { "line", NULL, NULL, 0 };
	int n, i, bad = 0;
	int64_t *owner;

	/* Rows that parsed are checked against the database even when others
	 * did not, so that one run reports every bad line. */
	org.at = arena_alloc(a, sizeof(int) * row_bound(text, len));
	org.ord = arena_alloc(a, sizeof(int) * row_bound(text, len));
	n = parse_rows(a, text, len, &rows, res, &org);
	if (org.at == NULL || org.ord == NULL || (n < 0 && org.n == 0))
		return -1;
	owner = arena_alloc(a, sizeof(*owner) * (size_t)(org.n + 1));
	if (owner == NULL)
		return -1;
	for (i = 0; i < org.n; i++) {
		owner[i] = owner_of(db, &rows[i]);
		if (owner[i] < 0)
			return -1;
		if (owner[i] == 0) {
			if (res->errors)
				buf_printf(res->errors, "%s %d: school %d: kommunenummer %s names no"
				    " known municipality or county; run 'skolesec init' first\n",
				    org.where, org.at[i], org.ord[i], rows[i].kommunenummer);
			bad = 1;
		}
	}
	if (n < 0 || bad || db_begin(db))
		return -1;
	for (i = 0; i < n; i++) {
		struct school *s = &rows[i];
		struct db_stmt *st;
		int rc;
		int64_t id = 0, old_org = 0;

		st = db_query(db, "SELECT id, org_id FROM schools WHERE orgnr = ?", &rc, "s", s->orgnr);
		if (rc == 1) {
			id = db_col_int(st, 0);
			old_org = db_col_int(st, 1);
		}
		if (st)
			db_reset(st);
		if (rc < 0)
			goto fail;
		if (id && old_org != owner[i]) {
			/* Moving a school between owners would leave the old owner's
			 * grants and records pointing at it: refuse, say which. */
			if (res->errors)
				buf_printf(res->errors, "school %d: %s belongs to another owner in skolesec;"
				    " a change of owner is not done by import\n", i + 1, s->orgnr);
			db_rollback(db);
			res->created = res->updated = 0;
			return -1;
		}
		st = db_prepare(db, id ?
		    "UPDATE schools SET org_id = ?, name = ?, kommunenummer = ?, pupils = ?,"
		    " level = ?, private = ?, active = ? WHERE orgnr = ? RETURNING id" :
		    "INSERT INTO schools (org_id, name, kommunenummer, pupils, level, private,"
		    " active, orgnr, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
		if (st == NULL)
			goto fail;
		db_bind_int(st, 1, owner[i]);
		db_bind_text(st, 2, s->name);
		db_bind_text(st, 3, s->kommunenummer);
		if (s->pupils >= 0)
			db_bind_int(st, 4, s->pupils);
		else
			db_bind_null(st, 4);
		db_bind_text(st, 5, s->level);
		db_bind_int(st, 6, s->private_);
		db_bind_int(st, 7, s->active);
		db_bind_text(st, 8, s->orgnr);
		if (!id)
			db_bind_int(st, 9, now);
		rc = db_step(st);
		if (rc == 1)
			id = db_col_int(st, 0);
		while (rc == 1)
			rc = db_step(st);
		db_reset(st);
		if (rc < 0)
			goto fail;
		if (old_org)
			res->updated++;
		else
			res->created++;
		{
			json_t *j = json_pack("{s:s, s:s, s:s}", "orgnr", s->orgnr,
			    "name", s->name, "source", "import");
			rc = audit_json(db, owner[i], actor, old_org ? "school.update" : "school.create",
			    "school", id, j, now);
			if (rc)
				goto fail;
		}
	}
	if (db_commit(db))
		goto fail;
	return 0;
fail:
	if (res->errors)
		buf_printf(res->errors, "database: %s\n", db_errmsg(db));
	db_rollback(db);
	res->created = res->updated = 0;
	return -1;
}
