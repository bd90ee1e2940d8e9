/*
 * api/catalogue.c - the public JSON read API of the national catalogue:
 *   GET /api/v1/catalogue?q=&category=&universe=&login=&platform=&limit=&offset=
 *   GET /api/v1/catalogue/tools/:id
 *
 * Public (no login): the catalogue of accepted tools is public information.
 * Proposed, rejected and merged entries and who proposed them are never
 * served, whoever asks - even a logged-in national editor gets the public
 * view, so the API has one answer for everyone. Query fields are declared
 * and checked as for the pages; a bad one is a 400 with
 * {"error": "...", "field": "..."}; an unknown tool a 404 with {"error"}.
 * Error texts are the English msgids: the API speaks to programs.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../pages/catalogue.h"
#include "../app.h"
#include "../db/db.h"
#include "../domain/catalogue.h"
#include "../http/form.h"
#include "../http/request.h"
#include "../core/log.h"
#include "../core/buf.h"

#define API_MAX_LIMIT 100

/* Sends j (consumed) with the given status. */
static void
send_json(struct req *r, int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	buf_reset(&r->out);
	r->ctype = "application/json";
	if (s == NULL) {
		r->status = 500;
		buf_puts(&r->out, "{\"error\":\"The answer could not be produced.\"}");
		return;
	}
	r->status = status;
	buf_puts(&r->out, s);
	free(s);
}

static void
send_error(struct req *r, int status, const char *msg, const char *field)
{
	json_t *j = json_pack("{s:s}", "error", msg);

	if (j && field)
		json_object_set_new(j, "field", json_string(field));
	send_json(r, status, j);
}

static json_t *
jstr(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* "a,b" (or lines, sep '\n') as a JSON array of strings. */
static json_t *
jlist(const char *s, char sep)
{
	json_t *a = json_array();

	while (a && s && *s) {
		const char *e = strchr(s, sep);
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n)
			json_array_append_new(a, json_stringn(s, n));
		s += n;
		if (*s)
			s++;
	}
	return a;
}

static json_t *
tool_json(const struct tool *t, const struct vendor *v)
{
	json_t *o = json_pack("{s:I, s:o, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:I}",
	    "id", (json_int_t)t->id, "urn", jstr(t->urn), "name", t->name,
	    "category", t->category, "description", jstr(t->description),
	    "website", jstr(t->website), "universe", t->universe,
	    "hosting_countries", jlist(t->hosting_countries, ','),
	    "subprocessors", jlist(t->subprocessors, '\n'),
	    "source_url", jstr(t->source_url), "updated_at", (json_int_t)t->updated_at);

	for (int s = 0; o && s < CS__COUNT; s++)
		json_object_set_new(o, catalogue_set_name((enum cat_set)s), jlist(t->sets[s], ','));
	if (o == NULL)
		return NULL;
	if (v)	/* no contact: it may name a person */
		json_object_set_new(o, "vendor", json_pack("{s:I, s:o, s:s, s:o, s:o, s:o}",
		    "id", (json_int_t)v->id, "urn", jstr(v->urn), "name", v->name,
		    "orgnr", jstr(v->orgnr), "country", jstr(v->country), "website", jstr(v->website)));
	else if (t->vendor_id && t->vendor_name)
		json_object_set_new(o, "vendor", json_pack("{s:I, s:s}", "id", (json_int_t)t->vendor_id,
		    "name", t->vendor_name));
	else
		json_object_set_new(o, "vendor", json_null());
	return o;
}

void
api_catalogue(struct req *r)
{
	int nl, np;
	const struct cat_key *lk = catalogue_set_keys(CS_LOGINS, &nl), *pk = catalogue_set_keys(CS_PLATFORMS, &np);
	const char **logins = arena_alloc(&r->arena, sizeof(char *) * (size_t)(nl + 1));
	const char **platforms = arena_alloc(&r->arena, sizeof(char *) * (size_t)(np + 1));
	struct field f[] = {
		{ "q", F_TEXT, 0, 200, 0, 0, NULL },
		{ "category", F_ENUM, 0, 40, 0, 0, catalogue_categories },
		{ "universe", F_ENUM, 0, 40, 0, 0, catalogue_universes },
		{ "login", F_ENUM, 0, 40, 0, 0, NULL },
		{ "platform", F_ENUM, 0, 40, 0, 0, NULL },
		{ "limit", F_INT, 0, 10, 1, API_MAX_LIMIT, NULL },
		{ "offset", F_INT, 0, 10, 0, 1000000, NULL },
	};
	const int nf = (int)(sizeof(f) / sizeof(f[0]));
	struct fval v[sizeof(f) / sizeof(f[0])];
	struct cat_viewer pub = { NULL, 0, 0 };
	struct cat_query q;
	struct tool *t;
	int64_t total;
	int n;
	json_t *list, *root;

	if (logins == NULL || platforms == NULL) {
		send_error(r, 500, "The answer could not be produced.", NULL);
		return;
	}
	for (int i = 0; i < nl; i++)
		logins[i] = lk[i].key;
	for (int i = 0; i < np; i++)
		platforms[i] = pk[i].key;
	f[3].choices = logins;
	f[4].choices = platforms;
	if (form_read(r, f, nf, v)) {
		for (int i = 0; i < nf; i++)
			if (v[i].err) {
				send_error(r, 400, v[i].err, f[i].name);
				return;
			}
	}
	memset(&q, 0, sizeof(q));
	q.q = v[0].s;
	q.category = v[1].s;
	q.universe = v[2].s;
	q.login = v[3].s;
	q.platform = v[4].s;
	q.limit = v[5].s ? v[5].i : 50;
	q.offset = v[6].s ? v[6].i : 0;
	q.public_only = 1;
	if ((n = catalogue_search(r->db, &r->arena, &pub, &q, &t, &total)) < 0) {
		log_err("api catalogue: %s", db_errmsg(r->db));
		send_error(r, 500, "Something went wrong. Try again.", NULL);
		return;
	}
	list = json_array();
	for (int i = 0; list && i < n; i++)
		json_array_append_new(list, tool_json(&t[i], NULL));
	root = json_pack("{s:I, s:I, s:I, s:o}", "total", (json_int_t)total,
	    "limit", (json_int_t)q.limit, "offset", (json_int_t)q.offset, "tools", list);
	send_json(r, 200, root);
}

void
api_catalogue_tool(struct req *r)
{
	struct tool t;
	struct vendor vd;
	int64_t id = param_id(r, "id");
	int rc = id ? catalogue_get(r->db, &r->arena, id, &t) : 0, vrc = 0;

	if (id == 0) {
		send_error(r, 400, "The tool id must be a positive whole number.", "id");
		return;
	}
	if (rc < 0) {
		log_err("api tool: %s", db_errmsg(r->db));
		send_error(r, 500, "Something went wrong. Try again.", NULL);
		return;
	}
	if (rc == 0 || strcmp(t.status, "accepted") != 0) {
		send_error(r, 404, "There is no such tool in the catalogue.", NULL);
		return;
	}
	if (t.vendor_id && (vrc = vendor_get(r->db, &r->arena, t.vendor_id, &vd)) < 0) {
		send_error(r, 500, "Something went wrong. Try again.", NULL);
		return;
	}
	send_json(r, 200, tool_json(&t, vrc == 1 ? &vd : NULL));
}
