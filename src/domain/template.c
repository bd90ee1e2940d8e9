/*
 * template.c - loads assessment templates from data/templates/; see
 * template.h for the file format.
 *
 * Strict on purpose: an assessment names the template (URN + version) it was
 * made from, and its items keep the template's uids for ever, so a typo in a
 * key, a missing translation or a duplicate uid must stop the start-up with a
 * message naming the file and the place, not silently change what a
 * municipality fills in. Templates are loaded once and read-only afterwards
 * (no locking needed by request threads).
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "../core/arena.h"
#include "../core/jsondir.h"

#define MAX_TEMPLATES 32
#define MAX_TEXT 8000
#define MAX_OPTIONS 32

struct loaded {
	struct arena arena;
	struct tmpl t;
};

static struct loaded *loaded[MAX_TEMPLATES];
static int nloaded;

struct tp {
	struct arena *a;
	const char *file;
	char *err;
	size_t errlen;
	const char **uids;
	int nuids, capuids;
};

static int
fail(struct tp *p, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
fail(struct tp *p, const char *where, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s: %s: %s", p->file, where, msg);
	return -1;
}

static char *
at(struct tp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *
at(struct tp *p, const char *fmt, ...)
{
	char tmp[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return arena_strdup(p->a, tmp);
}

static int
keys_only(struct tp *p, json_t *o, const char *where, const char *const *keys)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return fail(p, where, "must be an object");
	json_object_foreach(o, k, v) {
		int ok = 0;
		for (int i = 0; keys[i] && !ok; i++)
			ok = strcmp(k, keys[i]) == 0;
		if (!ok)
			return fail(p, where, "unknown key \"%s\"", k);
	}
	return 0;
}

static int
str(struct tp *p, json_t *v, const char *where, const char **out)
{
	const char *s;

	if (!json_is_string(v))
		return fail(p, where, "must be a string");
	s = json_string_value(v);
	if (*s == '\0' || strlen(s) != json_string_length(v) || strlen(s) > MAX_TEXT)
		return fail(p, where, "must be non-empty text of at most %d bytes", MAX_TEXT);
	*out = arena_strdup(p->a, s);
	return *out ? 0 : fail(p, where, "out of memory");
}

/* {"nb","nn","en"}: all three, so no reader meets a missing text. */
static int
tr_get(struct tp *p, json_t *o, const char *key, const char *where, int required, struct tr *out)
{
	static const char *const keys[] = { "nb", "nn", "en", NULL };
	json_t *t = json_object_get(o, key);
	char *here = at(p, "%s.%s", where, key);

	memset(out, 0, sizeof(*out));
	if (t == NULL)
		return required ? fail(p, here, "is missing") : 0;
	if (keys_only(p, t, here, keys))
		return -1;
	if (json_object_get(t, "nb") == NULL || json_object_get(t, "nn") == NULL ||
	    json_object_get(t, "en") == NULL)
		return fail(p, here, "needs all of \"nb\", \"nn\" and \"en\"");
	if (str(p, json_object_get(t, "nb"), at(p, "%s.nb", here), &out->nb) ||
	    str(p, json_object_get(t, "nn"), at(p, "%s.nn", here), &out->nn) ||
	    str(p, json_object_get(t, "en"), at(p, "%s.en", here), &out->en))
		return -1;
	return 0;
}

/* Item uids: letters, digits and - . _ (they end up in URLs and ids). */
static int
uid_get(struct tp *p, json_t *o, const char *where, const char **out)
{
	char *here = at(p, "%s.uid", where);

	if (json_object_get(o, "uid") == NULL)
		return fail(p, here, "is missing");
	if (str(p, json_object_get(o, "uid"), here, out))
		return -1;
	if (strlen(*out) > 100)
		return fail(p, here, "is longer than 100 characters");
	for (const char *c = *out; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '.' || *c == '_'))
			return fail(p, here, "\"%s\" may hold only letters, digits, - . _", *out);
	for (int i = 0; i < p->nuids; i++)
		if (strcmp(p->uids[i], *out) == 0)
			return fail(p, here, "duplicate uid \"%s\"", *out);
	if ((p->uids = arena_grow(p->a, p->uids, p->nuids, &p->capuids, sizeof(*p->uids))) == NULL)
		return fail(p, here, "out of memory");
	p->uids[p->nuids++] = *out;
	return 0;
}

static int
parse_item(struct tp *p, json_t *o, const char *where, struct titem *it)
{
	static const char *const keys[] = { "uid", "kind", "type", "options", "local", "label",
	    "help", NULL };
	static const char *const kinds[] = { "field", "check", "conclusion", "dpo_advice",
	    "acceptance", NULL };
	static const char *const types[] = { "text", "multiline", "date", "enum", "bool", NULL };
	json_t *k = json_object_get(o, "kind"), *ty, *opts, *loc;
	int found = 0;

	if (keys_only(p, o, where, keys) || uid_get(p, o, where, &it->uid))
		return -1;
	if (k == NULL)
		return fail(p, at(p, "%s.kind", where), "is missing");
	if (str(p, k, at(p, "%s.kind", where), &it->kind))
		return -1;
	for (int i = 0; kinds[i] && !found; i++)
		found = strcmp(it->kind, kinds[i]) == 0;
	if (!found)
		return fail(p, at(p, "%s.kind", where), "\"%s\" is not one of field, check,"
		    " conclusion, dpo_advice, acceptance", it->kind);
	it->type = TF_TEXT;
	if ((ty = json_object_get(o, "type")) != NULL) {
		const char *t;
		int i;
		if (str(p, ty, at(p, "%s.type", where), &t))
			return -1;
		for (i = 0; types[i] && strcmp(types[i], t) != 0; i++)
			;
		if (types[i] == NULL)
			return fail(p, at(p, "%s.type", where), "\"%s\" is not one of text, multiline,"
			    " date, enum, bool", t);
		it->type = (enum tfield)i;
	}
	opts = json_object_get(o, "options");
	if ((it->type == TF_ENUM) != (opts != NULL))
		return fail(p, at(p, "%s.options", where), "are required for type enum and only there");
	if (opts) {
		const char **v;
		size_t i;
		json_t *e;
		if (!json_is_array(opts) || json_array_size(opts) == 0 ||
		    json_array_size(opts) > MAX_OPTIONS)
			return fail(p, at(p, "%s.options", where), "must be an array of 1-%d strings",
			    MAX_OPTIONS);
		if ((v = arena_alloc(p->a, sizeof(*v) * (json_array_size(opts) + 1))) == NULL)
			return fail(p, where, "out of memory");
		json_array_foreach(opts, i, e)
			if (str(p, e, at(p, "%s.options[%zu]", where, i), &v[i]))
				return -1;
		it->options = v;
	}
	if ((loc = json_object_get(o, "local")) != NULL) {
		if (!json_is_boolean(loc))
			return fail(p, at(p, "%s.local", where), "must be true or false");
		it->local = json_is_true(loc);
	}
	return tr_get(p, o, "label", where, 1, &it->label) ||
	    tr_get(p, o, "help", where, 0, &it->help);
}

static int
parse_section(struct tp *p, json_t *o, const char *where, struct tsection *s)
{
	static const char *const keys[] = { "key", "title", "help", "items", NULL };
	json_t *items, *e;
	size_t i;

	if (keys_only(p, o, where, keys))
		return -1;
	if (json_object_get(o, "key") == NULL)
		return fail(p, at(p, "%s.key", where), "is missing");
	if (str(p, json_object_get(o, "key"), at(p, "%s.key", where), &s->key) ||
	    tr_get(p, o, "title", where, 1, &s->title) || tr_get(p, o, "help", where, 0, &s->help))
		return -1;
	items = json_object_get(o, "items");
	if (items == NULL)
		return 0;	/* a section for user-added items only (risks, measures) */
	if (!json_is_array(items))
		return fail(p, at(p, "%s.items", where), "must be an array");
	s->nitems = (int)json_array_size(items);
	if ((s->items = arena_alloc(p->a, sizeof(*s->items) * (size_t)(s->nitems + 1))) == NULL)
		return fail(p, where, "out of memory");
	json_array_foreach(items, i, e)
		if (parse_item(p, e, at(p, "%s.items[%zu]", where, i), &s->items[i]))
			return -1;
	return 0;
}

static int
parse_event(struct tp *p, json_t *o, const char *where, struct tevent *ev)
{
	static const char *const keys[] = { "uid", "title", "description", "property", "causes",
	    "controls", "pupil_consequence", NULL };
	json_t *prop = json_object_get(o, "property"), *e;
	size_t i;

	if (keys_only(p, o, where, keys) || uid_get(p, o, where, &ev->uid) ||
	    tr_get(p, o, "title", where, 1, &ev->title) ||
	    tr_get(p, o, "description", where, 1, &ev->description) ||
	    tr_get(p, o, "causes", where, 1, &ev->causes) ||
	    tr_get(p, o, "controls", where, 1, &ev->controls) ||
	    tr_get(p, o, "pupil_consequence", where, 1, &ev->pupil_consequence))
		return -1;
	if (!json_is_array(prop) || json_array_size(prop) == 0)
		return fail(p, at(p, "%s.property", where), "must be a non-empty array of \"c\", \"i\", \"a\"");
	json_array_foreach(prop, i, e) {
		const char *s = json_string_value(e);
		unsigned bit = !s ? 0 : strcmp(s, "c") == 0 ? 1 : strcmp(s, "i") == 0 ? 2 :
		    strcmp(s, "a") == 0 ? 4 : 0;
		if (bit == 0 || (ev->property & bit))
			return fail(p, at(p, "%s.property[%zu]", where, i), "must be one of \"c\", \"i\","
			    " \"a\", each once");
		ev->property |= bit;
	}
	return 0;
}

static int
parse_root(struct tp *p, json_t *root, struct tmpl *t)
{
	static const char *const keys[] = { "urn", "version", "kind", "title", "sections",
	    "catalogue", NULL };
	json_t *ver = json_object_get(root, "version"), *secs, *cat, *e;
	size_t i;

	if (keys_only(p, root, "(root)", keys))
		return -1;
	if (json_object_get(root, "urn") == NULL || json_object_get(root, "kind") == NULL)
		return fail(p, "(root)", "\"urn\" and \"kind\" are required");
	if (str(p, json_object_get(root, "urn"), "urn", &t->urn) ||
	    str(p, json_object_get(root, "kind"), "kind", &t->kind))
		return -1;
	if (strncmp(t->urn, "urn:", 4) != 0 || strchr(t->urn, ' '))
		return fail(p, "urn", "\"%s\" is not a URN", t->urn);
	if (strcmp(t->kind, "ros") && strcmp(t->kind, "dpia") && strcmp(t->kind, "dba"))
		return fail(p, "kind", "\"%s\" is not one of ros, dpia, dba", t->kind);
	if (!json_is_integer(ver) || json_integer_value(ver) < 1 || json_integer_value(ver) > 100000)
		return fail(p, "version", "must be a whole number from 1");
	t->version = (int)json_integer_value(ver);
	if (tr_get(p, root, "title", "(root)", 1, &t->title))
		return -1;
	secs = json_object_get(root, "sections");
	if (!json_is_array(secs) || json_array_size(secs) == 0)
		return fail(p, "sections", "must be a non-empty array");
	t->nsections = (int)json_array_size(secs);
	if ((t->sections = arena_alloc(p->a, sizeof(*t->sections) * (size_t)t->nsections)) == NULL)
		return fail(p, "sections", "out of memory");
	json_array_foreach(secs, i, e) {
		if (parse_section(p, e, at(p, "sections[%zu]", i), &t->sections[i]))
			return -1;
		for (size_t k = 0; k < i; k++)
			if (strcmp(t->sections[k].key, t->sections[i].key) == 0)
				return fail(p, at(p, "sections[%zu].key", i), "duplicate key \"%s\"",
				    t->sections[i].key);
	}
	if ((cat = json_object_get(root, "catalogue")) == NULL)
		return 0;
	if (!json_is_array(cat))
		return fail(p, "catalogue", "must be an array");
	t->nevents = (int)json_array_size(cat);
	if ((t->events = arena_alloc(p->a, sizeof(*t->events) * (size_t)(t->nevents + 1))) == NULL)
		return fail(p, "catalogue", "out of memory");
	json_array_foreach(cat, i, e)
		if (parse_event(p, e, at(p, "catalogue[%zu]", i), &t->events[i]))
			return -1;
	return 0;
}

/* Parses one file into a new loaded template; NULL with err on failure. */
static struct loaded *
load_file(const char *path, char *err, size_t errlen)
{
	struct loaded *l = calloc(1, sizeof(*l));
	struct tp p;
	json_error_t je;
	json_t *root;
	int rc;

	if (l == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	arena_init(&l->arena, 32u << 20);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, errlen, "%s: line %d column %d: %s", path, je.line, je.column, je.text);
		arena_free(&l->arena);
		free(l);
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.a = &l->arena;
	p.file = path;
	p.err = err;
	p.errlen = errlen;
	rc = parse_root(&p, root, &l->t);
	json_decref(root);
	if (rc) {
		arena_free(&l->arena);
		free(l);
		return NULL;
	}
	return l;
}

static void
templates_free(void)
{
	for (int i = 0; i < nloaded; i++) {
		arena_free(&loaded[i]->arena);
		free(loaded[i]);
	}
	nloaded = 0;
}

int
templates_load(const char *dir, char *err, size_t errlen)
{
	char *names[MAX_TEMPLATES], path[4200];
	int n, rc = -1;

	templates_free();
	n = jsondir_list(dir, names, MAX_TEMPLATES, "the assessment templates live there",
	    "templates", err, errlen);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		struct loaded *l;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((l = load_file(path, err, errlen)) == NULL)
			goto out;
		if (template_find(l->t.urn, l->t.version)) {
			snprintf(err, errlen, "%s: %s version %d is loaded twice", path, l->t.urn,
			    l->t.version);
			arena_free(&l->arena);
			free(l);
			goto out;
		}
		loaded[nloaded++] = l;
	}
	rc = 0;
out:
	jsondir_free(names, n);
	if (rc)
		templates_free();
	return rc;
}

const char *
tr_pick(const struct tr *t, const char *lang)
{
	const char *s = NULL;

	if (lang && strcmp(lang, "nn") == 0)
		s = t->nn;
	else if (lang && strcmp(lang, "en") == 0)
		s = t->en;
	if (s == NULL)
		s = t->nb;
	return s ? s : "";
}

const struct tmpl *
template_current(const char *kind)
{
	const struct tmpl *best = NULL;

	for (int i = 0; kind && i < nloaded; i++)
		if (strcmp(loaded[i]->t.kind, kind) == 0 && (!best || loaded[i]->t.version > best->version))
			best = &loaded[i]->t;
	return best;
}

const struct tmpl *
template_find(const char *urn, int version)
{
	for (int i = 0; urn && i < nloaded; i++)
		if (strcmp(loaded[i]->t.urn, urn) == 0 && loaded[i]->t.version == version)
			return &loaded[i]->t;
	return NULL;
}

const struct titem *
template_item(const struct tmpl *t, const char *uid, const struct tsection **section)
{
	for (int s = 0; t && uid && s < t->nsections; s++)
		for (int i = 0; i < t->sections[s].nitems; i++)
			if (strcmp(t->sections[s].items[i].uid, uid) == 0) {
				if (section)
					*section = &t->sections[s];
				return &t->sections[s].items[i];
			}
	return NULL;
}

const struct tevent *
template_event(const struct tmpl *t, const char *uid)
{
	for (int i = 0; t && uid && i < t->nevents; i++)
		if (strcmp(t->events[i].uid, uid) == 0)
			return &t->events[i];
	return NULL;
}
