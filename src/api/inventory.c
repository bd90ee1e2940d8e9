/*
 * api/inventory.c - GET /api/v1/o/:org/inventory: an organisation's
 * inventory as JSON, for a logged-in session with A_INVENTORY_VIEW (a school
 * leader gets the rows of their schools and the organisation's, as on the
 * page). Filters as on the page: ?school=all|org|<id>&state=<key>.
 *
 * {"org": {"id", "name", "number"}, "count": n, "items": [{"id", "tool":
 *  {"id", "name", "vendor"}, "school": {"id", "name"} | null, "grades",
 *  "pupils" | null, "purpose", "data_categories": [keys],
 *  "feide_attributes": [keys], "responsible", "since" | null, "state",
 *  "has_ros", "has_dpia", "has_dba", "needs_ros"|"needs_dpia"|"needs_dba":
 *  bool | null (not screened), "public", "usage_rules", "updated_at"}]}
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "../app.h"
#include "../domain/inventory.h"
#include "../domain/org.h"
#include "../pages/inventory.h"
#include "../http/request.h"
#include "../core/buf.h"

static json_t *
keys(struct req *r, enum cat_set set, unsigned mask)
{
	json_t *a = json_array();
	int n;
	const struct cat_key *k = catalogue_set_keys(set, &n);

	(void)r;
	for (int i = 0; i < n && i < 32; i++)
		if ((mask >> i) & 1)
			json_array_append_new(a, json_string(k[i].key));
	return a;
}

static json_t *
need(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

void
api_inventory(struct req *r)
{
	struct org o;
	struct inv_filter f;
	struct inv_row *rows;
	const char *sraw;
	json_t *doc, *items;
	char *s;
	int n;

	if (org_get(r->db, &r->arena, r->org_id, &o) != 1) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	if (inv_read_filter(r, &f, &sraw))
		return;
	if ((n = inventory_list(r->db, &r->arena, r->org_id, r->who, &f, &rows)) < 0) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	items = json_array();
	for (int i = 0; i < n; i++) {
		const struct inv_row *w = &rows[i];
		json_t *it = json_pack("{s:I, s:{s:I, s:s, s:s}, s:o, s:s, s:o, s:s, s:o, s:o, s:s,"
		    " s:o, s:s, s:b, s:b, s:b, s:o, s:o, s:o, s:b, s:s, s:I}",
		    "id", (json_int_t)w->id,
		    "tool", "id", (json_int_t)w->tool_id, "name", w->tool_name, "vendor", w->vendor_name,
		    "school", w->school_id > 0 ? json_pack("{s:I, s:s}", "id", (json_int_t)w->school_id,
		    "name", w->school_name) : json_null(),
		    "grades", w->grades,
		    "pupils", w->pupils >= 0 ? json_integer(w->pupils) : json_null(),
		    "purpose", w->purpose,
		    "data_categories", keys(r, CS_DATA, w->data),
		    "feide_attributes", keys(r, CS_FEIDE, w->feide),
		    "responsible", w->responsible,
		    "since", *w->since ? json_string(w->since) : json_null(),
		    "state", w->state,
		    "has_ros", w->has_ros, "has_dpia", w->has_dpia, "has_dba", w->has_dba,
		    "needs_ros", need(w->needs_ros), "needs_dpia", need(w->needs_dpia),
		    "needs_dba", need(w->needs_dba),
		    "public", w->public_,
		    "usage_rules", w->usage_rules,
		    "updated_at", (json_int_t)w->updated_at);
		if (it == NULL || json_array_append_new(items, it)) {
			json_decref(items);
			page_error(r, 500, "Something went wrong. Try again.");
			return;
		}
	}
	doc = json_pack("{s:{s:I, s:s, s:o}, s:i, s:o}",
	    "org", "id", (json_int_t)o.id, "name", o.name,
	    "number", o.number ? json_string(o.number) : json_null(),
	    "count", n, "items", items);
	s = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	if (s == NULL) {
		page_error(r, 500, "Something went wrong. Try again.");
		return;
	}
	r->ctype = "application/json";
	req_add_header(r, "Cache-Control", "no-store");
	buf_puts(&r->out, s);
	free(s);
}
