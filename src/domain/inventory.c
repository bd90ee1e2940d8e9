/*
 * inventory.c - a school owner's tool inventory; see inventory.h.
 *
 * Lists are read with one query per page (joined with tools, vendors and
 * schools) and filtered in C for school leaders and the page's filters:
 * an organisation has at most a few thousand rows, and keeping the SQL the
 * same for every caller keeps it identical on SQLite and PostgreSQL.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/msgid.h"
#include "audit.h"
#include "authz.h"
#include "inventory.h"
#include "../db/db.h"
#include "../http/form.h"
#include "../core/arena.h"
#include "../core/num.h"
#include "../core/buf.h"

const struct cat_key inv_states[] = {
	{ "in_use", N_("In use") },
	{ "trial", N_("Trial") },
	{ "phasing_out", N_("Being phased out") },
};
const int inv_nstates = sizeof(inv_states) / sizeof(inv_states[0]);

/* ---- pure checks ---- */

static const char *
skip_sp(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int
grade_num(const char **pp, int *out)
{
	const char *p = *pp;
	int v = 0, n = 0;

	while (*p >= '0' && *p <= '9' && n < 3) {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	if (n == 0 || n == 3)
		return -1;
	*out = v;
	*pp = p;
	return 0;
}

int
inv_parse_grades(struct arena *a, const char *s, const char **out, const char **err)
{
	int set[14] = { 0 };
	const char *p = skip_sp(s ? s : "");
	struct buf b;

	*err = NULL;
	if (*p == '\0') {
		*out = "";
		return 0;
	}
	for (;;) {
		int lo, hi;
		if (grade_num(&p, &lo)) {
			*err = N_("Write grades as numbers from 1 to 13, like 1-4 or 1,2,3.");
			return -1;
		}
		hi = lo;
		p = skip_sp(p);
		/* A hyphen, or the en dash word processors put in its place. */
		if (*p == '-' || strncmp(p, "\xe2\x80\x93", 3) == 0) {
			p += *p == '-' ? 1 : 3;
			p = skip_sp(p);
			if (grade_num(&p, &hi)) {
				*err = N_("Write grades as numbers from 1 to 13, like 1-4 or 1,2,3.");
				return -1;
			}
			if (hi < lo) {
				*err = N_("A range of grades must go upwards, like 1-4.");
				return -1;
			}
		}
		if (lo < 1 || hi > 13) {
			*err = N_("Grades go from 1 to 13 (11 to 13 are upper secondary).");
			return -1;
		}
		for (int g = lo; g <= hi; g++)
			set[g] = 1;
		p = skip_sp(p);
		if (*p == '\0')
			break;
		if (*p != ',') {
			*err = N_("Write grades as numbers from 1 to 13, like 1-4 or 1,2,3.");
			return -1;
		}
		p = skip_sp(p + 1);
	}
	buf_init(&b, 64, a);
	for (int g = 1; g <= 13; g++) {
		int e = g;
		if (!set[g])
			continue;
		while (e + 1 <= 13 && set[e + 1])
			e++;
		if (b.len)
			buf_putc(&b, ',');
		if (e - g >= 2) {
			buf_printf(&b, "%d-%d", g, e);
			g = e;
		} else
			buf_printf(&b, "%d", g);
	}
	*out = buf_str(&b);
	if (*out == NULL) {
		*err = N_("Write grades as numbers from 1 to 13, like 1-4 or 1,2,3.");
		return -1;
	}
	return 0;
}

static int
digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
inv_parse_date(struct arena *a, const char *s, int dotted, const char **out)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	size_t n;

	if (s == NULL)
		return -1;
	s = skip_sp(s);
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 10 && s[4] == '-' && s[7] == '-' && digits(s, 4) && digits(s + 5, 2) &&
	    digits(s + 8, 2)) {
		y = two(s) * 100 + two(s + 2);
		m = two(s + 5);
		d = two(s + 8);
	} else if (dotted && n >= 8 && n <= 10) {
		/* D.M.YYYY, DD.MM.YYYY and the mixes. */
		const char *p = s, *dot1 = memchr(s, '.', n), *dot2;
		if (dot1 == NULL || (dot2 = memchr(dot1 + 1, '.', n - (size_t)(dot1 + 1 - s))) == NULL)
			return -1;
		if (dot1 - p < 1 || dot1 - p > 2 || dot2 - dot1 - 1 < 1 || dot2 - dot1 - 1 > 2 ||
		    (size_t)(s + n - dot2 - 1) != 4 || !digits(p, (int)(dot1 - p)) ||
		    !digits(dot1 + 1, (int)(dot2 - dot1 - 1)) || !digits(dot2 + 1, 4))
			return -1;
		d = dot1 - p == 1 ? p[0] - '0' : two(p);
		m = dot2 - dot1 - 1 == 1 ? dot1[1] - '0' : two(dot1 + 1);
		y = two(dot2 + 1) * 100 + two(dot2 + 3);
	} else
		return -1;
	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	*out = arena_printf(a, "%04d-%02d-%02d", y, m, d);
	return *out ? 0 : -1;
}

int
inv_parse_keys(struct arena *a, enum cat_set set, const char *s, unsigned *mask,
    const char **bad)
{
	const char *p = s ? s : "";
	int n;
	const struct cat_key *list = catalogue_set_keys(set, &n);

	*mask = 0;
	*bad = NULL;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *k = catalogue_casefold(a, arena_strndup(a, p, len));
		int found = -1;
		if (k == NULL)
			return -1;
		for (int i = 0; *k && i < n && i < 32; i++)
			if (strcmp(k, list[i].key) == 0)
				found = i;
		if (*k && found < 0) {
			*bad = k;
			return -1;
		}
		if (found >= 0)
			*mask |= 1u << found;
		p = e ? e + 1 : p + len;
	}
	return 0;
}

/* Tolerant reading of stored keys: unknown ones (from an older list) drop. */
static unsigned
mask_of(enum cat_set set, const char *s)
{
	unsigned m = 0;
	const char *p = s ? s : "";
	int n;
	const struct cat_key *list = catalogue_set_keys(set, &n);

	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		for (int i = 0; i < n && i < 32; i++)
			if (strlen(list[i].key) == len && strncmp(p, list[i].key, len) == 0)
				m |= 1u << i;
		p = e ? e + 1 : p + len;
	}
	return m;
}

unsigned
inv_key_bit(enum cat_set set, const char *key)
{
	return mask_of(set, key);
}

const char *
inv_keys_str(struct arena *a, enum cat_set set, unsigned mask)
{
	struct buf b;
	int n;
	const struct cat_key *list = catalogue_set_keys(set, &n);

	buf_init(&b, 4096, a);
	for (int i = 0; i < n && i < 32; i++)
		if (mask & (1u << i)) {
			if (b.len)
				buf_putc(&b, ',');
			buf_puts(&b, list[i].key);
		}
	return buf_str(&b) ? buf_str(&b) : "";
}

const char *
inv_state_label(const char *s)
{
	for (int i = 0; s && i < inv_nstates; i++)
		if (strcmp(s, inv_states[i].key) == 0)
			return inv_states[i].label;
	return NULL;
}

/* Text for a field: valid UTF-8, no control characters (newlines and tabs
 * only where multiline), at most max bytes. */
static int
text_ok(const char *s, size_t max, int multiline)
{
	size_t n = strlen(s);

	if (n > max || !utf8_valid(s, n))
		return 0;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == 0x7f || (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))))
			return 0;
	}
	return 1;
}

static unsigned
mask_all(enum cat_set set)
{
	int n;

	(void)catalogue_set_keys(set, &n);
	return n >= 32 ? ~0u : (1u << n) - 1;
}

int
inv_check_values(struct arena *a, const struct inv_input *in, struct inv_row *out,
    const char *err[IF__COUNT])
{
	int nerr = 0;
	const char *e;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < IF__COUNT; i++)
		err[i] = NULL;
	out->tool_id = in->tool_id;
	out->school_id = in->school_id;
	out->tool_name = out->vendor_name = out->school_name = "";
	out->needs_ros = out->needs_dpia = out->needs_dba = -1;
	if (in->tool_id <= 0)
		err[IF_TOOL] = N_("Choose a tool.");
	if (in->school_id < 0)
		err[IF_SCHOOL] = N_("Choose a school of this organisation.");
	if (!in->grades || !text_ok(in->grades, INV_MAX_GRADES, 0))
		err[IF_GRADES] = N_("Write grades as numbers from 1 to 13, like 1-4 or 1,2,3.");
	else if (inv_parse_grades(a, in->grades, &out->grades, &e))
		err[IF_GRADES] = e;
	out->pupils = -1;
	if (in->pupils && *skip_sp(in->pupils) != '\0') {
		char *t = catalogue_casefold(a, in->pupils);
		if (t == NULL || num_parse_i64(t, 0, INV_MAX_PUPILS, &out->pupils))
			err[IF_PUPILS] = N_("Pupils must be a whole number from 0 to 100000.");
	}
	out->purpose = in->purpose ? in->purpose : "";
	if (!text_ok(out->purpose, INV_MAX_PURPOSE, 1))
		err[IF_PURPOSE] = N_("The purpose is too long or holds characters that are not text.");
	out->responsible = in->responsible ? in->responsible : "";
	if (!text_ok(out->responsible, INV_MAX_RESPONSIBLE, 0))
		err[IF_RESPONSIBLE] = N_("The responsible person is too long or holds characters that are not text.");
	out->usage_rules = in->usage_rules ? in->usage_rules : "";
	if (!text_ok(out->usage_rules, INV_MAX_RULES, 1))
		err[IF_RULES] = N_("The usage rules are too long or hold characters that are not text.");
	out->since = "";
	if (in->since && *skip_sp(in->since) != '\0' && inv_parse_date(a, in->since, 1, &out->since))
		err[IF_SINCE] = N_("Enter a real date as YYYY-MM-DD, for example 2023-08-15.");
	out->state = in->state && *in->state ? in->state : "in_use";
	if (inv_state_label(out->state) == NULL)
		err[IF_STATE] = N_("Choose in use, trial or being phased out.");
	if (in->data & ~mask_all(CS_DATA))
		err[IF_DATA] = N_("Choose data categories from the list.");
	if (in->feide & ~mask_all(CS_FEIDE))
		err[IF_FEIDE] = N_("Choose Feide attributes from the list.");
	out->data = in->data;
	out->feide = in->feide;
	out->has_ros = !!in->has_ros;
	out->has_dpia = !!in->has_dpia;
	out->has_dba = !!in->has_dba;
	out->public_ = !!in->public_;
	for (int i = 0; i < IF__COUNT; i++)
		nerr += err[i] != NULL;
	return nerr;
}

/* ---- access ---- */

int
inventory_can(const struct principal *p, enum action act, int64_t org_id, int64_t school_id)
{
	if (p == NULL)
		return 0;
	if (school_id > 0)
		return authz_allows(p, act, org_id, school_id);
	/* A row for the whole organisation: ask each membership that is not
	 * limited to schools on its own, since authz_allows() lets a school
	 * leader through when no school is named. */
	for (int i = 0; i < p->nm; i++) {
		struct principal one = *p;
		if (p->m[i].org_id != org_id || p->m[i].role == R_SCHOOL_LEADER)
			continue;
		one.m = &p->m[i];
		one.nm = 1;
		if (authz_allows(&one, act, org_id, 0))
			return 1;
	}
	return 0;
}

/* ---- tools ---- */

int
inventory_tools(struct db *db, struct arena *a, int64_t org_id, struct inv_tool **out)
{
	struct tool *t;
	struct inv_tool *v;
	int n = catalogue_picker(db, a, org_id, NULL, &t);

	if (n < 0)
		return -1;
	v = arena_alloc(a, sizeof(*v) * (size_t)(n + 1));
	if (v == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		v[i].id = t[i].id;
		v[i].name = t[i].name;
		v[i].vendor = t[i].vendor_name ? t[i].vendor_name : "";
	}
	*out = v;
	return n;
}

/* ---- rows ---- */

int
inventory_validate(struct db *db, struct arena *a, int64_t org_id, int64_t keep_tool,
    const struct inv_input *in, struct inv_row *out, const char *err[IF__COUNT])
{
	int n = inv_check_values(a, in, out, err), rc;

	if (!err[IF_TOOL]) {
		struct db_stmt *st;
		rc = in->tool_id == keep_tool ? 1 : catalogue_usable(db, org_id, in->tool_id);
		if (rc < 0)
			return -1;
		st = rc == 0 ? NULL : db_query(db, "SELECT t.name, COALESCE(v.name, '') FROM tools t"
		    " LEFT JOIN vendors v ON v.id = t.vendor_id WHERE t.id = ?", &rc, "i", in->tool_id);
		if (rc == 1) {
			out->tool_name = arena_strdup(a, db_col_text(st, 0));
			out->vendor_name = arena_strdup(a, db_col_text(st, 1));
		}
		if (st)
			db_reset(st);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			err[IF_TOOL] = N_("Choose a tool from the catalogue or one your organisation has proposed.");
			n++;
		}
	}
	if (!err[IF_SCHOOL] && in->school_id > 0) {
		struct db_stmt *st = db_query(db, "SELECT name FROM schools WHERE id = ? AND org_id = ?",
		    &rc, "ii", in->school_id, org_id);
		if (rc == 1)
			out->school_name = arena_strdup(a, db_col_text(st, 0));
		if (st)
			db_reset(st);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			err[IF_SCHOOL] = N_("Choose a school of this organisation.");
			n++;
		}
	}
	return n;
}

#define ROW_COLS "i.id, i.tool_id, t.name, COALESCE(v.name, ''), COALESCE(i.school_id, 0)," \
	" COALESCE(s.name, ''), i.grades, i.pupils, i.purpose, i.data_categories," \
	" i.feide_attributes, i.responsible, COALESCE(i.since, ''), i.state, i.has_ros," \
	" i.has_dpia, i.has_dba, i.public, i.usage_rules, i.needs_ros, i.needs_dpia," \
	" i.needs_dba, COALESCE(i.screened_at, 0), i.created_at, i.updated_at, i.org_id"
#define ROW_FROM " FROM inventory i JOIN tools t ON t.id = i.tool_id" \
	" LEFT JOIN vendors v ON v.id = t.vendor_id LEFT JOIN schools s ON s.id = i.school_id"

static void
read_row(struct db_stmt *st, struct arena *a, struct inv_row *r)
{
	r->id = db_col_int(st, 0);
	r->tool_id = db_col_int(st, 1);
	r->tool_name = arena_strdup(a, db_col_text(st, 2));
	r->vendor_name = arena_strdup(a, db_col_text(st, 3));
	r->school_id = db_col_int(st, 4);
	r->school_name = arena_strdup(a, db_col_text(st, 5));
	r->grades = arena_strdup(a, db_col_text(st, 6));
	r->pupils = db_col_isnull(st, 7) ? -1 : db_col_int(st, 7);
	r->purpose = arena_strdup(a, db_col_text(st, 8));
	r->data = mask_of(CS_DATA, db_col_text(st, 9));
	r->feide = mask_of(CS_FEIDE, db_col_text(st, 10));
	r->responsible = arena_strdup(a, db_col_text(st, 11));
	r->since = arena_strdup(a, db_col_text(st, 12));
	r->state = arena_strdup(a, db_col_text(st, 13));
	r->has_ros = (int)db_col_int(st, 14);
	r->has_dpia = (int)db_col_int(st, 15);
	r->has_dba = (int)db_col_int(st, 16);
	r->public_ = (int)db_col_int(st, 17);
	r->usage_rules = arena_strdup(a, db_col_text(st, 18));
	r->needs_ros = db_col_isnull(st, 19) ? -1 : (int)db_col_int(st, 19);
	r->needs_dpia = db_col_isnull(st, 20) ? -1 : (int)db_col_int(st, 20);
	r->needs_dba = db_col_isnull(st, 21) ? -1 : (int)db_col_int(st, 21);
	r->screened_at = db_col_int(st, 22);
	r->created_at = db_col_int(st, 23);
	r->updated_at = db_col_int(st, 24);
	r->org_id = db_col_int(st, 25);
}

static int
collect(struct db_stmt *st, int rc, struct arena *a, int64_t org_id, const struct principal *p,
    const struct inv_filter *f, struct inv_row **out)
{
	int n = 0, cap = 32, all = p == NULL || inventory_can(p, A_INVENTORY_VIEW, org_id, 0);
	struct inv_row *v = arena_alloc(a, sizeof(*v) * (size_t)cap);

	while (rc == 1 && v) {
		struct inv_row row;
		read_row(st, a, &row);
		rc = db_step(st);
		if (f && f->school > 0 && row.school_id != f->school)
			continue;
		if (f && f->school < 0 && row.school_id != 0)
			continue;
		if (f && f->state && strcmp(f->state, row.state) != 0)
			continue;
		/* School leaders: their own schools and the organisation's rows. */
		if (!all && row.school_id > 0 && !authz_allows(p, A_INVENTORY_VIEW, org_id, row.school_id))
			continue;
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			break;
		}
		v[n++] = row;
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 || v == NULL ? -1 : n;
}

int
inventory_list(struct db *db, struct arena *a, int64_t org_id, const struct principal *p,
    const struct inv_filter *f, struct inv_row **out)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT " ROW_COLS ROW_FROM " WHERE i.org_id = ?"
	    " ORDER BY COALESCE(s.name, ''), COALESCE(i.school_id, 0), t.sort_key, t.name, i.id", &rc, "i", org_id);

	return collect(st, rc, a, org_id, p, f, out);
}

int
inventory_list_public(struct db *db, struct arena *a, int64_t org_id, struct inv_row **out)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT " ROW_COLS ROW_FROM
	    " WHERE i.org_id = ? AND i.public = 1"
	    " ORDER BY COALESCE(s.name, ''), COALESCE(i.school_id, 0), t.sort_key, t.name, i.id", &rc, "i", org_id);

	return collect(st, rc, a, org_id, NULL, NULL, out);
}

int
inventory_get(struct db *db, struct arena *a, int64_t org_id, int64_t id, struct inv_row *out)
{
	int rc;
	struct db_stmt *st = db_query(db, "SELECT " ROW_COLS ROW_FROM
	    " WHERE i.id = ? AND i.org_id = ?", &rc, "ii", id, org_id);

	if (rc == 1)
		read_row(st, a, out);
	if (st)
		db_reset(st);
	return rc;
}

int64_t
inventory_find(struct db *db, int64_t org_id, int64_t tool_id, int64_t school_id)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	st = db_query(db, "SELECT id FROM inventory WHERE org_id = ? AND tool_id = ?"
	    " AND COALESCE(school_id, 0) = ?", &rc, "iii", org_id, tool_id, school_id);
	if (rc == 1)
		id = db_col_int(st, 0);
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : id;
}

/* The row as audit JSON (what a reader of the change log needs). */
static json_t *
row_json(struct arena *a, const struct inv_row *r)
{
	return json_pack("{s:I, s:s, s:o, s:s, s:o, s:s, s:s, s:s, s:s, s:o, s:s, s:b, s:b, s:b, s:b, s:s}",
	    "tool_id", (json_int_t)r->tool_id,
	    "tool", r->tool_name ? r->tool_name : "",
	    "school_id", r->school_id > 0 ? json_integer(r->school_id) : json_null(),
	    "grades", r->grades,
	    "pupils", r->pupils >= 0 ? json_integer(r->pupils) : json_null(),
	    "purpose", r->purpose,
	    "data_categories", inv_keys_str(a, CS_DATA, r->data),
	    "feide_attributes", inv_keys_str(a, CS_FEIDE, r->feide),
	    "responsible", r->responsible,
	    "since", *r->since ? json_string(r->since) : json_null(),
	    "state", r->state,
	    "has_ros", r->has_ros, "has_dpia", r->has_dpia, "has_dba", r->has_dba,
	    "public", r->public_,
	    "usage_rules", r->usage_rules);
}

/* audit_json() for an inventory row; a missing detail (out of memory) is an
 * error here rather than "{}". */
static int
audit_inv(struct db *db, int64_t org, int64_t actor, const char *action, int64_t oid,
    json_t *j, int64_t now)
{
	if (j == NULL)
		return -1;
	return audit_json(db, org, actor, action, "inventory", oid, j, now);
}

/* Binds the writable columns as parameters 1..16 in the order of the
 * INSERT and UPDATE statements below. */
static void
bind_row(struct db_stmt *st, struct arena *a, const struct inv_row *r)
{
	db_bind_int(st, 1, r->tool_id);
	if (r->school_id > 0)
		db_bind_int(st, 2, r->school_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, r->grades);
	if (r->pupils >= 0)
		db_bind_int(st, 4, r->pupils);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, r->purpose);
	db_bind_text(st, 6, inv_keys_str(a, CS_DATA, r->data));
	db_bind_text(st, 7, inv_keys_str(a, CS_FEIDE, r->feide));
	db_bind_text(st, 8, r->responsible);
	db_bind_text(st, 9, *r->since ? r->since : NULL);
	db_bind_text(st, 10, r->state);
	db_bind_int(st, 11, r->has_ros);
	db_bind_int(st, 12, r->has_dpia);
	db_bind_int(st, 13, r->has_dba);
	db_bind_int(st, 14, r->public_);
	db_bind_text(st, 15, r->usage_rules);
}

/* Closes open to-dos of a row whose document now exists (the flag was
 * set): the to-do list then says what is really left to do. */
static int
close_done_todos(struct db *db, int64_t org, int64_t id, const struct inv_row *r, int64_t now)
{
	static const char *const kinds[3] = { "ros", "dpia", "dba" };
	int have[3] = { r->has_ros, r->has_dpia, r->has_dba };

	for (int k = 0; k < 3; k++)
		if (have[k] && db_run(db, "UPDATE todos SET status = 'done', done_at = ?"
		    " WHERE org_id = ? AND inventory_id = ? AND kind = ? AND status = 'open'",
		    "iiis", now, org, id, kinds[k]) < 0)
			return -1;
	return 0;
}

int64_t
inventory_create(struct db *db, struct arena *a, int64_t org_id, const struct inv_row *r,
    const char *source, int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int64_t id = inventory_find(db, org_id, r->tool_id, r->school_id);
	int rc;
	json_t *j;

	if (id != 0)
		return id < 0 ? -1 : 0;
	st = db_prepare(db, "INSERT INTO inventory (tool_id, school_id, grades, pupils, purpose,"
	    " data_categories, feide_attributes, responsible, since, state, has_ros, has_dpia,"
	    " has_dba, public, usage_rules, org_id, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (st == NULL)
		return -1;
	bind_row(st, a, r);
	db_bind_int(st, 16, org_id);
	db_bind_int(st, 17, now);
	db_bind_int(st, 18, now);
	rc = db_step(st);
	id = rc == 1 ? db_col_int(st, 0) : -1;
	while (rc == 1)
		rc = db_step(st);
	db_reset(st);
	if (rc < 0 || id <= 0)
		return -1;
	j = json_pack("{s:s, s:o}", "source", source, "after", row_json(a, r));
	if (audit_inv(db, org_id, actor, "inventory.create", id, j, now))
		return -1;
	return id;
}

int
inventory_update(struct db *db, struct arena *a, int64_t org_id, int64_t id,
    const struct inv_row *r, const char *source, int64_t actor, int64_t now)
{
	struct inv_row before;
	struct db_stmt *st;
	int64_t other;
	int rc;
	json_t *j;

	if ((rc = inventory_get(db, a, org_id, id, &before)) != 1)
		return rc;
	other = inventory_find(db, org_id, r->tool_id, r->school_id);
	if (other < 0)
		return -1;
	if (other != 0 && other != id)
		return 2;
	st = db_prepare(db, "UPDATE inventory SET tool_id = ?, school_id = ?, grades = ?, pupils = ?,"
	    " purpose = ?, data_categories = ?, feide_attributes = ?, responsible = ?, since = ?,"
	    " state = ?, has_ros = ?, has_dpia = ?, has_dba = ?, public = ?, usage_rules = ?,"
	    " updated_at = ? WHERE id = ? AND org_id = ?");
	if (st == NULL)
		return -1;
	bind_row(st, a, r);
	db_bind_int(st, 16, now);
	db_bind_int(st, 17, id);
	db_bind_int(st, 18, org_id);
	rc = db_step(st);
	db_reset(st);
	if (rc < 0 || close_done_todos(db, org_id, id, r, now))
		return -1;
	j = json_pack("{s:s, s:o, s:o}", "source", source, "before", row_json(a, &before),
	    "after", row_json(a, r));
	return audit_inv(db, org_id, actor, "inventory.update", id, j, now) ? -1 : 1;
}

int
inventory_delete(struct db *db, struct arena *a, int64_t org_id, int64_t id, int64_t actor,
    int64_t now)
{
	struct inv_row before;
	int rc;
	json_t *j;

	if ((rc = inventory_get(db, a, org_id, id, &before)) != 1)
		return rc;
	/* Its screenings and to-dos go with it: they describe this row only,
	 * and the audit record below keeps what was there. */
	if (db_run(db, "DELETE FROM todos WHERE inventory_id = ? AND org_id = ?", "ii", id, org_id) < 0 ||
	    db_run(db, "DELETE FROM screenings WHERE inventory_id = ? AND org_id = ?", "ii", id, org_id) < 0 ||
	    db_run(db, "DELETE FROM inventory WHERE id = ? AND org_id = ?", "ii", id, org_id) < 0)
		return -1;
	j = json_pack("{s:o}", "before", row_json(a, &before));
	return audit_inv(db, org_id, actor, "inventory.delete", id, j, now) ? -1 : 1;
}

int64_t
inventory_public_org(struct db *db, const char *number)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	st = db_query(db, "SELECT id FROM orgs WHERE number = ? AND kind IN ('municipality', 'county')",
	    &rc, "s", number);
	if (rc == 1)
		id = db_col_int(st, 0);
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : id;
}
