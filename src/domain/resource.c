/*
 * resource.c - the resource bank; see resource.h.
 *
 * Visibility is one SQL condition used by every read, the same rule as the
 * search (search.c): national, or the viewer's organisation wrote it, or it
 * is published to a network one of the viewer's organisations belongs to.
 * Drafts are seen by the author organisation only. Every save re-indexes
 * the resource in the same transaction, so the search never shows a title
 * that is no longer there.
 */
#include <cmark.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "resource.h"
#include "audit.h"
#include "search.h"
#include "../core/arena.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "assessment_int.h"

const char *const resource_kinds[] = { "guide", "template", "routine", "presentation", NULL };
const char *const resource_scopes[] = { "draft", "national", "network", NULL };

const char *
resource_kind_label(const char *kind)
{
	static const char *const labels[] = { N_("Guide"), N_("Template"), N_("Routine"),
		N_("Presentation") };
	for (int i = 0; resource_kinds[i]; i++)
		if (strcmp(kind, resource_kinds[i]) == 0)
			return labels[i];
	return kind;
}

const char *
resource_scope_label(const char *scope)
{
	static const char *const labels[] = { N_("Draft (only your organisation)"),
		N_("National"), N_("Network") };
	for (int i = 0; resource_scopes[i]; i++)
		if (strcmp(scope, resource_scopes[i]) == 0)
			return labels[i];
	return scope;
}

#define RES_SELECT \
	"SELECT r.id, r.org_id, COALESCE(r.network_id, 0), r.created_at, r.updated_at, r.kind," \
	" r.title, r.body, r.tags, r.competency_goal, r.scope, o.name, r.curated" \
	" FROM resources r JOIN orgs o ON o.id = r.org_id WHERE r.id = ? AND "

static int
read_one(struct arena *a, struct db_stmt *st, int rc, struct resource *r)
{
	if (rc == 1) {
		r->id = db_col_int(st, 0);
		r->org_id = db_col_int(st, 1);
		r->network_id = db_col_int(st, 2);
		r->created_at = db_col_int(st, 3);
		r->updated_at = db_col_int(st, 4);
		r->kind = as_dup(a, db_col_text(st, 5));
		r->title = as_dup(a, db_col_text(st, 6));
		r->body = as_dup(a, db_col_text(st, 7));
		r->tags = as_dup(a, db_col_text(st, 8));
		r->competency_goal = as_dup(a, db_col_text(st, 9));
		r->scope = as_dup(a, db_col_text(st, 10));
		r->org_name = as_dup(a, db_col_text(st, 11));
		r->curated = (int)db_col_int(st, 12);
	}
	if (st)
		db_reset(st);
	return rc;
}

int
resource_get(struct db *db, struct arena *a, int64_t viewer, int64_t id, struct resource *out)
{
	int rc;
	struct db_stmt *st = db_query(db, RES_SELECT "(r.scope = 'national'"
	    " OR r.org_id IN (SELECT org_id FROM memberships WHERE user_id = ?)"
	    " OR (r.scope = 'network' AND r.network_id IN (SELECT nm.network_id FROM share_network_members nm"
	    "  JOIN memberships m ON m.org_id = nm.org_id WHERE m.user_id = ?)))",
	    &rc, "iii", id, viewer, viewer);

	return read_one(a, st, rc, out);
}

int
resource_get_own(struct db *db, struct arena *a, int64_t org_id, int64_t id, struct resource *out)
{
	int rc;
	struct db_stmt *st = db_query(db, RES_SELECT "r.org_id = ?", &rc, "ii", id, org_id);

	return read_one(a, st, rc, out);
}

static int
in_list(const char *s, const char *const *list)
{
	for (int i = 0; s && list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

int64_t
resource_save(struct db *db, struct arena *a, int64_t user_id, int64_t org_id,
    const struct resource *in, const char **err)
{
	int64_t id = in->id, now = (int64_t)time(NULL);
	int64_t net = strcmp(in->scope ? in->scope : "", "network") == 0 ? in->network_id : 0;
	int rc = -1, own = !db->in_tx;

	*err = NULL;
	if (!in_list(in->kind, resource_kinds) || !in_list(in->scope, resource_scopes)) {
		*err = N_("Choose a kind and where to publish.");
		return -1;
	}
	if (in->title == NULL || *in->title == '\0' || in->body == NULL || *in->body == '\0') {
		*err = N_("Write a title and a text.");
		return -1;
	}
	if (own && db_begin(db))
		return -1;
	if (strcmp(in->scope, "network") == 0 && (net <= 0 || db_run(db,
	    "SELECT 1 FROM share_networks n WHERE n.id = ? AND (n.owner_org_id = ? OR EXISTS"
	    " (SELECT 1 FROM share_network_members m WHERE m.network_id = n.id AND m.org_id = ?))",
	    "iii", net, org_id, org_id) != 1)) {
		*err = N_("Choose one of your organisation's networks.");
		goto out;
	}
	if (id == 0)
		id = db_insert(db, "INSERT INTO resources (org_id, kind, title, body, tags, competency_goal,"
		    " scope, network_id, created_by, created_at, updated_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?) RETURNING id", "issssssiiii",
		    org_id, in->kind, in->title, in->body, in->tags ? in->tags : "",
		    in->competency_goal ? in->competency_goal : "", in->scope, net, user_id, now, now);
	else if (db_run(db, "UPDATE resources SET kind = ?, title = ?, body = ?, tags = ?,"
	    " competency_goal = ?, scope = ?, network_id = NULLIF(?, 0), updated_at = ?"
	    " WHERE id = ? AND org_id = ?", "ssssssiiii", in->kind, in->title, in->body,
	    in->tags ? in->tags : "", in->competency_goal ? in->competency_goal : "", in->scope,
	    net, now, id, org_id) < 0)
		id = -1;
	if (id < 0)
		goto out;
	{
		char *body = arena_printf(a, "%s\n%s\n%s", in->body, in->tags ? in->tags : "",
		    in->competency_goal ? in->competency_goal : "");
		if (body == NULL || search_put(db, SD_RESOURCE, id, in->title, body))
			goto out;
	}
	rc = audit_json(db, org_id, user_id, in->id ? "resource.update" : "resource.create",
	    "resource", id, json_pack("{s:s, s:s, s:s}", "title", in->title, "kind", in->kind,
	    "scope", in->scope), now) ? -1 : 0;
out:
	if (rc == 0 && (!own || db_commit(db) == 0))
		return id;
	if (own)
		db_rollback(db);
	return -1;
}

int
resource_curate(struct db *db, int64_t user_id, int64_t editor_org, int64_t id, int on)
{
	int64_t now = (int64_t)time(NULL);
	int r, own = !db->in_tx;

	if (own && db_begin(db))
		return -1;
	r = db_run(db, "SELECT 1 FROM resources WHERE id = ? AND scope = 'national'", "i", id);
	if (r != 1 || db_run(db, "UPDATE resources SET curated = ? WHERE id = ?", "ii",
	    (int64_t)(on ? 1 : 0), id) < 0 || audit_json(db, editor_org, user_id, on ? "resource.curate" : "resource.uncurate",
	    "resource", id, NULL, now) || (own && db_commit(db))) {
		if (own)
			db_rollback(db);
		return r == 0 ? 0 : -1;
	}
	return 1;
}

char *
resource_render(struct arena *a, const char *md)
{
	/* Safe mode is cmark's default; CMARK_OPT_UNSAFE is never passed.
	 * VALIDATE_UTF8 replaces broken sequences instead of passing them. */
	char *html = cmark_markdown_to_html(md ? md : "", strlen(md ? md : ""),
	    CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_SMART);
	char *out = html ? arena_strdup(a, html) : NULL;

	free(html);
	return out;
}
