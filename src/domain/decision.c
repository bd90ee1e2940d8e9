/*
 * decision.c - tool decisions per organisation; see decision.h.
 *
 * A list is two queries (the tools with their decisions, and the
 * organisation's assessments per covered tool) joined in C, so a page costs
 * the same whatever the number of tools, and the SQL is plain enough to be
 * identical on SQLite and PostgreSQL.
 */
#include <jansson.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "audit.h"
#include "decision.h"

const struct cat_key decision_statuses[] = {
	{ "under_review", N_("Under review") },
	{ "approved", N_("Approved") },
	{ "approved_conditions", N_("Approved with conditions") },
	{ "not_approved", N_("Not approved") },
	{ "phasing_out", N_("Being phased out") },
};
const int decision_nstatuses = sizeof(decision_statuses) / sizeof(decision_statuses[0]);

const struct cat_key decision_exit_steps[] = {
	{ "inform", N_("Inform pupils, parents and teachers") },
	{ "delete", N_("Delete or move the content made in the tool") },
	{ "deactivate", N_("Deactivate the accounts and the Feide access") },
	{ "vendor", N_("Ask the vendor in writing to delete the data, and get confirmation") },
};
const int decision_nexit = sizeof(decision_exit_steps) / sizeof(decision_exit_steps[0]);

const char *
decision_status_label(const char *s)
{
	for (int i = 0; s && i < decision_nstatuses; i++)
		if (strcmp(s, decision_statuses[i].key) == 0)
			return decision_statuses[i].label;
	return NULL;
}

int
decision_needs_exit(const char *s)
{
	return s && (strcmp(s, "not_approved") == 0 || strcmp(s, "phasing_out") == 0);
}

int
decision_feide_ready(const char *status, int ros_ok, int dba_ok)
{
	return ros_ok && dba_ok && !decision_needs_exit(status);
}

int
decision_check(const struct decision_input *in, const char *err[DF__COUNT])
{
	const char *texts[3] = { in->conditions, in->usage_rules, in->reason };
	static const enum dec_field tf[3] = { DF_CONDITIONS, DF_RULES, DF_REASON };
	int n = 0;

	for (int i = 0; i < DF__COUNT; i++)
		err[i] = NULL;
	if (decision_status_label(in->status) == NULL) {
		err[DF_STATUS] = N_("Choose one of the statuses.");
		n++;
	}
	for (int i = 0; i < 3; i++)
		if (texts[i] && strlen(texts[i]) > DECISION_MAX_TEXT) {
			err[tf[i]] = N_("The text is too long (at most 4000 characters).");
			n++;
		}
	if (in->status && strcmp(in->status, "approved_conditions") == 0 && !err[DF_CONDITIONS] &&
	    (in->conditions == NULL || in->conditions[0] == '\0')) {
		err[DF_CONDITIONS] = N_("Write the conditions when the tool is approved with conditions.");
		n++;
	}
	if (decision_needs_exit(in->status) && !err[DF_REASON] &&
	    (in->reason == NULL || in->reason[0] == '\0')) {
		err[DF_REASON] = N_("Write the reason when the tool is not approved or is being phased out.");
		n++;
	}
	if (in->exit_steps && !decision_needs_exit(in->status)) {
		err[DF_EXIT] = N_("The exit checklist applies only to tools that are not approved or are being phased out.");
		n++;
	}
	if (in->exit_steps >> decision_nexit) {
		err[DF_EXIT] = N_("Unknown step in the exit checklist.");
		n++;
	}
	if (in->ros_id < 0 || in->dpia_id < 0 || in->dba_id < 0) {
		err[in->ros_id < 0 ? DF_ROS : in->dpia_id < 0 ? DF_DPIA : DF_DBA] =
		    N_("Choose an assessment from the list.");
		n++;
	}
	return n;
}

/* ---- reading ---- */

static const char *
dup(struct arena *a, struct db_stmt *st, int col)
{
	const char *s = db_col_text(st, col);
	return arena_strdup(a, s ? s : "");
}

/* One row of the tools-with-decisions queries (same column order). */
#define DEC_COLS "t.id, t.name, COALESCE(v.name, ''), COALESCE(d.id, 0), COALESCE(d.status, ''),"\
	" COALESCE(d.conditions, ''), COALESCE(d.usage_rules, ''), COALESCE(d.reason, ''),"\
	" COALESCE(d.ros_id, 0), COALESCE(d.dpia_id, 0), COALESCE(d.dba_id, 0),"\
	" COALESCE(d.exit_steps, 0), COALESCE(u.name, ''), COALESCE(d.decided_at, 0)"

static int
read_dec(struct arena *a, struct db_stmt *st, struct decision *d)
{
	memset(d, 0, sizeof(*d));
	d->tool_id = db_col_int(st, 0);
	d->tool_name = dup(a, st, 1);
	d->vendor_name = dup(a, st, 2);
	d->id = db_col_int(st, 3);
	d->status = dup(a, st, 4);
	d->conditions = dup(a, st, 5);
	d->usage_rules = dup(a, st, 6);
	d->reason = dup(a, st, 7);
	d->ros_id = db_col_int(st, 8);
	d->dpia_id = db_col_int(st, 9);
	d->dba_id = db_col_int(st, 10);
	d->exit_steps = (unsigned)db_col_int(st, 11);
	d->decided_by = dup(a, st, 12);
	d->decided_at = db_col_int(st, 13);
	return d->tool_name && d->vendor_name && d->status && d->conditions && d->usage_rules &&
	    d->reason && d->decided_by ? 0 : -1;
}

/* An assessment row and the tool it covers. */
struct cover {
	int64_t tool_id;
	struct dec_assessment as;
};

static int
approved(const char *status, int version)
{
	return version >= 1 && strcmp(status, "needs_review") != 0;
}

/* The organisation's assessments per covered tool (tool_id 0: every tool),
 * newest first. */
static int
covers(struct db *db, struct arena *a, int64_t org_id, int64_t tool_id, struct cover **out)
{
	struct db_stmt *st;
	struct cover *v = NULL;
	int rc, n = 0, cap = 0;

	st = db_query(db, "SELECT t.tool_id, s.id, s.kind, s.title, s.status, s.version"
	    " FROM assessment_tools t JOIN assessments s ON s.id = t.assessment_id"
	    " WHERE s.org_id = ? AND (? = 0 OR t.tool_id = ?) ORDER BY s.id DESC",
	    &rc, "iii", org_id, tool_id, tool_id);
	for (; rc == 1; rc = db_step(st)) {
		struct cover *c;
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		c = &v[n++];
		c->tool_id = db_col_int(st, 0);
		c->as.id = db_col_int(st, 1);
		c->as.kind = dup(a, st, 2);
		c->as.title = dup(a, st, 3);
		c->as.status = dup(a, st, 4);
		c->as.version = (int)db_col_int(st, 5);
		if (!c->as.kind || !c->as.title || !c->as.status) {
			rc = -1;
			break;
		}
		c->as.approved = approved(c->as.status, c->as.version);
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

/* The assessment of a kind behind d: the linked one when it covers the tool
 * (links are checked on save, but a tool may later be removed from an
 * assessment), else the newest approved covering one, else the newest. */
static const struct dec_assessment *
pick(const struct cover *c, int n, int64_t tool_id, const char *kind, int64_t linked)
{
	const struct dec_assessment *best = NULL;

	for (int i = 0; i < n; i++) {
		const struct dec_assessment *x = &c[i].as;
		if (c[i].tool_id != tool_id || strcmp(x->kind, kind) != 0)
			continue;
		if (linked)
			if (x->id == linked)
				return x;
		if (!linked && (best == NULL || (x->approved && !best->approved)))
			best = x;
	}
	return best;
}

static void
resolve(struct decision *d, const struct cover *c, int n)
{
	d->ros = pick(c, n, d->tool_id, "ros", d->ros_id);
	d->dpia = pick(c, n, d->tool_id, "dpia", d->dpia_id);
	d->dba = pick(c, n, d->tool_id, "dba", d->dba_id);
	d->feide_ready = decision_feide_ready(d->status, d->ros && d->ros->approved,
	    d->dba && d->dba->approved);
}

int
decision_list(struct db *db, struct arena *a, int64_t org_id, struct decision **out)
{
	struct db_stmt *st;
	struct decision *v = NULL;
	struct cover *c;
	int rc, n = 0, cap = 0, nc;

	*out = NULL;
	st = db_query(db, "SELECT " DEC_COLS " FROM tools t"
	    " LEFT JOIN vendors v ON v.id = t.vendor_id"
	    " LEFT JOIN tool_decisions d ON d.org_id = ? AND d.tool_id = t.id"
	    " LEFT JOIN users u ON u.id = d.decided_by"
	    " WHERE d.id IS NOT NULL OR t.id IN (SELECT tool_id FROM inventory WHERE org_id = ?)"
	    " ORDER BY t.sort_key, t.id", &rc, "ii", org_id, org_id);
	for (; rc == 1; rc = db_step(st)) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL || read_dec(a, st, &v[n]) < 0) {
			rc = -1;
			break;
		}
		n++;
	}
	if (st)
		db_reset(st);
	if (rc < 0 || (nc = covers(db, a, org_id, 0, &c)) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		resolve(&v[i], c, nc);
	*out = v;
	return n;
}

int
decision_get(struct db *db, struct arena *a, int64_t org_id, int64_t tool_id,
    struct decision *out, struct dec_assessment **cands, int *ncands)
{
	struct db_stmt *st;
	struct cover *c;
	int rc, nc;

	st = db_query(db, "SELECT " DEC_COLS " FROM tools t"
	    " LEFT JOIN vendors v ON v.id = t.vendor_id"
	    " LEFT JOIN tool_decisions d ON d.org_id = ? AND d.tool_id = t.id"
	    " LEFT JOIN users u ON u.id = d.decided_by"
	    " WHERE t.id = ? AND (d.id IS NOT NULL OR"
	    " t.id IN (SELECT tool_id FROM inventory WHERE org_id = ?))",
	    &rc, "iii", org_id, tool_id, org_id);
	if (rc == 1 && read_dec(a, st, out) < 0)
		rc = -1;
	if (st)
		db_reset(st);
	if (rc != 1)
		return rc;
	if ((nc = covers(db, a, org_id, tool_id, &c)) < 0)
		return -1;
	resolve(out, c, nc);
	/* A DPIA starts from the screening (the latest of any of the tool's
	 * inventory rows). */
	st = db_query(db, "SELECT COALESCE(MAX(s.id), 0) FROM screenings s"
	    " JOIN inventory i ON i.id = s.inventory_id"
	    " WHERE s.org_id = ? AND i.org_id = ? AND i.tool_id = ?", &rc, "iii", org_id, org_id, tool_id);
	if (rc == 1)
		out->screening_id = db_col_int(st, 0);
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	if (cands) {
		*cands = arena_alloc(a, sizeof(**cands) * (size_t)(nc ? nc : 1));
		if (*cands == NULL)
			return -1;
		for (int i = 0; i < nc; i++)
			(*cands)[i] = c[i].as;
		*ncands = nc;
	}
	return 1;
}

int
decision_public(struct db *db, struct arena *a, int64_t org_id, struct decision **out)
{
	struct db_stmt *st;
	struct decision *v = NULL;
	int rc, n = 0, cap = 0;

	*out = NULL;
	st = db_query(db, "SELECT tool_id, status, conditions, usage_rules FROM tool_decisions"
	    " WHERE org_id = ? ORDER BY tool_id", &rc, "i", org_id);
	for (; rc == 1; rc = db_step(st)) {
		struct decision *d;
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		d = &v[n++];
		memset(d, 0, sizeof(*d));
		d->tool_id = db_col_int(st, 0);
		d->status = dup(a, st, 1);
		d->conditions = dup(a, st, 2);
		d->usage_rules = dup(a, st, 3);
		if (!d->status || !d->conditions || !d->usage_rules) {
			rc = -1;
			break;
		}
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

/* ---- writing ---- */

/* A linked assessment must be one of cands of the right kind. */
static int
link_ok(const struct dec_assessment *c, int n, const char *kind, int64_t id)
{
	if (id == 0)
		return 1;
	for (int i = 0; i < n; i++)
		if (c[i].id == id && strcmp(c[i].kind, kind) == 0)
			return 1;
	return 0;
}

static json_t *
dec_json(const char *status, const char *cond, const char *rules, const char *reason,
    int64_t ros, int64_t dpia, int64_t dba, unsigned exit_steps)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "status", status,
	    "conditions", cond, "usage_rules", rules, "reason", reason,
	    "ros_id", (json_int_t)ros, "dpia_id", (json_int_t)dpia, "dba_id", (json_int_t)dba,
	    "exit_steps", (json_int_t)exit_steps);
}

static json_t *
detail(int64_t tool_id, const struct decision *old, const struct decision_input *in)
{
	json_t *j = json_pack("{s:I}", "tool_id", (json_int_t)tool_id);
	json_t *after = dec_json(in->status, in->conditions, in->usage_rules, in->reason,
	    in->ros_id, in->dpia_id, in->dba_id, in->exit_steps);
	json_t *before = old->id ? dec_json(old->status, old->conditions, old->usage_rules,
	    old->reason, old->ros_id, old->dpia_id, old->dba_id, old->exit_steps) : json_null();

	if (j == NULL || after == NULL || before == NULL) {
		json_decref(j);
		json_decref(after);
		json_decref(before);
		return NULL;
	}
	json_object_set_new(j, "before", before);
	json_object_set_new(j, "after", after);
	return j;
}

static int
write_dec(struct db *db, int64_t org_id, int64_t tool_id, const struct decision_input *in,
    int64_t actor, int64_t now)
{
	int64_t id = db_insert(db, "INSERT INTO tool_decisions (org_id, tool_id, status, conditions,"
	    " usage_rules, reason, ros_id, dpia_id, dba_id, exit_steps, decided_by, decided_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?)"
	    " ON CONFLICT (org_id, tool_id) DO UPDATE SET status = excluded.status,"
	    " conditions = excluded.conditions, usage_rules = excluded.usage_rules,"
	    " reason = excluded.reason, ros_id = excluded.ros_id, dpia_id = excluded.dpia_id,"
	    " dba_id = excluded.dba_id, exit_steps = excluded.exit_steps,"
	    " decided_by = excluded.decided_by, decided_at = excluded.decided_at RETURNING id",
	    "iissssiiiiii", org_id, tool_id, in->status, in->conditions, in->usage_rules,
	    in->reason, in->ros_id, in->dpia_id, in->dba_id, (int64_t)in->exit_steps, actor, now);
	return id > 0 ? 0 : -1;
}

int
decision_save(struct db *db, struct arena *a, int64_t org_id, int64_t tool_id,
    const struct decision_input *in0, const char *err[DF__COUNT], int64_t actor, int64_t now)
{
	struct decision_input in = *in0;
	struct decision old;
	struct dec_assessment *c;
	int nc, nerr, rc, own;

	if (in.conditions == NULL)
		in.conditions = "";
	if (in.usage_rules == NULL)
		in.usage_rules = "";
	if (in.reason == NULL)
		in.reason = "";
	if ((nerr = decision_check(&in, err)) > 0)
		return nerr;
	/* Its own transaction, unless the caller (the demo loader) has one. */
	own = !db->in_tx;
	if (own && db_begin(db))
		return -1;
	if ((rc = decision_get(db, a, org_id, tool_id, &old, &c, &nc)) != 1) {
		if (own)
			db_rollback(db);
		if (rc == 0) {
			err[DF_STATUS] = N_("This tool is not in your inventory.");
			return 1;
		}
		return -1;
	}
	if (!link_ok(c, nc, "ros", in.ros_id)) {
		err[DF_ROS] = N_("Choose one of your own assessments of this kind that covers the tool.");
		nerr++;
	}
	if (!link_ok(c, nc, "dpia", in.dpia_id)) {
		err[DF_DPIA] = N_("Choose one of your own assessments of this kind that covers the tool.");
		nerr++;
	}
	if (!link_ok(c, nc, "dba", in.dba_id)) {
		err[DF_DBA] = N_("Choose one of your own assessments of this kind that covers the tool.");
		nerr++;
	}
	if (nerr) {
		if (own)
			db_rollback(db);
		return nerr;
	}
	if (write_dec(db, org_id, tool_id, &in, actor, now) ||
	    audit_json(db, org_id, actor, old.id ? "decision.update" : "decision.create",
		"tool_decision", tool_id, detail(tool_id, &old, &in), now) ||
	    (own && db_commit(db))) {
		if (own)
			db_rollback(db);
		return -1;
	}
	return 0;
}
