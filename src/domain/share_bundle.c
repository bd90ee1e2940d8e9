/*
 * share_bundle.c - a published version as a JSON bundle, so work can move
 * between installations, and the strict reader of such bundles.
 *
 * Format (format_version 1):
 *   { "format": "skolesec-bundle", "format_version": 1,
 *     "kind": "ros|dpia|dba", "title": "...",
 *     "template": { "urn": "urn:...", "version": 1 },
 *     "publisher": "...", "version": 2, "published_at": 1700000000,
 *     "scope_text": "...",
 *     "tools": [ { "urn": "urn:skolesec:tool:kahoot", "name": "Kahoot" } ],
 *     "items": [ { "uid": "...", "kind": "field", "section": "...",
 *                  "local": false, "data": { ... } } ] }
 * Tools travel by URN (ids differ between installations); internal ids of
 * the publisher never appear.
 *
 * The reader is the one place that takes a whole assessment from outside,
 * so it trusts nothing (fuzz/fuzz_bundle.c): every key known, every type
 * and size checked, uids unique and well-formed, item kinds from the fixed
 * list, data objects flat (strings, integers, arrays of strings). The
 * importer empties local items again, so a bundle can never bring content
 * into a field the organisation must complete itself.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "share.h"
#include "assessment_int.h"
#include "audit.h"
#include "template.h"
#include "../core/arena.h"
#include "../core/msgid.h"
#include "../db/db.h"

#define MAX_ITEMS 2000
#define MAX_TOOLS 100
#define MAX_TEXT 20000
#define MAX_ARRAY 50

static const char *const item_kinds[] = { "field", "risk", "measure", "check",
	"subprocessor", "conclusion", "dpo_advice", "acceptance", NULL };

char *
share_bundle_export(struct arena *a, const struct share_pub *p)
{
	json_t *tools = json_array(), *items = json_array(), *root;
	char *s, *out;

	for (int i = 0; i < p->ntools; i++)
		if (p->tool_urns && p->tool_urns[i][0])
			json_array_append_new(tools, json_pack("{s:s, s:s}", "urn", p->tool_urns[i],
			    "name", p->tool_names[i]));
	for (int i = 0; i < p->nitems; i++) {
		const struct as_item *it = &p->items[i];
		json_t *d = json_loads(it->data ? it->data : "{}", 0, NULL);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:b, s:o}", "uid", it->uid,
		    "kind", it->kind, "section", it->section ? it->section : "", "local", it->local,
		    "data", d ? d : json_object()));
	}
	root = json_pack("{s:s, s:i, s:s, s:s, s:{s:s, s:i}, s:s, s:i, s:I, s:s, s:o, s:o}",
	    "format", "skolesec-bundle", "format_version", 1, "kind", p->row.kind,
	    "title", p->row.title, "template", "urn", p->template_urn, "version", p->template_version,
	    "publisher", p->row.org_name, "version", p->row.version,
	    "published_at", (json_int_t)p->row.published_at,
	    "scope_text", p->head.scope ? p->head.scope : "", "tools", tools, "items", items);
	s = root ? json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS) : NULL;
	json_decref(root);
	out = s ? arena_strdup(a, s) : NULL;
	free(s);
	return out;
}

/* ---- the strict reader -------------------------------------------------- */

struct rd {
	char *err;
	int errlen;
};

static int
fail(struct rd *r, const char *where, const char *what)
{
	snprintf(r->err, (size_t)r->errlen, "%s: %s", where, what);
	return -1;
}

/* Only the keys in allowed[] (NULL-terminated). */
static int
only_keys(struct rd *r, json_t *o, const char *where, const char *const *allowed)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return fail(r, where, "must be an object");
	json_object_foreach(o, k, v) {
		int ok = 0;
		for (int i = 0; allowed[i] && !ok; i++)
			ok = strcmp(k, allowed[i]) == 0;
		if (!ok) {
			snprintf(r->err, (size_t)r->errlen, "%s: unknown key \"%.60s\"", where, k);
			return -1;
		}
	}
	return 0;
}

/* A required string of 1..max bytes (0 min when empty_ok). */
static int
get_str(struct rd *r, struct arena *a, json_t *o, const char *key, size_t max, int empty_ok,
    const char **out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return fail(r, key, "must be a string");
	if ((!empty_ok && json_string_length(v) == 0) || json_string_length(v) > max)
		return fail(r, key, "has a wrong length");
	if (strlen(json_string_value(v)) != json_string_length(v))
		return fail(r, key, "contains a NUL character");
	*out = arena_strdup(a, json_string_value(v));
	return *out ? 0 : fail(r, key, "out of memory");
}

static int
get_int(struct rd *r, json_t *o, const char *key, json_int_t lo, json_int_t hi, json_int_t *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return fail(r, key, "must be a whole number in range");
	*out = json_integer_value(v);
	return 0;
}

static int
uid_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 100)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    *s == '.' || *s == '-' || *s == '_' || *s == ':'))
			return 0;
	return 1;
}

static int
data_ok(struct rd *r, json_t *d, const char *where)
{
	const char *k;
	json_t *v, *e;
	size_t i;

	if (!json_is_object(d) || json_object_size(d) > 40)
		return fail(r, where, "data must be an object of at most 40 keys");
	json_object_foreach(d, k, v) {
		if (strlen(k) == 0 || strlen(k) > 40)
			return fail(r, where, "data has a bad key");
		if (json_is_string(v)) {
			if (json_string_length(v) > MAX_TEXT || strlen(json_string_value(v)) != json_string_length(v))
				return fail(r, where, "data text too long or with NUL");
		} else if (json_is_integer(v)) {
			if (json_integer_value(v) < -1000000 || json_integer_value(v) > 1000000)
				return fail(r, where, "data number out of range");
		} else if (json_is_array(v)) {
			if (json_array_size(v) > MAX_ARRAY)
				return fail(r, where, "data list too long");
			json_array_foreach(v, i, e)
				if (!json_is_string(e) || json_string_length(e) > 200 ||
				    strlen(json_string_value(e)) != json_string_length(e))
					return fail(r, where, "data list must hold short texts");
		} else
			return fail(r, where, "data values must be texts, numbers or lists of texts");
	}
	return 0;
}

static int
by_uid(const void *x, const void *y)
{
	return strcmp(((const struct as_item *)x)->uid, ((const struct as_item *)y)->uid);
}

static int
read_items(struct rd *r, struct arena *a, json_t *arr, struct share_bundle *b)
{
	static const char *const keys[] = { "uid", "kind", "section", "local", "data", NULL };
	struct as_item *sorted;
	json_t *e;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) > MAX_ITEMS)
		return fail(r, "items", "must be a list of at most 2000 items");
	b->nitems = (int)json_array_size(arr);
	b->items = arena_alloc(a, sizeof(*b->items) * (size_t)(b->nitems + 1));
	sorted = arena_alloc(a, sizeof(*sorted) * (size_t)(b->nitems + 1));
	if (b->items == NULL || sorted == NULL)
		return fail(r, "items", "out of memory");
	json_array_foreach(arr, i, e) {
		struct as_item *it = &b->items[i];
		char where[48];
		json_t *loc, *d;
		int known = 0;
		char *s;

		snprintf(where, sizeof(where), "items[%zu]", i);
		if (only_keys(r, e, where, keys) ||
		    get_str(r, a, e, "uid", 100, 0, &it->uid) ||
		    get_str(r, a, e, "kind", 20, 0, &it->kind) ||
		    get_str(r, a, e, "section", 100, 1, &it->section))
			return -1;
		if (!uid_ok(it->uid))
			return fail(r, where, "uid may hold only letters, digits and . - _ :");
		for (int k = 0; item_kinds[k] && !known; k++)
			known = strcmp(it->kind, item_kinds[k]) == 0;
		if (!known)
			return fail(r, where, "unknown item kind");
		loc = json_object_get(e, "local");
		if (!json_is_boolean(loc))
			return fail(r, where, "local must be true or false");
		it->local = json_is_true(loc);
		d = json_object_get(e, "data");
		if (data_ok(r, d, where))
			return -1;
		as_risk_numbers(d, &it->l, &it->c, &it->rl, &it->rc);
		if (it->l < 0 || it->l > 5 || it->c < 0 || it->c > 5 || it->rl < 0 || it->rl > 5 ||
		    it->rc < 0 || it->rc > 5)
			return fail(r, where, "risk numbers must be 0 to 5");
		s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
		it->data = s ? arena_strdup(a, s) : NULL;
		free(s);
		if (it->data == NULL)
			return fail(r, where, "out of memory");
		it->position = (int)i + 1;
		sorted[i] = *it;
	}
	qsort(sorted, (size_t)b->nitems, sizeof(*sorted), by_uid);
	for (int k = 1; k < b->nitems; k++)
		if (strcmp(sorted[k - 1].uid, sorted[k].uid) == 0)
			return fail(r, "items", "two items have the same uid");
	return 0;
}

static int
read_tools(struct rd *r, struct arena *a, json_t *arr, struct share_bundle *b)
{
	static const char *const keys[] = { "urn", "name", NULL };
	json_t *e;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) > MAX_TOOLS)
		return fail(r, "tools", "must be a list of at most 100 tools");
	b->ntools = (int)json_array_size(arr);
	if ((b->tool_urns = arena_alloc(a, sizeof(*b->tool_urns) * (size_t)(b->ntools + 1))) == NULL)
		return fail(r, "tools", "out of memory");
	json_array_foreach(arr, i, e) {
		const char *name;
		if (only_keys(r, e, "tools[]", keys) ||
		    get_str(r, a, e, "urn", 200, 0, &b->tool_urns[i]) ||
		    get_str(r, a, e, "name", 200, 0, &name))
			return -1;
		if (strncmp(b->tool_urns[i], "urn:", 4) != 0)
			return fail(r, "tools[]", "urn must start with urn:");
	}
	return 0;
}

int
share_bundle_parse(struct arena *a, const char *json, size_t len, struct share_bundle *b,
    char *err, int errlen)
{
	static const char *const keys[] = { "format", "format_version", "kind", "title", "template",
		"publisher", "version", "published_at", "scope_text", "tools", "items", NULL };
	static const char *const tkeys[] = { "urn", "version", NULL };
	struct rd r = { err, errlen };
	json_error_t je;
	json_t *root;
	json_int_t fv, tv, v, at;
	const char *fmt;
	int rc = -1;

	memset(b, 0, sizeof(*b));
	if (len > (8u << 20))
		return fail(&r, "bundle", "larger than 8 MiB");
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, (size_t)errlen, "bundle: not valid JSON (line %d: %.80s)", je.line, je.text);
		return -1;
	}
	if (only_keys(&r, root, "bundle", keys) ||
	    get_str(&r, a, root, "format", 40, 0, &fmt))
		goto out;
	if (strcmp(fmt, "skolesec-bundle") != 0) {
		fail(&r, "format", "is not skolesec-bundle");
		goto out;
	}
	if (get_int(&r, root, "format_version", 1, 1, &fv) ||
	    get_str(&r, a, root, "kind", 10, 0, &b->kind) ||
	    get_str(&r, a, root, "title", 200, 0, &b->title) ||
	    get_str(&r, a, root, "publisher", 200, 0, &b->publisher) ||
	    get_int(&r, root, "version", 1, 1000000, &v) ||
	    get_int(&r, root, "published_at", 0, (json_int_t)1 << 40, &at) ||
	    only_keys(&r, json_object_get(root, "template"), "template", tkeys) ||
	    get_str(&r, a, json_object_get(root, "template"), "urn", 200, 0, &b->template_urn) ||
	    get_int(&r, json_object_get(root, "template"), "version", 1, 1000000, &tv))
		goto out;
	if (strcmp(b->kind, "ros") != 0 && strcmp(b->kind, "dpia") != 0 && strcmp(b->kind, "dba") != 0) {
		fail(&r, "kind", "must be ros, dpia or dba");
		goto out;
	}
	if (strncmp(b->template_urn, "urn:", 4) != 0) {
		fail(&r, "template.urn", "must start with urn:");
		goto out;
	}
	b->scope_text = "";
	if (json_object_get(root, "scope_text") &&
	    get_str(&r, a, root, "scope_text", MAX_TEXT, 1, &b->scope_text))
		goto out;
	if (read_tools(&r, a, json_object_get(root, "tools"), b) ||
	    read_items(&r, a, json_object_get(root, "items"), b))
		goto out;
	b->template_version = (int)tv;
	b->version = (int)v;
	b->published_at = (int64_t)at;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int64_t
share_bundle_import(struct db *db, struct arena *a, int64_t user_id, int64_t org_id,
    const struct share_bundle *b, const char **err)
{
	const struct tmpl *t = template_find(b->template_urn, b->template_version);
	struct assessment h;
	int64_t *tools = arena_alloc(a, sizeof(*tools) * (size_t)(b->ntools + 1));
	struct as_item *items = arena_alloc(a, sizeof(*items) * (size_t)(b->nitems + 1));
	int ntools = 0, own, rc = -1;
	int64_t id = -1, now = (int64_t)time(NULL);

	*err = NULL;
	if (t == NULL || strcmp(t->kind, b->kind) != 0) {
		*err = N_("This installation does not have the template the bundle was made with.");
		return -1;
	}
	if (tools == NULL || items == NULL || as_tx_begin(db, &own))
		return -1;
	for (int i = 0; i < b->ntools; i++) {
		int r;
		struct db_stmt *st = db_query(db, "SELECT id FROM tools WHERE urn = ? AND status = 'accepted'",
		    &r, "s", b->tool_urns[i]);
		if (r == 1)
			tools[ntools++] = db_col_int(st, 0);
		if (st)
			db_reset(st);
		if (r < 0)
			goto out;
	}
	for (int i = 0; i < b->nitems; i++) {
		items[i] = b->items[i];
		if (items[i].local || strcmp(items[i].kind, "dpo_advice") == 0 ||
		    strcmp(items[i].kind, "acceptance") == 0) {
			items[i].local = 1;
			items[i].l = items[i].c = items[i].rl = items[i].rc = 0;
			if ((items[i].data = share_blank_data(a, items[i].data)) == NULL)
				goto out;
		}
	}
	memset(&h, 0, sizeof(h));
	h.kind = b->kind;
	h.title = b->title;
	h.template_urn = b->template_urn;
	h.template_version = b->template_version;
	h.scope = b->scope_text;
	if ((id = share_create_draft(db, user_id, org_id, &h, tools, ntools, items, b->nitems, now)) < 0)
		goto out;
	rc = audit_json(db, org_id, user_id, "share.import", "assessment", id,
	    json_pack("{s:s, s:i, s:i}", "template", b->template_urn, "version", b->version,
	    "items", b->nitems), now) ? -1 : 0;
out:
	return as_tx_end(db, own, rc) ? -1 : id;
}
