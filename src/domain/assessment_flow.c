/*
 * assessment_flow.c - the workflow of an assessment (draft -> DPO advice ->
 * approval -> approved -> needs review), frozen versions as JSON snapshots,
 * the comparison by uid, and the inventory flags; see assessment.h.
 *
 * Who may make which move is decided here, from the principal, so a page
 * that forgets a check cannot let a reader approve. Approval writes the
 * snapshot in the same transaction as the status, the step and the audit
 * event: a version exists exactly when the approval happened.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "assessment.h"
#include "assessment_int.h"
#include "audit.h"
#include "authz.h"
#include "../core/arena.h"
#include "../core/msgid.h"
#include "../db/db.h"

#define COMMENT_MAX 2000
#define E_FAIL N_("Something went wrong. Try again.")

/* ------------------------------------------------------------ snapshots */

char *
assessment_snapshot(struct arena *a, const struct assessment *h, const struct as_item *items, int n)
{
	json_t *root, *head, *arr = json_array(), *tools = json_array();
	char *s, *out;

	for (int i = 0; i < h->ntools; i++)
		json_array_append_new(tools, json_integer(h->tools[i]));
	head = json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:I, s:I, s:I, s:s, s:i, s:s, s:s,"
	    " s:s, s:s, s:I, s:I, s:o}",
	    "id", (json_int_t)h->id, "org_id", (json_int_t)h->org_id, "kind", h->kind,
	    "title", h->title, "template_urn", h->template_urn, "template_version", h->template_version,
	    "level", h->level ? h->level : "", "parent_id", (json_int_t)h->parent_id,
	    "screening_id", (json_int_t)h->screening_id, "vendor_id", (json_int_t)h->vendor_id,
	    "status", h->status, "version", h->version, "review_date", h->review_date ? h->review_date : "",
	    "review_reason", h->review_reason ? h->review_reason : "",
	    "expires_on", h->expires_on ? h->expires_on : "", "scope", h->scope ? h->scope : "",
	    "created_at", (json_int_t)h->created_at, "updated_at", (json_int_t)h->updated_at,
	    "tools", tools);
	/* Format 2: an item's data is kept as its canonical text (a string),
	 * with the risk numbers beside it, so reading a version back is one
	 * parse of the whole document rather than one per item (a 200-item
	 * comparison reads two versions). Format 1 (data as an object) is
	 * still read. */
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i, s:i, s:s, s:I, s:[iiii]}",
		    "uid", items[i].uid, "kind", items[i].kind, "section", items[i].section,
		    "position", items[i].position, "local", items[i].local,
		    "data", items[i].data ? items[i].data : "{}",
		    "updated_at", (json_int_t)items[i].updated_at,
		    "risk", items[i].l, items[i].c, items[i].rl, items[i].rc));
	root = json_pack("{s:i, s:o, s:o}", "format", 2, "head", head, "items", arr);
	s = root ? json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(root);
	out = s ? arena_strdup(a, s) : NULL;
	free(s);
	return out;
}

static const char *
jstr(struct arena *a, json_t *o, const char *k)
{
	return as_dup(a, json_string_value(json_object_get(o, k)));
}

static int64_t
jint(json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

int
assessment_snapshot_parse(struct arena *a, const char *json, struct assessment *h,
    struct as_item **items, int *n)
{
	json_t *root = json_loads(json ? json : "", 0, NULL), *hd, *arr, *e, *tools;
	struct as_item *v;
	size_t i;
	int rc = -1;

	hd = json_object_get(root, "head");
	arr = json_object_get(root, "items");
	if (!json_is_object(hd) || !json_is_array(arr))
		goto out;
	memset(h, 0, sizeof(*h));
	h->id = jint(hd, "id");
	h->org_id = jint(hd, "org_id");
	h->parent_id = jint(hd, "parent_id");
	h->screening_id = jint(hd, "screening_id");
	h->vendor_id = jint(hd, "vendor_id");
	h->created_at = jint(hd, "created_at");
	h->updated_at = jint(hd, "updated_at");
	h->kind = jstr(a, hd, "kind");
	h->title = jstr(a, hd, "title");
	h->template_urn = jstr(a, hd, "template_urn");
	h->level = jstr(a, hd, "level");
	h->status = jstr(a, hd, "status");
	h->review_date = jstr(a, hd, "review_date");
	h->review_reason = jstr(a, hd, "review_reason");
	h->expires_on = jstr(a, hd, "expires_on");
	h->scope = jstr(a, hd, "scope");
	h->template_version = (int)jint(hd, "template_version");
	h->version = (int)jint(hd, "version");
	tools = json_object_get(hd, "tools");
	h->ntools = (int)json_array_size(tools);
	h->tools = arena_alloc(a, sizeof(*h->tools) * (size_t)(h->ntools + 1));
	v = arena_alloc(a, sizeof(*v) * (json_array_size(arr) + 1));
	if (h->tools == NULL || v == NULL)
		goto out;
	json_array_foreach(tools, i, e)
		h->tools[i] = (int64_t)json_integer_value(e);
	json_array_foreach(arr, i, e) {
		json_t *d = json_object_get(e, "data"), *rk = json_object_get(e, "risk");
		if (!json_is_object(e) || !(json_is_object(d) || json_is_string(d)))
			goto out;
		v[i].uid = jstr(a, e, "uid");
		v[i].kind = jstr(a, e, "kind");
		v[i].section = jstr(a, e, "section");
		v[i].position = (int)jint(e, "position");
		v[i].local = (int)jint(e, "local");
		v[i].updated_at = jint(e, "updated_at");
		if (json_is_string(d)) {
			v[i].data = arena_strndup(a, json_string_value(d), json_string_length(d));
			v[i].l = (int)json_integer_value(json_array_get(rk, 0));
			v[i].c = (int)json_integer_value(json_array_get(rk, 1));
			v[i].rl = (int)json_integer_value(json_array_get(rk, 2));
			v[i].rc = (int)json_integer_value(json_array_get(rk, 3));
		} else {
			/* Format 1: the same canonical form as stored items. */
			char *s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
			as_risk_numbers(d, &v[i].l, &v[i].c, &v[i].rl, &v[i].rc);
			v[i].data = s ? arena_strdup(a, s) : NULL;
			free(s);
		}
		if (v[i].data == NULL)
			goto out;
	}
	*items = v;
	*n = (int)json_array_size(arr);
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* ------------------------------------------------------------- versions */

int
assessment_version(struct db *db, struct arena *a, int64_t org_id, int64_t aid, int version,
    struct as_version *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	/* The join on assessments keeps another organisation's versions out. */
	st = db_query(db, "SELECT v.version, v.approved_at, COALESCE(u.name, ''), v.snapshot"
	    " FROM assessment_versions v JOIN assessments s ON s.id = v.assessment_id"
	    " LEFT JOIN users u ON u.id = v.approved_by"
	    " WHERE v.assessment_id = ? AND s.org_id = ? AND v.version = ?", &rc, "iii",
	    aid, org_id, (int64_t)version);
	if (rc == 1) {
		out->version = (int)db_col_int(st, 0);
		out->approved_at = db_col_int(st, 1);
		out->approved_by = as_dup(a, db_col_text(st, 2));
		/* Parsed straight from the column: no copy of the whole text. */
		if (assessment_snapshot_parse(a, db_col_text(st, 3), &out->head, &out->items,
		    &out->nitems))
			rc = -1;
	}
	if (st)
		db_reset(st);
	return rc;
}

int
assessment_version_list(struct db *db, struct arena *a, int64_t aid, struct as_version **out)
{
	struct db_stmt *st;
	struct as_version *v;
	int rc, n = 0, cap = 4;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT v.version, v.approved_at, COALESCE(u.name, '')"
	    " FROM assessment_versions v LEFT JOIN users u ON u.id = v.approved_by"
	    " WHERE v.assessment_id = ? ORDER BY v.version DESC", &rc, "i", aid);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		memset(&v[n], 0, sizeof(v[n]));
		v[n].version = (int)db_col_int(st, 0);
		v[n].approved_at = db_col_int(st, 1);
		v[n].approved_by = as_dup(a, db_col_text(st, 2));
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

int
assessment_steps(struct db *db, struct arena *a, int64_t aid, struct as_step **out)
{
	struct db_stmt *st;
	struct as_step *v;
	int rc, n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT s.at, s.from_status, s.to_status, s.comment, COALESCE(u.name, '')"
	    " FROM assessment_steps s LEFT JOIN users u ON u.id = s.user_id"
	    " WHERE s.assessment_id = ? ORDER BY s.at, s.id", &rc, "i", aid);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		v[n].at = db_col_int(st, 0);
		v[n].from = as_dup(a, db_col_text(st, 1));
		v[n].to = as_dup(a, db_col_text(st, 2));
		v[n].comment = as_dup(a, db_col_text(st, 3));
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

/* ----------------------------------------------------------------- diff */

struct ref {
	const struct as_item *it;
	int index;
};

static int
by_uid(const void *x, const void *y)
{
	return strcmp(((const struct ref *)x)->it->uid, ((const struct ref *)y)->it->uid);
}

static int
find(const struct ref *sorted, int n, const char *uid)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(sorted[mid].it->uid, uid);
		if (c == 0)
			return sorted[mid].index;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * In the new order, with each removed item placed after the item that
 * preceded it in the old version (so a reader sees it where it was).
 * Changed: kind, section or data differ. Moved: only the position differs.
 */
int
assessment_diff(struct arena *a, const struct as_item *old, int nold, const struct as_item *nw,
    int nnew, struct as_diff **out)
{
	struct ref *so = arena_alloc(a, sizeof(*so) * (size_t)(nold + 1));
	int *match = arena_alloc(a, sizeof(*match) * (size_t)(nold + 1));	/* old -> new */
	int *anchor = arena_alloc(a, sizeof(*anchor) * (size_t)(nold + 1));
	struct as_diff *d = arena_alloc(a, sizeof(*d) * (size_t)(nold + nnew + 1));
	int n = 0, prev = -1;

	if (!so || !match || !anchor || !d)
		return -1;
	for (int i = 0; i < nold; i++) {
		so[i].it = &old[i];
		so[i].index = i;
		match[i] = -1;
	}
	qsort(so, (size_t)nold, sizeof(*so), by_uid);
	for (int j = 0; j < nnew; j++) {
		int i = find(so, nold, nw[j].uid);
		if (i >= 0 && match[i] < 0)
			match[i] = j;
	}
	/* anchor[i]: the new index after which removed old item i goes (-1: first). */
	for (int i = 0; i < nold; i++) {
		anchor[i] = prev;
		if (match[i] >= 0)
			prev = match[i];
	}
	for (int i = 0; i < nold; i++)
		if (match[i] < 0 && anchor[i] == -1)
			d[n++] = (struct as_diff){ AC_REMOVED, &old[i], NULL };
	for (int j = 0; j < nnew; j++) {
		int i = find(so, nold, nw[j].uid);
		if (i >= 0 && match[i] != j)
			i = -1;		/* a duplicate uid in new: the second one is new */
		if (i < 0)
			d[n++] = (struct as_diff){ AC_ADDED, NULL, &nw[j] };
		else {
			const struct as_item *o = &old[i];
			enum as_change c = AC_SAME;
			if (strcmp(o->kind, nw[j].kind) || strcmp(o->section, nw[j].section) ||
			    strcmp(o->data, nw[j].data))
				c = AC_CHANGED;
			else if (o->position != nw[j].position)
				c = AC_MOVED;
			d[n++] = (struct as_diff){ c, o, &nw[j] };
		}
		for (int k = 0; k < nold; k++)
			if (match[k] < 0 && anchor[k] == j)
				d[n++] = (struct as_diff){ AC_REMOVED, &old[k], NULL };
	}
	*out = d;
	return n;
}

/* ------------------------------------------------------------- workflow */

static int
advice_written(struct db *db, struct arena *a, int64_t aid)
{
	struct as_item *it;
	int n = assessment_items(db, a, aid, &it), found = 0;

	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(it[i].kind, "dpo_advice") == 0) {
			json_t *o = json_loads(it[i].data, 0, NULL);
			const char *t = json_string_value(json_object_get(o, "text"));
			found |= t && *t;
			json_decref(o);
		}
	return found;
}

int
assessment_move_allowed(const struct principal *p, const struct assessment *h, const char *to,
    const char **err)
{
	const char *from = h->status;
	int64_t org = h->org_id;
	int edit = authz_allows(p, A_ASSESS_EDIT, org, 0), ok;

	*err = NULL;
	if (strcmp(from, "draft") == 0 && strcmp(to, "dpo_advice") == 0) {
		ok = edit;
		*err = N_("You do not have permission to send the assessment on.");
	} else if (strcmp(from, "dpo_advice") == 0 && strcmp(to, "approval") == 0) {
		ok = authz_allows(p, A_DPO_ADVICE, org, 0);
		*err = N_("Only the data protection officer can send the assessment on for approval.");
	} else if ((strcmp(from, "dpo_advice") == 0 || strcmp(from, "approval") == 0) &&
	    strcmp(to, "draft") == 0) {
		ok = edit || authz_allows(p, A_ASSESS_APPROVE, org, 0);
		*err = N_("You do not have permission to send the assessment back.");
	} else if (strcmp(from, "approval") == 0 && strcmp(to, "approved") == 0) {
		ok = authz_allows(p, A_ASSESS_APPROVE, org, 0);
		*err = N_("Only the organisation's administrator can approve an assessment.");
	} else if ((strcmp(from, "approved") == 0 || strcmp(from, "needs_review") == 0) &&
	    strcmp(to, "draft") == 0) {
		ok = edit;
		*err = N_("You do not have permission to start a revision.");
	} else {
		*err = N_("This step is not possible from the assessment's current status.");
		return -1;
	}
	if (ok)
		*err = NULL;
	return ok ? 1 : 0;
}

static int
record_step(struct db *db, struct arena *a, int64_t org, int64_t aid, int64_t user, const char *from, const char *to,
    const char *comment, int version, int64_t now)
{
	/* user 0: the system (a review date passed); user_id is then NULL. */
	if (db_run(db, "INSERT INTO assessment_steps (assessment_id, from_status, to_status, comment,"
	    " user_id, at) VALUES (?, ?, ?, ?, ?, ?)", "issssi", aid, from, to, comment,
	    user > 0 ? arena_printf(a, "%lld", (long long)user) : NULL, now) < 0)
		return -1;
	return audit_json(db, org, user, "assessment.step", "assessment", aid,
	    json_pack("{s:s, s:s, s:s, s:i}", "from", from, "to", to, "comment", comment,
	    "version", version), now);
}

/* Freezes version h->version + 1 from the current items. */
static int
freeze(struct db *db, struct arena *a, struct assessment *h, int64_t user, int64_t now)
{
	struct as_item *items;
	int n = assessment_items(db, a, h->id, &items);
	char *snap;

	if (n < 0)
		return -1;
	h->version++;
	h->status = "approved";
	h->review_reason = "";
	if ((snap = assessment_snapshot(a, h, items, n)) == NULL)
		return -1;
	return db_run(db, "INSERT INTO assessment_versions (assessment_id, version, snapshot,"
	    " approved_by, approved_at) VALUES (?, ?, ?, ?, ?)", "iisii", h->id, (int64_t)h->version,
	    snap, user, now) < 0 ? -1 : 0;
}

int
assessment_transition(struct db *db, struct arena *a, const struct principal *p, int64_t org_id,
    int64_t aid, const char *to, const char *comment, const char **err)
{
	struct assessment h;
	const char *from;
	int own, rc;
	int64_t now = as_now();

	if (comment == NULL)
		comment = "";
	if (strlen(comment) > COMMENT_MAX) {
		*err = N_("The comment can be at most 2000 characters.");
		return -1;
	}
	if (as_tx_begin(db, &own)) {
		*err = E_FAIL;
		return -1;
	}
	rc = assessment_get(db, a, org_id, aid, &h);
	if (rc != 1) {
		*err = rc == 0 ? N_("There is no page at this address.") : E_FAIL;
		return as_tx_end(db, own, -1);
	}
	from = h.status;
	if (assessment_move_allowed(p, &h, to ? to : "", err) != 1)
		return as_tx_end(db, own, -1);
	if (strcmp(from, "dpo_advice") == 0 && strcmp(to, "approval") == 0 &&
	    strcmp(h.kind, "dpia") == 0) {
		int w = advice_written(db, a, aid);
		if (w <= 0) {
			*err = w < 0 ? E_FAIL :
			    N_("Write the DPO's advice before sending the assessment on for approval.");
			return as_tx_end(db, own, -1);
		}
	}
	rc = 0;
	if (strcmp(to, "approved") == 0)
		rc = freeze(db, a, &h, p->user_id, now);
	if (rc == 0)
		rc = db_run(db, "UPDATE assessments SET status = ?, version = ?, review_reason = ?,"
		    " updated_at = ? WHERE id = ? AND org_id = ?", "sisiii", to, (int64_t)h.version,
		    strcmp(to, "approved") == 0 || strcmp(to, "draft") == 0 ? "" : h.review_reason,
		    now, aid, org_id) < 0 ? -1 : 0;
	if (rc == 0)
		rc = record_step(db, a, org_id, aid, p->user_id, from, to, comment, h.version, now);
	if (rc == 0)
		rc = assessment_sync_inventory(db, org_id);
	if (as_tx_end(db, own, rc)) {
		*err = E_FAIL;
		return -1;
	}
	*err = NULL;
	return 0;
}

int
assessment_check_reviews(struct db *db, struct arena *a, int64_t org_id, const char *today)
{
	struct db_stmt *st;
	int64_t *ids;
	const char **why;
	int rc, n = 0, cap = 8, own;
	int64_t now = as_now();

	ids = arena_alloc(a, sizeof(*ids) * (size_t)cap);
	why = arena_alloc(a, sizeof(*why) * (size_t)cap);
	/* Review date passed, or a covered tool's catalogue facts changed
	 * after the latest approval. */
	st = db_query(db, "SELECT s.id, CASE WHEN s.review_date IS NOT NULL AND s.review_date <> ''"
	    " AND s.review_date < ? THEN 'review_date' ELSE 'tool_changed' END FROM assessments s"
	    " WHERE s.org_id = ? AND s.status = 'approved' AND ((s.review_date IS NOT NULL"
	    " AND s.review_date <> '' AND s.review_date < ?) OR EXISTS (SELECT 1 FROM assessment_tools t"
	    " JOIN tools tl ON tl.id = t.tool_id WHERE t.assessment_id = s.id AND tl.updated_at >"
	    " (SELECT MAX(v.approved_at) FROM assessment_versions v WHERE v.assessment_id = s.id)))",
	    &rc, "sis", today, org_id, today);
	while (rc == 1) {
		int c2 = cap;
		if ((ids = arena_grow(a, ids, n, &cap, sizeof(*ids))) == NULL ||
		    (why = arena_grow(a, why, n, &c2, sizeof(*why))) == NULL) {
			rc = -1;
			break;
		}
		ids[n] = db_col_int(st, 0);
		why[n++] = strcmp(db_col_text(st, 1), "review_date") == 0 ? "review_date" : "tool_changed";
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	if (n == 0)
		return 0;
	if (as_tx_begin(db, &own))
		return -1;
	rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		rc = db_run(db, "UPDATE assessments SET status = 'needs_review', review_reason = ?,"
		    " updated_at = ? WHERE id = ? AND org_id = ? AND status = 'approved'", "siii",
		    why[i], now, ids[i], org_id) < 0 ? -1 : 0;
		if (rc == 0)
			rc = record_step(db, a, org_id, ids[i], 0, "approved", "needs_review", why[i], 0, now);
	}
	if (rc == 0)
		rc = assessment_sync_inventory(db, org_id);
	if (as_tx_end(db, own, rc))
		return -1;
	return n;
}

/*
 * A tool's flag follows its approved assessments (ever frozen: version > 0,
 * a revision in progress still has its approved version). Rows of tools no
 * assessment of that kind covers keep what was entered by hand in the
 * inventory before assessments existed.
 */
int
assessment_sync_inventory(struct db *db, int64_t org_id)
{
	if (db_run(db, "UPDATE inventory SET"
	    " has_ros = CASE WHEN EXISTS (SELECT 1 FROM assessment_tools t JOIN assessments s"
	    "  ON s.id = t.assessment_id WHERE t.tool_id = inventory.tool_id AND s.org_id = inventory.org_id"
	    "  AND s.kind = 'ros') THEN (CASE WHEN EXISTS (SELECT 1 FROM assessment_tools t"
	    "  JOIN assessments s ON s.id = t.assessment_id WHERE t.tool_id = inventory.tool_id"
	    "  AND s.org_id = inventory.org_id AND s.kind = 'ros' AND s.version > 0) THEN 1 ELSE 0 END)"
	    "  ELSE has_ros END,"
	    " has_dpia = CASE WHEN EXISTS (SELECT 1 FROM assessment_tools t JOIN assessments s"
	    "  ON s.id = t.assessment_id WHERE t.tool_id = inventory.tool_id AND s.org_id = inventory.org_id"
	    "  AND s.kind = 'dpia') THEN (CASE WHEN EXISTS (SELECT 1 FROM assessment_tools t"
	    "  JOIN assessments s ON s.id = t.assessment_id WHERE t.tool_id = inventory.tool_id"
	    "  AND s.org_id = inventory.org_id AND s.kind = 'dpia' AND s.version > 0) THEN 1 ELSE 0 END)"
	    "  ELSE has_dpia END,"
	    " has_dba = CASE WHEN EXISTS (SELECT 1 FROM assessment_tools t JOIN assessments s"
	    "  ON s.id = t.assessment_id WHERE t.tool_id = inventory.tool_id AND s.org_id = inventory.org_id"
	    "  AND s.kind = 'dba') THEN (CASE WHEN EXISTS (SELECT 1 FROM assessment_tools t"
	    "  JOIN assessments s ON s.id = t.assessment_id WHERE t.tool_id = inventory.tool_id"
	    "  AND s.org_id = inventory.org_id AND s.kind = 'dba' AND s.version > 0) THEN 1 ELSE 0 END)"
	    "  ELSE has_dba END"
	    " WHERE org_id = ?", "i", org_id) < 0)
		return -1;
	/* A document that now exists closes the screening's to-do for it. */
	if (db_run(db, "UPDATE todos SET status = 'done', done_at = ? WHERE org_id = ? AND status = 'open'"
	    " AND ((kind = 'ros' AND inventory_id IN (SELECT id FROM inventory WHERE org_id = ? AND has_ros = 1))"
	    " OR (kind = 'dpia' AND inventory_id IN (SELECT id FROM inventory WHERE org_id = ? AND has_dpia = 1))"
	    " OR (kind = 'dba' AND inventory_id IN (SELECT id FROM inventory WHERE org_id = ? AND has_dba = 1)))",
	    "iiiii", as_now(), org_id, org_id, org_id, org_id) < 0)
		return -1;
	return 0;
}
