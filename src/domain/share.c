/*
 * share.c - networks, publishing, the library row of a publication,
 * adopting, following the source, endorsement and the national view per
 * tool; see share.h for the safety rule.
 *
 * Publishing copies the frozen version (assessment_version), never the
 * current draft, so unpublished work cannot leave the organisation. What is
 * emptied before the copy is stored: items marked local, items the publisher
 * withholds, and the two kinds that are always the organisation's own
 * decision (dpo_advice, acceptance). Emptying keeps every key of an item's
 * data and blanks its value, so the adopter sees the shape of what to fill.
 *
 * Following the source is merge.h's three-way merge; the merged items replace
 * the adopter's items in one transaction (uids kept), and the adoption then
 * points at the version it is now based on.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "share.h"
#include "assessment_int.h"
#include "audit.h"
#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/msgid.h"
#include "../db/db.h"

#define E_NOPUB N_(SHARE_E_NOPUB)

/* ---- pure helpers ------------------------------------------------------- */

/* Is uid one of the words of list (separated by commas, spaces, newlines)? */
static int
list_has(const char *list, const char *uid)
{
	size_t n = strlen(uid);

	for (const char *p = list ? list : ""; *p; ) {
		size_t k = strcspn(p, ", \t\r\n");
		if (k == n && memcmp(p, uid, n) == 0)
			return 1;
		p += k;
		p += strspn(p, ", \t\r\n");
	}
	return 0;
}

/* 1 when every word of list names an item. */
static int
list_known(const char *list, const struct as_item *items, int n)
{
	for (const char *p = list ? list : ""; *p; ) {
		size_t k = strcspn(p, ", \t\r\n");
		int found = 0;
		for (int i = 0; k && i < n && !found; i++)
			found = strlen(items[i].uid) == k && memcmp(items[i].uid, p, k) == 0;
		if (k && !found)
			return 0;
		p += k;
		p += strspn(p, ", \t\r\n");
	}
	return 1;
}

static json_t *
blank(json_t *v)
{
	if (json_is_object(v)) {
		json_t *o = json_object(), *e;
		const char *k;
		json_object_foreach(v, k, e)
			json_object_set_new(o, k, blank(e));
		return o;
	}
	if (json_is_string(v))
		return json_string("");
	if (json_is_array(v))
		return json_array();
	if (json_is_boolean(v))
		return json_false();
	if (json_is_number(v))
		return json_integer(0);
	return json_null();
}

const char *
share_blank_data(struct arena *a, const char *data)
{
	json_t *d = json_loads(data ? data : "{}", 0, NULL), *b = blank(d);
	char *s = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS);
	const char *out = s ? arena_strdup(a, s) : NULL;

	free(s);
	json_decref(d);
	json_decref(b);
	return out;
}

static int
own_decision(const char *kind)
{
	return strcmp(kind, "dpo_advice") == 0 || strcmp(kind, "acceptance") == 0;
}

/* Every string in a JSON value, for the search index. */
static void
strings_of(json_t *v, struct buf *b)
{
	json_t *e;
	const char *k;
	size_t i;

	if (json_is_string(v) && json_string_length(v) > 0) {
		buf_puts(b, json_string_value(v));
		buf_puts(b, "\n");
	} else if (json_is_object(v)) {
		json_object_foreach(v, k, e)
			strings_of(e, b);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			strings_of(e, b);
	}
}

static const char *
search_body(struct arena *a, const struct assessment *h, const struct as_item *it, int n)
{
	struct buf b;

	buf_init(&b, 4u << 20, a);
	buf_puts(&b, h->scope ? h->scope : "");
	buf_puts(&b, "\n");
	for (int i = 0; i < n; i++) {
		json_t *d = json_loads(it[i].data, 0, NULL);
		strings_of(d, &b);
		json_decref(d);
	}
	return buf_err(&b) ? "" : buf_str(&b);
}

static const char *
jget(json_t *d, const char *k)
{
	const char *s = json_string_value(json_object_get(d, k));
	return s ? s : "";
}

/* The library's summary: conclusions per service, and the three highest
 * residual risks (the inherent score where no residual is set). */
static void
summarise(struct arena *a, const struct as_item *it, int n, const char **concl, const char **top)
{
	struct buf b;
	json_t *arr = json_array();
	int used[3] = { -1, -1, -1 };
	char *s;

	buf_init(&b, 1u << 16, a);
	for (int i = 0; i < n; i++) {
		json_t *d;
		if (strcmp(it[i].kind, "conclusion") != 0 || it[i].local)
			continue;
		d = json_loads(it[i].data, 0, NULL);
		if (*jget(d, "service") || *jget(d, "result")) {
			if (b.len)
				buf_puts(&b, "; ");
			buf_puts(&b, jget(d, "service"));
			buf_puts(&b, ": ");
			buf_puts(&b, jget(d, "result"));
		}
		json_decref(d);
	}
	*concl = buf_err(&b) ? "" : buf_str(&b);
	for (int k = 0; k < 3; k++) {
		int best = -1, bs = 0;
		for (int i = 0; i < n; i++) {
			int sc = it[i].rl && it[i].rc ? it[i].rl * it[i].rc : it[i].l * it[i].c;
			if (strcmp(it[i].kind, "risk") != 0 || it[i].local || sc <= bs ||
			    i == used[0] || i == used[1])
				continue;
			best = i;
			bs = sc;
		}
		if (best < 0)
			break;
		used[k] = best;
		json_t *d = json_loads(it[best].data, 0, NULL);
		json_array_append_new(arr, json_pack("{s:s, s:i}", "title", jget(d, "title"), "score", bs));
		json_decref(d);
	}
	s = json_dumps(arr, JSON_COMPACT);
	*top = s ? arena_strdup(a, s) : "[]";
	free(s);
	json_decref(arr);
}

/* ---- networks ----------------------------------------------------------- */

int
share_networks(struct db *db, struct arena *a, int64_t org_id, struct share_network **out)
{
	struct share_network *v = NULL;
	int n = 0, cap = 0, rc;
	struct db_stmt *st = db_query(db, "SELECT n.id, n.owner_org_id, n.name, o.name,"
	    " (SELECT COUNT(*) FROM share_network_members m WHERE m.network_id = n.id)"
	    " FROM share_networks n JOIN orgs o ON o.id = n.owner_org_id"
	    " WHERE n.owner_org_id = ? OR n.id IN (SELECT network_id FROM share_network_members WHERE org_id = ?)"
	    " ORDER BY n.name, n.id", &rc, "ii", org_id, org_id);

	while (rc == 1) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		v[n].id = db_col_int(st, 0);
		v[n].owner_org_id = db_col_int(st, 1);
		v[n].name = as_dup(a, db_col_text(st, 2));
		v[n].owner_name = as_dup(a, db_col_text(st, 3));
		v[n].nmembers = (int)db_col_int(st, 4);
		v[n].own = v[n].owner_org_id == org_id;
		n++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

int
share_network_usable(struct db *db, int64_t org_id, int64_t network_id)
{
	return db_run(db, "SELECT 1 FROM share_networks n WHERE n.id = ? AND (n.owner_org_id = ?"
	    " OR EXISTS (SELECT 1 FROM share_network_members m WHERE m.network_id = n.id AND m.org_id = ?))",
	    "iii", network_id, org_id, org_id) == 1;
}

int64_t
share_network_create(struct db *db, struct arena *a, int64_t user_id, int64_t org_id,
    const char *name, const char *members, const char **err)
{
	int64_t id = -1, now = (int64_t)time(NULL);
	int own, rc = -1, nm = 0;
	json_t *numbers = json_array();

	*err = NULL;
	if (name == NULL || *name == '\0') {
		*err = N_("Give the network a name.");
		json_decref(numbers);
		return -1;
	}
	if (as_tx_begin(db, &own)) {
		json_decref(numbers);
		return -1;
	}
	id = db_insert(db, "INSERT INTO share_networks (owner_org_id, name, created_by, created_at)"
	    " VALUES (?, ?, ?, ?) RETURNING id", "isii", org_id, name, user_id, now);
	if (id < 0 || db_run(db, "INSERT INTO share_network_members (network_id, org_id) VALUES (?, ?)",
	    "ii", id, org_id) < 0)
		goto out;
	for (const char *p = members ? members : ""; *p; ) {
		size_t k = strcspn(p, ", \t\r\n");
		if (k) {
			char *num = arena_strndup(a, p, k);
			struct db_stmt *st;
			int r;
			int64_t member;
			st = db_query(db, "SELECT id FROM orgs WHERE number = ? AND kind IN ('municipality', 'county')",
			    &r, "s", num);
			member = r == 1 ? db_col_int(st, 0) : 0;
			if (st)
				db_reset(st);
			if (r < 0)
				goto out;
			if (member == 0) {
				*err = N_("One of the numbers is not a known municipality or county. Use numbers like 4601 or 46.");
				goto out;
			}
			if (db_run(db, "INSERT INTO share_network_members (network_id, org_id) VALUES (?, ?)"
			    " ON CONFLICT DO NOTHING", "ii", id, member) < 0)
				goto out;
			json_array_append_new(numbers, json_string(num));
			nm++;
		}
		p += k;
		p += strspn(p, ", \t\r\n");
	}
	if (nm == 0) {
		*err = N_("Name at least one member by its municipality or county number.");
		goto out;
	}
	rc = audit_json(db, org_id, user_id, "share.network.create", "share_network", id,
	    json_pack("{s:s, s:O}", "name", name, "members", numbers), now) ? -1 : 0;
out:
	json_decref(numbers);
	return as_tx_end(db, own, rc) ? -1 : id;
}

/* ---- publishing --------------------------------------------------------- */

int64_t
share_publish(struct db *db, struct arena *a, int64_t user_id, int64_t org_id,
    const struct share_publish *in, const char **err)
{
	struct assessment h, pub;
	struct as_version v;
	struct as_item *items;
	const char *snap, *concl, *top;
	json_t *withheld = json_array();
	int64_t id = -1, now = (int64_t)time(NULL), prev = 0;
	int own, rc = -1, r, next = 1;
	struct db_stmt *st;

	*err = NULL;
	if (as_tx_begin(db, &own)) {
		json_decref(withheld);
		return -1;
	}
	if ((r = assessment_get(db, a, org_id, in->assessment_id, &h)) != 1) {
		*err = r == 0 ? N_("There is no such assessment.") : NULL;
		goto out;
	}
	if (h.version < 1) {
		*err = N_("Only an approved assessment can be published.");
		goto out;
	}
	if (strcmp(in->scope, "network") == 0) {
		if (in->network_id <= 0 || !share_network_usable(db, org_id, in->network_id)) {
			*err = N_("Choose one of your organisation's networks.");
			goto out;
		}
	} else if (strcmp(in->scope, "national") != 0) {
		*err = N_("Choose where to publish.");
		goto out;
	}
	if (assessment_version(db, a, org_id, h.id, h.version, &v) != 1)
		goto out;
	if (!list_known(in->withheld, v.items, v.nitems)) {
		*err = N_("One of the withheld item ids is not in this assessment.");
		goto out;
	}
	r = db_run(db, "SELECT 1 FROM share_pubs WHERE org_id = ? AND source_id = ? AND source_version = ?",
	    "iii", org_id, h.id, (int64_t)h.version);
	if (r != 0) {
		*err = r == 1 ? N_("This version is already published. Approve a new version to publish again.") : NULL;
		goto out;
	}
	if ((items = arena_alloc(a, sizeof(*items) * (size_t)(v.nitems + 1))) == NULL)
		goto out;
	for (int i = 0; i < v.nitems; i++) {
		items[i] = v.items[i];
		if (list_has(in->withheld, items[i].uid))
			json_array_append_new(withheld, json_string(items[i].uid));
		if (items[i].local || own_decision(items[i].kind) || list_has(in->withheld, items[i].uid)) {
			items[i].local = 1;
			items[i].data = share_blank_data(a, items[i].data);
			items[i].l = items[i].c = items[i].rl = items[i].rc = 0;
			if (items[i].data == NULL)
				goto out;
		}
	}
	/* The header of the frozen version (never the draft's title or tools),
	 * without the publisher's internal ids. */
	pub = v.head;
	pub.id = pub.org_id = pub.parent_id = pub.screening_id = 0;
	pub.status = "approved";
	pub.review_reason = "";
	if ((snap = assessment_snapshot(a, &pub, items, v.nitems)) == NULL)
		goto out;
	summarise(a, items, v.nitems, &concl, &top);
	st = db_query(db, "SELECT id, pub_version FROM share_pubs WHERE org_id = ? AND source_id = ? AND latest = 1",
	    &r, "ii", org_id, h.id);
	if (r == 1) {
		prev = db_col_int(st, 0);
		next = (int)db_col_int(st, 1) + 1;
	}
	if (st)
		db_reset(st);
	if (r < 0)
		goto out;
	if (prev && (db_run(db, "UPDATE share_pubs SET latest = 0 WHERE id = ?", "i", prev) < 0 ||
	    search_drop(db, SD_PUB, prev)))
		goto out;
	{
		char *wh = json_dumps(withheld, JSON_COMPACT);
		id = db_insert(db, "INSERT INTO share_pubs (org_id, source_id, source_version, pub_version,"
		    " latest, kind, title, template_urn, template_version, scope, network_id, snapshot,"
		    " withheld, conclusions, top_risks, published_by, published_at)"
		    " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?) RETURNING id",
		    "iiiisssisissssii", org_id, h.id, (int64_t)h.version, (int64_t)next, pub.kind, pub.title,
		    pub.template_urn, (int64_t)pub.template_version, in->scope,
		    strcmp(in->scope, "network") == 0 ? in->network_id : (int64_t)0, snap,
		    wh ? wh : "[]", concl, top, user_id, now);
		free(wh);
	}
	if (id < 0)
		goto out;
	for (int i = 0; i < pub.ntools; i++)
		if (db_run(db, "INSERT INTO share_pub_tools (pub_id, tool_id) VALUES (?, ?)"
		    " ON CONFLICT DO NOTHING", "ii", id, pub.tools[i]) < 0)
			goto out;
	if (search_put(db, SD_PUB, id, pub.title, search_body(a, &pub, items, v.nitems)))
		goto out;
	rc = audit_json(db, org_id, user_id, "share.publish", "share_pub", id,
	    json_pack("{s:I, s:i, s:i, s:s, s:I, s:O}", "assessment_id", (json_int_t)h.id,
	    "version", h.version, "pub_version", next, "scope", in->scope,
	    "network_id", (json_int_t)in->network_id, "withheld", withheld), now) ? -1 : 0;
out:
	json_decref(withheld);
	return as_tx_end(db, own, rc) ? -1 : id;
}

/* ---- reading publications ----------------------------------------------- */

#define PUB_ONE \
	"SELECT p.id, p.org_id, COALESCE(p.source_id, 0), COALESCE(p.network_id, 0), p.published_at," \
	" COALESCE(p.endorsed_at, 0), o.name, p.kind, p.title, p.scope, p.conclusions, p.top_risks," \
	" p.pub_version, p.template_urn, p.template_version, p.withheld, p.snapshot, COALESCE(eo.name, '')" \
	" FROM share_pubs p JOIN orgs o ON o.id = p.org_id LEFT JOIN orgs eo ON eo.id = p.endorsed_org" \
	" WHERE p.id = ? AND (p.scope = 'national' OR "

void
share_read_pub_row(struct arena *a, struct db_stmt *st, struct pub_row *p)
{
	p->id = db_col_int(st, 0);
	p->org_id = db_col_int(st, 1);
	p->source_id = db_col_int(st, 2);
	p->network_id = db_col_int(st, 3);
	p->published_at = db_col_int(st, 4);
	p->endorsed_at = db_col_int(st, 5);
	p->org_name = as_dup(a, db_col_text(st, 6));
	p->kind = as_dup(a, db_col_text(st, 7));
	p->title = as_dup(a, db_col_text(st, 8));
	p->scope = as_dup(a, db_col_text(st, 9));
	p->conclusions = as_dup(a, db_col_text(st, 10));
	p->top_risks = as_dup(a, db_col_text(st, 11));
	p->version = (int)db_col_int(st, 12);
}

int
share_adopter_count(struct db *db, int64_t pub_id)
{
	struct db_stmt *st;
	int rc, n = -1;

	st = db_query(db, "SELECT COUNT(*) FROM share_adoptions ad JOIN share_pubs b ON b.id = ad.base_pub_id"
	    " JOIN share_pubs p ON p.id = ? WHERE b.org_id = p.org_id"
	    " AND COALESCE(b.source_id, -b.id) = COALESCE(p.source_id, -p.id)", &rc, "i", pub_id);
	if (rc == 1)
		n = (int)db_col_int(st, 0);
	if (st)
		db_reset(st);
	return n;
}

int
share_pub_get(struct db *db, struct arena *a, int64_t viewer_user, int64_t viewer_org,
    int64_t pub_id, struct share_pub *out)
{
	struct db_stmt *st;
	int rc, cap = 0;

	memset(out, 0, sizeof(*out));
	if (viewer_org > 0)
		st = db_query(db, PUB_ONE "p.org_id = ? OR p.network_id IN"
		    " (SELECT network_id FROM share_network_members WHERE org_id = ?))",
		    &rc, "iii", pub_id, viewer_org, viewer_org);
	else
		st = db_query(db, PUB_ONE "p.org_id IN (SELECT org_id FROM memberships WHERE user_id = ?)"
		    " OR p.network_id IN (SELECT nm.network_id FROM share_network_members nm"
		    " JOIN memberships m ON m.org_id = nm.org_id WHERE m.user_id = ?))",
		    &rc, "iii", pub_id, viewer_user, viewer_user);
	if (rc == 1) {
		share_read_pub_row(a, st, &out->row);
		out->template_urn = as_dup(a, db_col_text(st, 13));
		out->template_version = (int)db_col_int(st, 14);
		out->withheld = as_dup(a, db_col_text(st, 15));
		out->snapshot = as_dup(a, db_col_text(st, 16));
		out->endorsed_org_name = as_dup(a, db_col_text(st, 17));
	}
	if (st)
		db_reset(st);
	if (rc != 1)
		return rc;
	if (assessment_snapshot_parse(a, out->snapshot, &out->head, &out->items, &out->nitems))
		return -1;
	if ((out->row.adopters = share_adopter_count(db, pub_id)) < 0)
		return -1;
	st = db_query(db, "SELECT t.id, t.name, COALESCE(t.urn, '') FROM share_pub_tools pt"
	    " JOIN tools t ON t.id = pt.tool_id WHERE pt.pub_id = ? ORDER BY t.name", &rc, "i", pub_id);
	while (rc == 1) {
		int c2 = cap, c3 = cap;
		if ((out->tools = arena_grow(a, out->tools, out->ntools, &cap, sizeof(*out->tools))) == NULL ||
		    (out->tool_names = arena_grow(a, out->tool_names, out->ntools, &c2,
		    sizeof(*out->tool_names))) == NULL ||
		    (out->tool_urns = arena_grow(a, out->tool_urns, out->ntools, &c3,
		    sizeof(*out->tool_urns))) == NULL) {
			rc = -1;
			break;
		}
		out->tools[out->ntools] = db_col_int(st, 0);
		out->tool_urns[out->ntools] = as_dup(a, db_col_text(st, 2));
		out->tool_names[out->ntools++] = as_dup(a, db_col_text(st, 1));
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 1;
}

int
share_pubs_of(struct db *db, struct arena *a, int64_t org_id, struct pub_row **out)
{
	struct pub_row *v = NULL;
	int n = 0, cap = 0, rc;
	struct db_stmt *st = db_query(db, "SELECT p.id, p.org_id, COALESCE(p.source_id, 0),"
	    " COALESCE(p.network_id, 0), p.published_at, COALESCE(p.endorsed_at, 0), o.name, p.kind,"
	    " p.title, p.scope, p.conclusions, p.top_risks, p.pub_version,"
	    " (SELECT COUNT(*) FROM share_adoptions ad JOIN share_pubs b ON b.id = ad.base_pub_id"
	    "  WHERE b.org_id = p.org_id AND COALESCE(b.source_id, -b.id) = COALESCE(p.source_id, -p.id))"
	    " FROM share_pubs p JOIN orgs o ON o.id = p.org_id WHERE p.org_id = ?"
	    " ORDER BY p.published_at DESC, p.id DESC", &rc, "i", org_id);

	while (rc == 1) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		share_read_pub_row(a, st, &v[n]);
		v[n++].adopters = (int)db_col_int(st, 13);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

int
share_endorse(struct db *db, struct arena *a, int64_t user_id, int64_t editor_org,
    int64_t pub_id, const char *more_local, const char **err)
{
	struct share_pub p;
	int own, rc = -1, r, changed = 0;
	int64_t now = (int64_t)time(NULL);
	const char *snap;

	*err = NULL;
	if (as_tx_begin(db, &own))
		return -1;
	if ((r = share_pub_get(db, a, user_id, 0, pub_id, &p)) != 1) {
		*err = r == 0 ? E_NOPUB : NULL;
		goto out;
	}
	if (!list_known(more_local, p.items, p.nitems)) {
		*err = N_("One of the item ids is not in this assessment.");
		goto out;
	}
	for (int i = 0; i < p.nitems; i++)
		if (!p.items[i].local && list_has(more_local, p.items[i].uid)) {
			p.items[i].local = 1;
			p.items[i].l = p.items[i].c = p.items[i].rl = p.items[i].rc = 0;
			if ((p.items[i].data = share_blank_data(a, p.items[i].data)) == NULL)
				goto out;
			changed++;
		}
	if (changed) {
		const char *concl, *top;

		p.head.tools = p.tools;
		p.head.ntools = p.ntools;
		/* The list columns are summaries of the items: recompute them
		 * too, or the library list would still show what is now local. */
		summarise(a, p.items, p.nitems, &concl, &top);
		if ((snap = assessment_snapshot(a, &p.head, p.items, p.nitems)) == NULL ||
		    db_run(db, "UPDATE share_pubs SET snapshot = ?, conclusions = ?, top_risks = ?"
		    " WHERE id = ?", "sssi", snap, concl, top, pub_id) < 0 ||
		    search_put(db, SD_PUB, pub_id, p.row.title, search_body(a, &p.head, p.items, p.nitems)))
			goto out;
	}
	if (db_run(db, "UPDATE share_pubs SET endorsed_by = ?, endorsed_org = ?, endorsed_at = ? WHERE id = ?",
	    "iiii", user_id, editor_org, now, pub_id) < 0)
		goto out;
	rc = audit_json(db, editor_org, user_id, "share.endorse", "share_pub", pub_id,
	    json_pack("{s:s, s:i, s:s}", "publisher", p.row.org_name, "marked_local", changed,
	    "uids", more_local ? more_local : ""), now) ? -1 : 0;
out:
	return as_tx_end(db, own, rc);
}

/* ---- adopting ----------------------------------------------------------- */

int64_t
share_create_draft(struct db *db, int64_t user_id, int64_t org_id, const struct assessment *h,
    const int64_t *tools, int ntools, const struct as_item *it, int n, int64_t now)
{
	int64_t id = db_insert(db, "INSERT INTO assessments (org_id, kind, title, template_urn,"
	    " template_version, vendor_id, status, version, review_reason, scope, created_by,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, (SELECT id FROM vendors WHERE id = ?),"
	    " 'draft', 0, '', ?, NULLIF(?, 0), ?, ?) RETURNING id", "isssiisiii", org_id, h->kind, h->title,
	    h->template_urn, (int64_t)h->template_version, h->vendor_id, h->scope ? h->scope : "",
	    user_id, now, now);

	if (id < 0)
		return -1;
	for (int i = 0; i < ntools; i++)
		if (db_run(db, "INSERT INTO assessment_tools (assessment_id, tool_id)"
		    " SELECT ?, id FROM tools WHERE id = ?", "ii", id, tools[i]) < 0)
			return -1;
	for (int i = 0; i < n; i++)
		if (db_run(db, "INSERT INTO assessment_items (assessment_id, uid, kind, section, position,"
		    " local, data, likelihood, consequence, res_likelihood, res_consequence, updated_by, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?)",
		    "isssiisiiiiii", id, it[i].uid, it[i].kind, it[i].section, (int64_t)(i + 1),
		    (int64_t)it[i].local, it[i].data, (int64_t)it[i].l, (int64_t)it[i].c,
		    (int64_t)it[i].rl, (int64_t)it[i].rc, user_id, now) < 0)
			return -1;
	return id;
}

int64_t
share_adopt(struct db *db, struct arena *a, int64_t user_id, int64_t org_id, int64_t pub_id,
    const char **err)
{
	struct share_pub p;
	int own, rc = -1, r;
	int64_t id = -1, now = (int64_t)time(NULL);

	*err = NULL;
	if (as_tx_begin(db, &own))
		return -1;
	if ((r = share_pub_get(db, a, 0, org_id, pub_id, &p)) != 1) {
		*err = r == 0 ? E_NOPUB : NULL;
		goto out;
	}
	if (p.row.org_id == org_id) {
		*err = N_("Your organisation published this assessment itself.");
		goto out;
	}
	r = db_run(db, "SELECT 1 FROM share_adoptions ad JOIN share_pubs b ON b.id = ad.base_pub_id"
	    " JOIN assessments s ON s.id = ad.assessment_id"
	    " WHERE ad.org_id = ? AND b.org_id = ? AND COALESCE(b.source_id, -b.id) = ?",
	    "iii", org_id, p.row.org_id, p.row.source_id ? p.row.source_id : -p.row.id);
	if (r != 0) {
		*err = r == 1 ? N_("Your organisation has already adopted this assessment. Follow its updates instead.") : NULL;
		goto out;
	}
	if ((id = share_create_draft(db, user_id, org_id, &p.head, p.tools, p.ntools, p.items,
	    p.nitems, now)) < 0)
		goto out;
	if (db_insert(db, "INSERT INTO share_adoptions (org_id, assessment_id, base_pub_id, adopted_by,"
	    " adopted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "iiiiii",
	    org_id, id, pub_id, user_id, now, now) < 0)
		goto out;
	/* Ids only: the adopter's change log is shown to its own staff and
	 * names no other organisation. */
	rc = audit_json(db, org_id, user_id, "share.adopt", "assessment", id,
	    json_pack("{s:I, s:i}", "pub_id", (json_int_t)pub_id, "pub_version", p.row.version),
	    now) ? -1 : 0;
out:
	return as_tx_end(db, own, rc) ? -1 : id;
}

/* The organisation's adoptions with their assessments. The publications
 * are then read one by one (read_adoptions): point lookups by primary key
 * and by series, which no planner statistics can turn into scans of
 * share_pubs (SQLite keeps the statistics of the day ANALYZE last ran, when
 * share_pubs may have been empty). Binds: org, then the condition's. */
#define ADOPTION_SQL \
	"SELECT ad.id, ad.assessment_id, ad.base_pub_id, s.title, s.status, ad.adopted_at, ad.updated_at" \
	" FROM share_adoptions ad JOIN assessments s ON s.id = ad.assessment_id AND s.org_id = ad.org_id" \
	" WHERE ad.org_id = ?"

/* The base version, its publisher, and the newest version of the source
 * the adopter may see (the base when none newer is visible). */
static int
fill_versions(struct db *db, struct arena *a, int64_t org_id, struct share_adoption *ad)
{
	struct db_stmt *st;
	int64_t source = 0;
	int rc;

	st = db_query(db, "SELECT b.pub_version, b.org_id, COALESCE(b.source_id, 0),"
	    " (SELECT name FROM orgs WHERE id = b.org_id) FROM share_pubs b WHERE b.id = ?",
	    &rc, "i", ad->base_pub_id);
	if (rc == 1) {
		ad->base_version = ad->latest_version = (int)db_col_int(st, 0);
		ad->publisher_id = db_col_int(st, 1);
		source = db_col_int(st, 2);
		ad->publisher = as_dup(a, db_col_text(st, 3));
		ad->latest_pub_id = ad->base_pub_id;
	}
	if (st)
		db_reset(st);
	if (rc != 1 || source == 0)
		return rc == 1 ? 0 : -1;
	st = db_query(db, "SELECT id, pub_version FROM share_pubs WHERE org_id = ? AND source_id = ?"
	    " AND latest = 1 AND (scope = 'national' OR network_id IN"
	    " (SELECT network_id FROM share_network_members WHERE org_id = ?))", &rc, "iii",
	    ad->publisher_id, source, org_id);
	if (rc == 1) {
		ad->latest_pub_id = db_col_int(st, 0);
		ad->latest_version = (int)db_col_int(st, 1);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
read_adoptions(struct db *db, struct arena *a, int64_t org_id, struct db_stmt *st, int rc,
    struct share_adoption **out)
{
	struct share_adoption *v = NULL;
	int n = 0, cap = 0;

	while (rc == 1) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			rc = -1;
			break;
		}
		memset(&v[n], 0, sizeof(v[n]));
		v[n].id = db_col_int(st, 0);
		v[n].assessment_id = db_col_int(st, 1);
		v[n].base_pub_id = db_col_int(st, 2);
		v[n].title = as_dup(a, db_col_text(st, 3));
		v[n].status = as_dup(a, db_col_text(st, 4));
		v[n].adopted_at = db_col_int(st, 5);
		v[n].updated_at = db_col_int(st, 6);
		n++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	for (int i = 0; rc >= 0 && i < n; i++)
		if (fill_versions(db, a, org_id, &v[i]))
			rc = -1;
	*out = v;
	return rc < 0 ? -1 : n;
}

int
share_adoptions(struct db *db, struct arena *a, int64_t org_id, struct share_adoption **out)
{
	int rc;
	struct db_stmt *st = db_query(db, ADOPTION_SQL " ORDER BY ad.updated_at DESC, ad.id DESC",
	    &rc, "i", org_id);

	return read_adoptions(db, a, org_id, st, rc, out);
}

static int
one_adoption(int n, struct share_adoption *v, struct share_adoption *out)
{
	if (n == 1)
		*out = v[0];
	return n < 0 ? -1 : n > 0;
}

int
share_adoption_get(struct db *db, struct arena *a, int64_t org_id, int64_t adoption_id,
    struct share_adoption *out)
{
	struct share_adoption *v = NULL;
	int rc;
	struct db_stmt *st = db_query(db, ADOPTION_SQL " AND ad.id = ?", &rc, "ii",
	    org_id, adoption_id);
	int n = read_adoptions(db, a, org_id, st, rc, &v);

	return one_adoption(n, v, out);
}

int
share_adoption_of(struct db *db, struct arena *a, int64_t org_id, int64_t assessment_id,
    struct share_adoption *out)
{
	struct share_adoption *v = NULL;
	int rc;
	struct db_stmt *st = db_query(db, ADOPTION_SQL " AND ad.assessment_id = ?", &rc, "ii",
	    org_id, assessment_id);
	int n = read_adoptions(db, a, org_id, st, rc, &v);

	return one_adoption(n, v, out);
}

/* ---- following the source ----------------------------------------------- */

static int
pub_items(struct db *db, struct arena *a, int64_t pub_id, struct as_item **items, int *n)
{
	struct assessment h;
	struct db_stmt *st;
	int rc, r = -1;

	st = db_query(db, "SELECT snapshot FROM share_pubs WHERE id = ?", &rc, "i", pub_id);
	if (rc == 1)
		r = assessment_snapshot_parse(a, db_col_text(st, 0), &h, items, n);
	if (st)
		db_reset(st);
	return r;
}

int
share_update_plan(struct db *db, struct arena *a, int64_t org_id, const struct share_adoption *ad,
    struct mg_plan *plan)
{
	struct as_item *base, *theirs, *ours;
	int nb, nt, no;

	(void)org_id;
	if (pub_items(db, a, ad->base_pub_id, &base, &nb) ||
	    pub_items(db, a, ad->latest_pub_id, &theirs, &nt) ||
	    (no = assessment_items(db, a, ad->assessment_id, &ours)) < 0)
		return -1;
	return merge_plan(a, base, nb, theirs, nt, ours, no, plan) < 0 ? -1 : 0;
}

/* For MC_EDIT on a field item: the upstream data with "value" replaced. */
static const char *
edit_data(struct arena *a, const struct mg_row *row, const char *text)
{
	const struct as_item *src = row->theirs ? row->theirs : row->ours;
	json_t *d = json_loads(src && src->data ? src->data : "{}", 0, NULL);
	char *s;
	const char *out;

	if (!json_is_object(d)) {
		json_decref(d);
		d = json_object();
	}
	json_object_set_new(d, "value", json_string(text ? text : ""));
	s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	out = s ? arena_strdup(a, s) : NULL;
	free(s);
	json_decref(d);
	return out;
}

int
share_update_apply(struct db *db, struct arena *a, int64_t user_id, int64_t org_id,
    const struct share_adoption *ad, int64_t target_pub, const struct mg_plan *plan,
    const enum mg_choice *choice, const char *const *edit, const char **err)
{
	const char **ed = arena_alloc(a, sizeof(*ed) * (size_t)(plan->n + 1));
	json_t *resolved = json_object();
	struct as_item *out;
	int own, rc = -1, n, r;
	int64_t now = (int64_t)time(NULL);

	*err = NULL;
	if (ed == NULL || as_tx_begin(db, &own)) {
		json_decref(resolved);
		return -1;
	}
	if (ad->latest_pub_id == ad->base_pub_id) {
		*err = N_("There is no newer version to take.");
		goto out;
	}
	if (ad->latest_pub_id != target_pub) {
		*err = N_("A newer version was published after you opened this page. Review the changes again.");
		goto out;
	}
	r = db_run(db, "SELECT 1 FROM assessments WHERE id = ? AND org_id = ? AND status = 'draft'",
	    "ii", ad->assessment_id, org_id);
	if (r != 1) {
		*err = r == 0 ? N_("Changes can only be taken into a draft. Start a revision of the assessment first.") : NULL;
		goto out;
	}
	for (int i = 0; i < plan->n; i++) {
		static const char *const names[] = { "default", "mine", "theirs", "edit" };
		enum mg_choice c = choice ? choice[i] : MC_DEFAULT;
		if (c == MC_EDIT && (ed[i] = edit_data(a, &plan->rows[i], edit ? edit[i] : "")) == NULL)
			goto out;
		if (plan->rows[i].action == MA_CONFLICT)
			json_object_set_new(resolved, plan->rows[i].uid, json_string(names[c]));
	}
	if ((n = merge_apply(a, plan, choice, ed, 1, &out)) < 0) {
		*err = N_("Choose how to resolve every item changed on both sides.");
		goto out;
	}
	if (db_run(db, "DELETE FROM assessment_items WHERE assessment_id = ?", "i", ad->assessment_id) < 0)
		goto out;
	for (int i = 0; i < n; i++)
		if (db_run(db, "INSERT INTO assessment_items (assessment_id, uid, kind, section, position,"
		    " local, data, likelihood, consequence, res_likelihood, res_consequence, updated_by, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?, ?)",
		    "isssiisiiiiii", ad->assessment_id, out[i].uid, out[i].kind, out[i].section,
		    (int64_t)out[i].position, (int64_t)out[i].local, out[i].data, (int64_t)out[i].l,
		    (int64_t)out[i].c, (int64_t)out[i].rl, (int64_t)out[i].rc, user_id, now) < 0)
			goto out;
	if (db_run(db, "UPDATE assessments SET updated_at = ? WHERE id = ? AND org_id = ?", "iii",
	    now, ad->assessment_id, org_id) < 0 ||
	    db_run(db, "UPDATE share_adoptions SET base_pub_id = ?, updated_at = ? WHERE id = ? AND org_id = ?",
	    "iiii", target_pub, now, ad->id, org_id) < 0)
		goto out;
	rc = audit_json(db, org_id, user_id, "share.update", "assessment", ad->assessment_id,
	    json_pack("{s:I, s:I, s:i, s:i, s:O}", "from_pub", (json_int_t)ad->base_pub_id,
	    "to_pub", (json_int_t)target_pub, "automatic", plan->nauto, "conflicts", plan->nconflicts,
	    "resolved", resolved), now) ? -1 : 0;
out:
	json_decref(resolved);
	return as_tx_end(db, own, rc);
}

/* ---- the national view per tool ----------------------------------------- */

const char *const share_status_keys[5] = {
	"under_review", "approved", "approved_conditions", "not_approved", "phasing_out",
};

int
share_tool_view(struct db *db, struct arena *a, int64_t tool_id, struct share_tool_view *out)
{
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	st = db_query(db, "SELECT t.name, (SELECT COUNT(DISTINCT i.org_id) FROM inventory i"
	    " JOIN orgs o ON o.id = i.org_id WHERE i.tool_id = t.id AND o.kind = 'municipality')"
	    " FROM tools t WHERE t.id = ? AND t.status = 'accepted'", &rc, "i", tool_id);
	if (rc == 1) {
		out->tool_name = as_dup(a, db_col_text(st, 0));
		out->users = (int)db_col_int(st, 1);
	}
	if (st)
		db_reset(st);
	if (rc != 1)
		return rc;
	st = db_query(db, "SELECT d.status, COUNT(*) FROM tool_decisions d JOIN orgs o ON o.id = d.org_id"
	    " WHERE d.tool_id = ? AND o.kind = 'municipality' GROUP BY d.status", &rc, "i", tool_id);
	while (rc == 1) {
		const char *s = db_col_text(st, 0);
		for (int k = 0; k < 5; k++)
			if (s && strcmp(s, share_status_keys[k]) == 0)
				out->status[k] = (int)db_col_int(st, 1);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : 1;
}
