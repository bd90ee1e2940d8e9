/*
 * assessment.c - assessments (ROS, DPIA, DBA): reading, creating, the header,
 * items and comments; see assessment.h. The workflow, versions, comparison
 * and inventory sync are in assessment_flow.c.
 *
 * Item data is validated against a per-kind key list and stored canonical
 * (every key present, keys sorted, compact): two saves of the same content
 * give the same text, so versions compare by plain string equality and the
 * comparison of 200 items costs microseconds.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assessment.h"
#include "assessment_int.h"
#include "audit.h"
#include "authz.h"
#include "riskmatrix.h"
#include "template.h"
#include "../core/arena.h"
#include "../core/num.h"
#include "../core/msgid.h"
#include "../db/db.h"

#define TITLE_MAX 200
#define TEXT_MAX 20000
#define COMMENT_MAX 4000
#define SCOPE_MAX 4000

#define E_FAIL N_("Something went wrong. Try again.")
#define E_NOTFOUND N_("There is no page at this address.")

/* ------------------------------------------------------------- helpers */

int
as_tx_begin(struct db *db, int *own)
{
	*own = !db->in_tx;
	return *own ? db_begin(db) : 0;
}

int
as_tx_end(struct db *db, int own, int rc)
{
	if (rc) {
		if (own)
			db_rollback(db);
		return -1;
	}
	if (own && db_commit(db)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int64_t
as_now(void)
{
	return (int64_t)time(NULL);
}

const char *
as_dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

/* ----------------------------------------------------- item data by kind */

enum ktype { K_STR, K_NUM, K_PROP, K_DATE, K_ENUM };
struct kspec {
	const char *name;
	enum ktype type;
	const char *const *choices;	/* K_ENUM ("" always allowed: unset) */
};

static const char *const measure_status[] = { "planned", "in_progress", "done", NULL };
static const char *const check_status[] = { "ok", "deviation", "missing", "na", NULL };
static const char *const transfer_basis[] = { "eea", "adequacy", "dpf", "scc", "bcr", "none", NULL };
static const char *const conclusion_result[] = { "acceptable", "conditions", "not_acceptable", NULL };
static const char *const acceptance_decision[] = { "accepted", "not_accepted", NULL };

static const struct kspec k_field[] = { { "value", K_STR, NULL }, { NULL, 0, NULL } };
static const struct kspec k_risk[] = {
	{ "title", K_STR, NULL }, { "description", K_STR, NULL }, { "event", K_STR, NULL },
	{ "property", K_PROP, NULL }, { "pupil_consequence", K_STR, NULL },
	{ "causes", K_STR, NULL }, { "controls", K_STR, NULL },
	{ "likelihood", K_NUM, NULL }, { "consequence", K_NUM, NULL },
	{ "measures", K_STR, NULL }, { "res_likelihood", K_NUM, NULL },
	{ "res_consequence", K_NUM, NULL }, { "owner", K_STR, NULL }, { NULL, 0, NULL } };
static const struct kspec k_measure[] = {
	{ "title", K_STR, NULL }, { "owner", K_STR, NULL }, { "due", K_DATE, NULL },
	{ "status", K_ENUM, measure_status }, { NULL, 0, NULL } };
static const struct kspec k_check[] = {
	{ "status", K_ENUM, check_status }, { "note", K_STR, NULL }, { NULL, 0, NULL } };
static const struct kspec k_sub[] = {
	{ "name", K_STR, NULL }, { "country", K_STR, NULL }, { "purpose", K_STR, NULL },
	{ "transfer_basis", K_ENUM, transfer_basis }, { "tia_ref", K_STR, NULL }, { NULL, 0, NULL } };
static const struct kspec k_conclusion[] = {
	{ "service", K_STR, NULL }, { "result", K_ENUM, conclusion_result },
	{ "conditions", K_STR, NULL }, { NULL, 0, NULL } };
static const struct kspec k_advice[] = { { "text", K_STR, NULL }, { NULL, 0, NULL } };
static const struct kspec k_accept[] = {
	{ "decision", K_ENUM, acceptance_decision }, { "comment", K_STR, NULL }, { NULL, 0, NULL } };

static const struct {
	const char *kind;
	const struct kspec *keys;
	const char *empty;	/* canonical default data */
} kinds[] = {
	{ "field", k_field, "{\"value\":\"\"}" },
	{ "risk", k_risk, "{\"causes\":\"\",\"consequence\":0,\"controls\":\"\",\"description\":\"\","
	    "\"event\":\"\",\"likelihood\":0,\"measures\":\"\",\"owner\":\"\",\"property\":[],"
	    "\"pupil_consequence\":\"\",\"res_consequence\":0,\"res_likelihood\":0,\"title\":\"\"}" },
	{ "measure", k_measure, "{\"due\":\"\",\"owner\":\"\",\"status\":\"\",\"title\":\"\"}" },
	{ "check", k_check, "{\"note\":\"\",\"status\":\"\"}" },
	{ "subprocessor", k_sub, "{\"country\":\"\",\"name\":\"\",\"purpose\":\"\",\"tia_ref\":\"\","
	    "\"transfer_basis\":\"\"}" },
	{ "conclusion", k_conclusion, "{\"conditions\":\"\",\"result\":\"\",\"service\":\"\"}" },
	{ "dpo_advice", k_advice, "{\"text\":\"\"}" },
	{ "acceptance", k_accept, "{\"comment\":\"\",\"decision\":\"\"}" },
};
#define NKINDS ((int)(sizeof(kinds) / sizeof(kinds[0])))

static int
kind_index(const char *kind)
{
	for (int i = 0; kind && i < NKINDS; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return i;
	return -1;
}

const char *
assessment_item_default(const char *item_kind)
{
	int k = kind_index(item_kind);

	return k < 0 ? NULL : kinds[k].empty;
}

static int
date_ok(const char *s)
{
	int y, m, d;

	return num_parse_date(s, 1900, &y, &m, &d) == 0;
}

static int
in_list(const char *s, const char *const *list)
{
	for (int i = 0; list && list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* A field item's value against its template item (type, options). */
static const char *
field_problem(const struct titem *ti, const char *v)
{
	static const char *const yesno[] = { "yes", "no", NULL };

	if (ti == NULL || *v == '\0')
		return NULL;
	if (ti->type == TF_DATE && !date_ok(v))
		return N_("Write the date as YYYY-MM-DD, for example 2025-08-15.");
	if (ti->type == TF_ENUM && !in_list(v, ti->options))
		return N_("Choose one of the options.");
	if (ti->type == TF_BOOL && !in_list(v, yesno))
		return N_("Answer yes or no.");
	if (ti->type == TF_TEXT && strchr(v, '\n'))
		return N_("The answer must be one line.");
	return NULL;
}

/*
 * Validates data (JSON object text) for an item kind; returns the canonical
 * text in *out or a msgid. maxnum bounds risk numbers (the matrix size);
 * ti is the template item of a field (NULL: free text).
 */
static const char *
check_data(struct arena *a, const char *kind, const char *data, int maxnum,
    const struct titem *ti, const char **out)
{
	int k = kind_index(kind);
	json_t *in, *o = NULL, *v;
	const char *key, *problem = NULL;
	char *s;

	if (k < 0)
		return N_("This kind of item is not known.");
	in = json_loads(data ? data : "", JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(in)) {
		json_decref(in);
		return N_("The item could not be read.");
	}
	json_object_foreach(in, key, v) {
		int found = 0;
		for (const struct kspec *ks = kinds[k].keys; ks->name && !found; ks++)
			found = strcmp(ks->name, key) == 0;
		if (!found) {
			json_decref(in);
			return N_("The item has a field that does not belong to it.");
		}
	}
	o = json_object();
	for (const struct kspec *ks = kinds[k].keys; ks->name && !problem; ks++) {
		v = json_object_get(in, ks->name);
		if (ks->type == K_NUM) {
			json_int_t n = v ? (json_is_integer(v) ? json_integer_value(v) : -1) : 0;
			if (n < 0 || n > maxnum)
				problem = N_("Likelihood and consequence must be classes of the risk matrix.");
			else
				json_object_set_new(o, ks->name, json_integer(n));
		} else if (ks->type == K_PROP) {
			unsigned seen = 0;
			json_t *arr = json_array(), *e;
			size_t i;
			if (v && !json_is_array(v))
				problem = N_("The item could not be read.");
			json_array_foreach(v, i, e) {
				const char *p = json_string_value(e);
				unsigned bit = !p ? 0 : !strcmp(p, "c") ? 1 : !strcmp(p, "i") ? 2 :
				    !strcmp(p, "a") ? 4 : 0;
				if (bit == 0 || (seen & bit)) {
					problem = N_("The affected property must be confidentiality, integrity or availability.");
					break;
				}
				seen |= bit;
			}
			/* Always in the order c, i, a so equal choices compare equal. */
			for (int b = 0; b < 3; b++)
				if (seen & (1u << b))
					json_array_append_new(arr, json_string(b == 0 ? "c" : b == 1 ? "i" : "a"));
			json_object_set_new(o, ks->name, arr);
		} else {
			const char *t = "";
			if (v && !json_is_string(v))
				problem = N_("The item could not be read.");
			else if (v) {
				t = json_string_value(v);
				if (strlen(t) != json_string_length(v))
					problem = N_("The text contains a character that is not allowed.");
				else if (strlen(t) > TEXT_MAX)
					problem = N_("A text can be at most 20000 characters.");
				else if (ks->type == K_DATE && *t && !date_ok(t))
					problem = N_("Write the date as YYYY-MM-DD, for example 2025-08-15.");
				else if (ks->type == K_ENUM && *t && !in_list(t, ks->choices))
					problem = N_("Choose one of the options.");
				else if (strcmp(kind, "field") == 0)
					problem = field_problem(ti, t);
			}
			json_object_set_new(o, ks->name, json_string(t));
		}
	}
	json_decref(in);
	if (problem) {
		json_decref(o);
		return problem;
	}
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	*out = s ? arena_strdup(a, s) : NULL;
	free(s);
	return *out ? NULL : E_FAIL;
}

void
as_risk_numbers(json_t *o, int *l, int *c, int *rl, int *rc)
{
	*l = (int)json_integer_value(json_object_get(o, "likelihood"));
	*c = (int)json_integer_value(json_object_get(o, "consequence"));
	*rl = (int)json_integer_value(json_object_get(o, "res_likelihood"));
	*rc = (int)json_integer_value(json_object_get(o, "res_consequence"));
}

/* --------------------------------------------------------------- reading */

#define HEAD_COLS "id, org_id, parent_id, screening_id, vendor_id, created_at, updated_at, kind," \
	" title, template_urn, level, status, review_date, review_reason, expires_on, scope," \
	" template_version, version"

static void
read_head(struct db_stmt *st, struct arena *a, struct assessment *o)
{
	memset(o, 0, sizeof(*o));
	o->id = db_col_int(st, 0);
	o->org_id = db_col_int(st, 1);
	o->parent_id = db_col_isnull(st, 2) ? 0 : db_col_int(st, 2);
	o->screening_id = db_col_isnull(st, 3) ? 0 : db_col_int(st, 3);
	o->vendor_id = db_col_isnull(st, 4) ? 0 : db_col_int(st, 4);
	o->created_at = db_col_int(st, 5);
	o->updated_at = db_col_int(st, 6);
	o->kind = as_dup(a, db_col_text(st, 7));
	o->title = as_dup(a, db_col_text(st, 8));
	o->template_urn = as_dup(a, db_col_text(st, 9));
	o->level = as_dup(a, db_col_text(st, 10));
	o->status = as_dup(a, db_col_text(st, 11));
	o->review_date = as_dup(a, db_col_text(st, 12));
	o->review_reason = as_dup(a, db_col_text(st, 13));
	o->expires_on = as_dup(a, db_col_text(st, 14));
	o->scope = as_dup(a, db_col_text(st, 15));
	o->template_version = (int)db_col_int(st, 16);
	o->version = (int)db_col_int(st, 17);
}

static int
read_tools(struct db *db, struct arena *a, struct assessment *o)
{
	struct db_stmt *st;
	int rc, n = 0, cap = 4;
	int64_t *v = arena_alloc(a, sizeof(*v) * (size_t)cap);

	st = db_query(db, "SELECT tool_id FROM assessment_tools WHERE assessment_id = ?"
	    " ORDER BY tool_id", &rc, "i", o->id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		v[n++] = db_col_int(st, 0);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0 || v == NULL)
		return -1;
	o->tools = v;
	o->ntools = n;
	return 0;
}

int
assessment_get(struct db *db, struct arena *a, int64_t org_id, int64_t id, struct assessment *out)
{
	struct db_stmt *st;
	int rc;

	st = db_query(db, "SELECT " HEAD_COLS " FROM assessments WHERE id = ? AND org_id = ?",
	    &rc, "ii", id, org_id);
	if (rc == 1)
		read_head(st, a, out);
	if (st)
		db_reset(st);
	if (rc == 1 && read_tools(db, a, out))
		return -1;
	return rc;
}

int
assessment_list(struct db *db, struct arena *a, int64_t org_id, const char *kind,
    struct assessment **out)
{
	struct db_stmt *st;
	struct assessment *v;
	int rc, n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	if (kind)
		st = db_query(db, "SELECT " HEAD_COLS " FROM assessments WHERE org_id = ? AND kind = ?"
		    " ORDER BY updated_at DESC, id DESC", &rc, "is", org_id, kind);
	else
		st = db_query(db, "SELECT " HEAD_COLS " FROM assessments WHERE org_id = ?"
		    " ORDER BY updated_at DESC, id DESC", &rc, "i", org_id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		read_head(st, a, &v[n++]);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0 || v == NULL)
		return -1;
	/* The tools of all of them in one query, not one per row. */
	st = db_query(db, "SELECT t.assessment_id, t.tool_id FROM assessment_tools t"
	    " JOIN assessments s ON s.id = t.assessment_id WHERE s.org_id = ?"
	    " ORDER BY t.assessment_id, t.tool_id", &rc, "i", org_id);
	while (rc == 1) {
		int64_t aid = db_col_int(st, 0);
		for (int i = 0; i < n; i++)
			if (v[i].id == aid) {
				int cap2 = v[i].ntools ? v[i].ntools : 0;
				int64_t *t = arena_alloc(a, sizeof(*t) * (size_t)(cap2 + 1));
				if (t == NULL) {
					rc = -1;
					break;
				}
				if (v[i].ntools)
					memcpy(t, v[i].tools, sizeof(*t) * (size_t)v[i].ntools);
				t[v[i].ntools++] = db_col_int(st, 1);
				v[i].tools = t;
				break;
			}
		if (rc == 1)
			rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	*out = v;
	return n;
}

#define ITEM_COLS "id, uid, kind, section, data, position, local, likelihood, consequence," \
	" res_likelihood, res_consequence, updated_at"

static void
read_item(struct db_stmt *st, struct arena *a, struct as_item *o)
{
	o->id = db_col_int(st, 0);
	o->uid = as_dup(a, db_col_text(st, 1));
	o->kind = as_dup(a, db_col_text(st, 2));
	o->section = as_dup(a, db_col_text(st, 3));
	o->data = as_dup(a, db_col_text(st, 4));
	o->position = (int)db_col_int(st, 5);
	o->local = (int)db_col_int(st, 6);
	o->l = (int)db_col_int(st, 7);
	o->c = (int)db_col_int(st, 8);
	o->rl = (int)db_col_int(st, 9);
	o->rc = (int)db_col_int(st, 10);
	o->updated_at = db_col_int(st, 11);
}

int
assessment_items(struct db *db, struct arena *a, int64_t assessment_id, struct as_item **out)
{
	struct db_stmt *st;
	struct as_item *v;
	int rc, n = 0, cap = 32;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT " ITEM_COLS " FROM assessment_items WHERE assessment_id = ?"
	    " ORDER BY position, id", &rc, "i", assessment_id);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		read_item(st, a, &v[n++]);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0 || v == NULL)
		return -1;
	*out = v;
	return n;
}

int
assessment_item(struct db *db, struct arena *a, int64_t assessment_id, const char *uid,
    struct as_item *out)
{
	struct db_stmt *st;
	int rc;

	st = db_query(db, "SELECT " ITEM_COLS " FROM assessment_items WHERE assessment_id = ?"
	    " AND uid = ?", &rc, "is", assessment_id, uid);
	if (rc == 1)
		read_item(st, a, out);
	if (st)
		db_reset(st);
	return rc;
}

/* ---------------------------------------------------------------- writes */

static json_t *
parsed(const char *text)
{
	json_t *j = json_loads(text ? text : "{}", 0, NULL);

	return j ? j : json_object();
}

static int
insert_item(struct db *db, int64_t aid, const char *uid, const char *kind, const char *section,
    int position, int local, const char *data, int64_t user_id, int64_t now)
{
	json_t *o = parsed(data);
	int l, c, rl, rc;
	struct db_stmt *st;
	int r;

	as_risk_numbers(o, &l, &c, &rl, &rc);
	json_decref(o);
	st = db_prepare(db, "INSERT INTO assessment_items (assessment_id, uid, kind, section,"
	    " position, local, data, likelihood, consequence, res_likelihood, res_consequence,"
	    " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, aid);
	db_bind_text(st, 2, uid);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, section);
	db_bind_int(st, 5, position);
	db_bind_int(st, 6, local);
	db_bind_text(st, 7, data);
	db_bind_int(st, 8, l);
	db_bind_int(st, 9, c);
	db_bind_int(st, 10, rl);
	db_bind_int(st, 11, rc);
	if (user_id > 0)
		db_bind_int(st, 12, user_id);
	else
		db_bind_null(st, 12);
	db_bind_int(st, 13, now);
	r = db_step(st);
	db_reset(st);
	return r < 0 ? -1 : 0;
}

static const char *
head_problem(struct db *db, const struct assessment *h, int *dberr)
{
	int rc;

	*dberr = 0;
	if (h->title == NULL || *h->title == '\0')
		return N_("Give the assessment a title.");
	if (strlen(h->title) > TITLE_MAX)
		return N_("The title can be at most 200 characters.");
	if (h->scope && strlen(h->scope) > SCOPE_MAX)
		return N_("The scope can be at most 4000 characters.");
	if (h->review_date && *h->review_date && !date_ok(h->review_date))
		return N_("Write the review date as YYYY-MM-DD, for example 2026-06-30.");
	if (h->expires_on && *h->expires_on && !date_ok(h->expires_on))
		return N_("Write the expiry date as YYYY-MM-DD, for example 2027-12-31.");
	if (h->level && *h->level && strcmp(h->level, "overarching") && strcmp(h->level, "platform") &&
	    strcmp(h->level, "app"))
		return N_("Choose one of the levels.");
	if (h->parent_id > 0) {
		if (h->parent_id == h->id)
			return N_("An assessment cannot inherit from itself.");
		rc = db_run(db, "SELECT 1 FROM assessments WHERE id = ? AND org_id = ? AND kind = ?",
		    "iis", h->parent_id, h->org_id, h->kind);
		if (rc < 0)
			return *dberr = 1, E_FAIL;
		if (rc == 0)
			return N_("The assessment it inherits from was not found.");
	}
	if (h->screening_id > 0) {
		rc = db_run(db, "SELECT 1 FROM screenings WHERE id = ? AND org_id = ?", "ii",
		    h->screening_id, h->org_id);
		if (rc < 0)
			return *dberr = 1, E_FAIL;
		if (rc == 0)
			return N_("The screening was not found.");
	}
	if (h->vendor_id > 0) {
		rc = db_run(db, "SELECT 1 FROM vendors WHERE id = ?", "i", h->vendor_id);
		if (rc < 0)
			return *dberr = 1, E_FAIL;
		if (rc == 0)
			return N_("The vendor was not found in the catalogue.");
	}
	for (int i = 0; i < h->ntools; i++) {
		rc = db_run(db, "SELECT 1 FROM tools WHERE id = ? AND (status = 'accepted'"
		    " OR proposed_by = ?)", "ii", h->tools[i], h->org_id);
		if (rc < 0)
			return *dberr = 1, E_FAIL;
		if (rc == 0)
			return N_("A tool was not found in the catalogue.");
	}
	return NULL;
}

static void
bind_opt_id(struct db_stmt *st, int idx, int64_t v)
{
	if (v > 0)
		db_bind_int(st, idx, v);
	else
		db_bind_null(st, idx);
}

static void
bind_opt_text(struct db_stmt *st, int idx, const char *s)
{
	db_bind_text(st, idx, s && *s ? s : NULL);
}

static int
write_tools(struct db *db, const struct assessment *h)
{
	if (db_run(db, "DELETE FROM assessment_tools WHERE assessment_id = ?", "i", h->id) < 0)
		return -1;
	for (int i = 0; i < h->ntools; i++)
		if (db_run(db, "INSERT INTO assessment_tools (assessment_id, tool_id) VALUES (?, ?)"
		    " ON CONFLICT DO NOTHING", "ii", h->id, h->tools[i]) < 0)
			return -1;
	return 0;
}

static json_t *
head_json(const struct assessment *h)
{
	json_t *tools = json_array();

	for (int i = 0; i < h->ntools; i++)
		json_array_append_new(tools, json_integer(h->tools[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:o}",
	    "kind", h->kind ? h->kind : "", "title", h->title ? h->title : "",
	    "level", h->level ? h->level : "", "scope", h->scope ? h->scope : "",
	    "review_date", h->review_date ? h->review_date : "",
	    "expires_on", h->expires_on ? h->expires_on : "",
	    "parent_id", (json_int_t)h->parent_id, "screening_id", (json_int_t)h->screening_id,
	    "vendor_id", (json_int_t)h->vendor_id, "tools", tools);
}

int64_t
assessment_create(struct db *db, struct arena *a, int64_t user_id, const struct assessment *in,
    const char **err)
{
	const struct tmpl *t = template_current(in->kind);
	struct assessment h = *in;
	struct db_stmt *st;
	int own, dberr, pos = 0, rc = 0;
	int64_t now = as_now(), id = -1;

	(void)a;
	if (t == NULL) {
		*err = N_("There is no template for this kind of assessment on the server.");
		return -1;
	}
	if (as_tx_begin(db, &own)) {
		*err = E_FAIL;
		return -1;
	}
	h.id = 0;
	if ((*err = head_problem(db, &h, &dberr)) != NULL) {
		as_tx_end(db, own, -1);
		return -1;
	}
	st = db_prepare(db, "INSERT INTO assessments (org_id, kind, title, template_urn,"
	    " template_version, level, parent_id, screening_id, vendor_id, status, version,"
	    " review_date, review_reason, expires_on, scope, created_by, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', 0, ?, '', ?, ?, ?, ?, ?) RETURNING id");
	if (st) {
		db_bind_int(st, 1, h.org_id);
		db_bind_text(st, 2, h.kind);
		db_bind_text(st, 3, h.title);
		db_bind_text(st, 4, t->urn);
		db_bind_int(st, 5, t->version);
		bind_opt_text(st, 6, h.level);
		bind_opt_id(st, 7, h.parent_id);
		bind_opt_id(st, 8, h.screening_id);
		bind_opt_id(st, 9, h.vendor_id);
		bind_opt_text(st, 10, h.review_date);
		bind_opt_text(st, 11, h.expires_on);
		db_bind_text(st, 12, h.scope ? h.scope : "");
		bind_opt_id(st, 13, user_id);
		db_bind_int(st, 14, now);
		db_bind_int(st, 15, now);
		rc = db_step(st);
		id = rc == 1 ? db_col_int(st, 0) : -1;
		while (rc == 1)
			rc = db_step(st);
		db_reset(st);
	}
	rc = (st == NULL || rc < 0 || id <= 0) ? -1 : 0;
	h.id = id;
	if (rc == 0)
		rc = write_tools(db, &h);
	for (int s = 0; rc == 0 && s < t->nsections; s++)
		for (int i = 0; rc == 0 && i < t->sections[s].nitems; i++) {
			const struct titem *ti = &t->sections[s].items[i];
			rc = insert_item(db, id, ti->uid, ti->kind, t->sections[s].key, ++pos,
			    ti->local, assessment_item_default(ti->kind), user_id, now);
		}
	if (rc == 0) {
		json_t *j = head_json(&h);
		json_object_set_new(j, "template", json_string(t->urn));
		json_object_set_new(j, "template_version", json_integer(t->version));
		rc = audit_json(db, h.org_id, user_id, "assessment.create", "assessment", id, j, now);
	}
	if (as_tx_end(db, own, rc)) {
		*err = E_FAIL;
		return -1;
	}
	*err = NULL;
	return id;
}

static const char *const s_approved = N_("This version is approved and cannot be changed. Start a revision to change it.");

int
assessment_update_header(struct db *db, struct arena *a, int64_t user_id,
    const struct assessment *in, const char **err)
{
	struct assessment before;
	struct db_stmt *st;
	int own, dberr, rc;
	int64_t now = as_now();

	if (as_tx_begin(db, &own)) {
		*err = E_FAIL;
		return -1;
	}
	rc = assessment_get(db, a, in->org_id, in->id, &before);
	if (rc != 1) {
		*err = rc == 0 ? E_NOTFOUND : E_FAIL;
		as_tx_end(db, own, -1);
		return -1;
	}
	if (strcmp(before.status, "draft") != 0) {
		*err = strcmp(before.status, "approved") == 0 || strcmp(before.status, "needs_review") == 0
		    ? s_approved : N_("The assessment can only be changed while it is a draft.");
		as_tx_end(db, own, -1);
		return -1;
	}
	{
		struct assessment h = *in;
		h.kind = before.kind;
		if ((*err = head_problem(db, &h, &dberr)) != NULL) {
			as_tx_end(db, own, -1);
			return -1;
		}
	}
	rc = -1;
	st = db_prepare(db, "UPDATE assessments SET title = ?, level = ?, parent_id = ?,"
	    " screening_id = ?, vendor_id = ?, review_date = ?, expires_on = ?, scope = ?,"
	    " updated_at = ? WHERE id = ? AND org_id = ?");
	if (st) {
		db_bind_text(st, 1, in->title);
		bind_opt_text(st, 2, in->level);
		bind_opt_id(st, 3, in->parent_id);
		bind_opt_id(st, 4, in->screening_id);
		bind_opt_id(st, 5, in->vendor_id);
		bind_opt_text(st, 6, in->review_date);
		bind_opt_text(st, 7, in->expires_on);
		db_bind_text(st, 8, in->scope ? in->scope : "");
		db_bind_int(st, 9, now);
		db_bind_int(st, 10, in->id);
		db_bind_int(st, 11, in->org_id);
		rc = db_step(st) < 0 ? -1 : 0;
		db_reset(st);
	}
	if (rc == 0)
		rc = write_tools(db, in);
	if (rc == 0) {
		struct assessment after = *in;
		after.kind = before.kind;
		rc = audit_json(db, in->org_id, user_id, "assessment.update", "assessment", in->id,
		    json_pack("{s:o, s:o}", "before", head_json(&before), "after", head_json(&after)), now);
	}
	if (as_tx_end(db, own, rc)) {
		*err = E_FAIL;
		return -1;
	}
	*err = NULL;
	return 0;
}

int
assessment_item_writable(const struct principal *p, int64_t org_id, const char *status,
    const char *item_kind, const char **err)
{
	enum action act = A_ASSESS_EDIT;
	int ok_status = strcmp(status, "draft") == 0;

	if (strcmp(item_kind, "dpo_advice") == 0) {
		act = A_DPO_ADVICE;
		ok_status |= strcmp(status, "dpo_advice") == 0;
	} else if (strcmp(item_kind, "acceptance") == 0) {
		act = A_ASSESS_APPROVE;
		ok_status |= strcmp(status, "approval") == 0;
	}
	if (!authz_allows(p, act, org_id, 0)) {
		*err = act == A_DPO_ADVICE ? N_("Only the data protection officer can write the DPO's advice.") :
		    act == A_ASSESS_APPROVE ? N_("Only the organisation's administrator can accept risk.") :
		    N_("You do not have permission to change this assessment.");
		return 0;
	}
	if (!ok_status) {
		*err = strcmp(status, "approved") == 0 || strcmp(status, "needs_review") == 0 ? s_approved :
		    N_("The assessment is in the workflow and cannot be changed now. Send it back to draft to change it.");
		return 0;
	}
	*err = NULL;
	return 1;
}

/* Loads the assessment (org-scoped) for a write: 0 ok, -1 with err. */
static int
load_for_write(struct db *db, struct arena *a, int64_t org_id, int64_t aid, struct assessment *h,
    const char **err)
{
	int rc = assessment_get(db, a, org_id, aid, h);

	if (rc != 1) {
		*err = rc == 0 ? E_NOTFOUND : E_FAIL;
		return -1;
	}
	return 0;
}

static int
matrix_size(struct db *db, struct arena *a, int64_t org_id)
{
	struct risk_matrix m;

	return risk_matrix_get(db, a, org_id, &m) < 0 ? -1 : m.size;
}

static int
touch(struct db *db, int64_t aid, int64_t now)
{
	return db_run(db, "UPDATE assessments SET updated_at = ? WHERE id = ?", "ii", now, aid) < 0 ? -1 : 0;
}

int
assessment_item_save(struct db *db, struct arena *a, const struct principal *p, int64_t org_id,
    int64_t aid, const char *uid, const char *data, const char **err)
{
	struct assessment h;
	struct as_item it;
	const char *canon = NULL;
	int own, rc, msize, l, c, rl, rcn;
	int64_t now = as_now();
	json_t *o;

	if (as_tx_begin(db, &own)) {
		*err = E_FAIL;
		return -1;
	}
	if (load_for_write(db, a, org_id, aid, &h, err))
		return as_tx_end(db, own, -1);
	rc = assessment_item(db, a, aid, uid ? uid : "", &it);
	if (rc != 1) {
		*err = rc == 0 ? E_NOTFOUND : E_FAIL;
		return as_tx_end(db, own, -1);
	}
	if (!assessment_item_writable(p, org_id, h.status, it.kind, err))
		return as_tx_end(db, own, -1);
	if ((msize = matrix_size(db, a, org_id)) < 0) {
		*err = E_FAIL;
		return as_tx_end(db, own, -1);
	}
	if ((*err = check_data(a, it.kind, data, msize,
	    template_item(template_find(h.template_urn, h.template_version), uid, NULL), &canon)))
		return as_tx_end(db, own, -1);
	o = parsed(canon);
	as_risk_numbers(o, &l, &c, &rl, &rcn);
	json_decref(o);
	rc = db_run(db, "UPDATE assessment_items SET data = ?, likelihood = ?, consequence = ?,"
	    " res_likelihood = ?, res_consequence = ?, updated_by = ?, updated_at = ?"
	    " WHERE id = ? AND assessment_id = ?", "siiiiiiii", canon, (int64_t)l, (int64_t)c,
	    (int64_t)rl, (int64_t)rcn, p->user_id, now, it.id, aid) < 0 ? -1 : 0;
	if (rc == 0)
		rc = touch(db, aid, now);
	if (rc == 0 && strcmp(it.data, canon) != 0)
		rc = audit_json(db, org_id, p->user_id, "assessment.item.save", "assessment", aid,
		    json_pack("{s:s, s:s, s:o, s:o}", "uid", it.uid, "kind", it.kind,
		    "before", parsed(it.data), "after", parsed(canon)), now);
	if (as_tx_end(db, own, rc)) {
		*err = E_FAIL;
		return -1;
	}
	*err = NULL;
	return 0;
}

static const char *const addable[] = { "risk", "measure", "subprocessor", "conclusion", "check", NULL };

const char *
assessment_item_add(struct db *db, struct arena *a, const struct principal *p, int64_t org_id,
    int64_t aid, const char *kind, const char *section, const char *data, const char **err)
{
	struct assessment h;
	const char *canon = NULL;
	unsigned char raw[8];
	char hex[17], *uid;
	int own, rc, msize, pos = 0;
	int64_t now = as_now();
	struct db_stmt *st;

	if (!kind || !in_list(kind, addable)) {
		*err = N_("This kind of item cannot be added.");
		return NULL;
	}
	if (as_tx_begin(db, &own)) {
		*err = E_FAIL;
		return NULL;
	}
	if (load_for_write(db, a, org_id, aid, &h, err) ||
	    !assessment_item_writable(p, org_id, h.status, kind, err)) {
		as_tx_end(db, own, -1);
		return NULL;
	}
	if ((msize = matrix_size(db, a, org_id)) < 0 ||
	    (*err = check_data(a, kind, data ? data : assessment_item_default(kind), msize, NULL,
	    &canon)) != NULL) {
		if (msize < 0)
			*err = E_FAIL;
		as_tx_end(db, own, -1);
		return NULL;
	}
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
	uid = arena_printf(a, "%s-%s", kind, hex);
	st = db_query(db, "SELECT COALESCE(MAX(position), 0) FROM assessment_items"
	    " WHERE assessment_id = ?", &rc, "i", aid);
	if (rc == 1)
		pos = (int)db_col_int(st, 0);
	if (st)
		db_reset(st);
	rc = rc == 1 && uid ? 0 : -1;
	if (rc == 0)
		rc = insert_item(db, aid, uid, kind, section ? section : "", pos + 1, 0, canon,
		    p->user_id, now);
	if (rc == 0)
		rc = touch(db, aid, now);
	if (rc == 0)
		rc = audit_json(db, org_id, p->user_id, "assessment.item.add", "assessment", aid,
		    json_pack("{s:s, s:s, s:s, s:o}", "uid", uid, "kind", kind, "section",
		    section ? section : "", "after", parsed(canon)), now);
	if (as_tx_end(db, own, rc)) {
		*err = E_FAIL;
		return NULL;
	}
	*err = NULL;
	return uid;
}

int
assessment_item_delete(struct db *db, struct arena *a, const struct principal *p, int64_t org_id,
    int64_t aid, const char *uid, const char **err)
{
	struct assessment h;
	struct as_item it;
	int own, rc;
	int64_t now = as_now();

	if (as_tx_begin(db, &own)) {
		*err = E_FAIL;
		return -1;
	}
	if (load_for_write(db, a, org_id, aid, &h, err))
		return as_tx_end(db, own, -1);
	rc = assessment_item(db, a, aid, uid ? uid : "", &it);
	if (rc != 1) {
		*err = rc == 0 ? E_NOTFOUND : E_FAIL;
		return as_tx_end(db, own, -1);
	}
	if (!assessment_item_writable(p, org_id, h.status, it.kind, err))
		return as_tx_end(db, own, -1);
	/* Template items are the method itself: they are answered, not removed. */
	if (!in_list(it.kind, addable) ||
	    template_item(template_find(h.template_urn, h.template_version), it.uid, NULL)) {
		*err = N_("This item belongs to the template and cannot be deleted.");
		return as_tx_end(db, own, -1);
	}
	rc = db_run(db, "DELETE FROM assessment_items WHERE id = ? AND assessment_id = ?", "ii",
	    it.id, aid) < 0 ? -1 : 0;
	if (rc == 0)
		rc = touch(db, aid, now);
	if (rc == 0)
		rc = audit_json(db, org_id, p->user_id, "assessment.item.delete", "assessment", aid,
		    json_pack("{s:s, s:s, s:o}", "uid", it.uid, "kind", it.kind, "before",
		    parsed(it.data)), now);
	if (as_tx_end(db, own, rc)) {
		*err = E_FAIL;
		return -1;
	}
	*err = NULL;
	return 0;
}

/* -------------------------------------------------------------- comments */

int
assessment_comment_add(struct db *db, struct arena *a, int64_t user_id, int64_t org_id,
    int64_t aid, const char *item_uid, const char *body)
{
	struct assessment h;
	struct as_item it;
	int own, rc;
	int64_t now = as_now(), id;

	if (body == NULL || *body == '\0' || strlen(body) > COMMENT_MAX)
		return -2;
	if (as_tx_begin(db, &own))
		return -1;
	rc = assessment_get(db, a, org_id, aid, &h);
	if (rc == 1 && item_uid && *item_uid)
		rc = assessment_item(db, a, aid, item_uid, &it);
	if (rc != 1) {
		as_tx_end(db, own, -1);
		return rc == 0 ? 0 : -1;
	}
	id = db_insert(db, "INSERT INTO assessment_comments (assessment_id, item_uid, body, user_id,"
	    " created_at) VALUES (?, ?, ?, ?, ?) RETURNING id", "issii", aid,
	    item_uid ? item_uid : "", body, user_id, now);
	rc = id > 0 ? 0 : -1;
	if (rc == 0)
		rc = audit_json(db, org_id, user_id, "assessment.comment", "assessment", aid,
		    json_pack("{s:I, s:s, s:s}", "comment_id", (json_int_t)id, "uid",
		    item_uid ? item_uid : "", "body", body), now);
	if (as_tx_end(db, own, rc))
		return -1;
	return 1;
}

int
assessment_comments(struct db *db, struct arena *a, int64_t aid, struct as_comment **out)
{
	struct db_stmt *st;
	struct as_comment *v;
	int rc, n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT c.id, c.created_at, c.item_uid, c.body, COALESCE(u.name, '')"
	    " FROM assessment_comments c LEFT JOIN users u ON u.id = c.user_id"
	    " WHERE c.assessment_id = ? ORDER BY c.created_at, c.id", &rc, "i", aid);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		v[n].id = db_col_int(st, 0);
		v[n].created_at = db_col_int(st, 1);
		v[n].item_uid = as_dup(a, db_col_text(st, 2));
		v[n].body = as_dup(a, db_col_text(st, 3));
		v[n].author = as_dup(a, db_col_text(st, 4));
		n++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0 || v == NULL)
		return -1;
	*out = v;
	return n;
}

/* ---------------------------------------------------------------- labels */

const char *
assessment_status_label(const char *s)
{
	if (s == NULL)
		return "";
	if (strcmp(s, "draft") == 0)
		return N_("Draft");
	if (strcmp(s, "dpo_advice") == 0)
		return N_("With the DPO for advice");
	if (strcmp(s, "approval") == 0)
		return N_("Awaiting approval");
	if (strcmp(s, "approved") == 0)
		return N_("Approved");
	if (strcmp(s, "needs_review") == 0)
		return N_("Needs review");
	return s;
}

const char *
assessment_kind_label(const char *k)
{
	if (k == NULL)
		return "";
	if (strcmp(k, "ros") == 0)
		return N_("Risk assessment (ROS)");
	if (strcmp(k, "dpia") == 0)
		return N_("Data protection impact assessment (DPIA)");
	if (strcmp(k, "dba") == 0)
		return N_("Data processing agreement (DBA)");
	return k;
}
