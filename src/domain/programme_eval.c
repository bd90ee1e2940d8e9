/*
 * programme_eval.c - evaluation question sets (strict loader) and the
 * per-participant answers with their summary; see programme_eval.h.
 *
 * The loader is strict for the same reason as the maturity set's: every
 * participant answers exactly what the file says, and a silently dropped
 * question or a misspelt key would make results incomparable.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "programme_eval.h"
#include "../core/arena.h"
#include "../core/buf.h"
#include "../core/jsondir.h"
#include "../db/db.h"

#define MAX_SETS 8
#define MAX_TEXT 2000

const char *
eval_tx(const struct eval_text *t, const char *lang)
{
	if (lang && strcmp(lang, "nn") == 0)
		return t->nn;
	if (lang && strcmp(lang, "en") == 0)
		return t->en;
	return t->nb;
}

static int
fail(char *err, int errlen, const char *name, const char *path, const char *msg, const char *arg)
{
	snprintf(err, (size_t)errlen, "%s: %s: %s%s%s%s", name, path, msg, arg ? " \"" : "",
	    arg ? arg : "", arg ? "\"" : "");
	return -1;
}

/* Only the listed keys may appear. Returns the first other key, or NULL. */
static const char *
unknown_key(json_t *o, const char *const *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		int ok = 0;
		for (int i = 0; keys[i]; i++)
			ok |= strcmp(k, keys[i]) == 0;
		if (!ok)
			return k;
	}
	return NULL;
}

static const char *
str(struct arena *a, json_t *v)
{
	const char *s = json_string_value(v);

	if (s == NULL || *s == '\0' || strlen(s) > MAX_TEXT || strlen(s) != json_string_length(v))
		return NULL;
	return arena_strdup(a, s);
}

static int
get_text(json_t *o, const char *name, const char *path, struct arena *a, struct eval_text *out,
    char *err, int errlen)
{
	static const char *const keys[] = { "nb", "nn", "en", NULL };
	const char *bad;

	if (!json_is_object(o))
		return fail(err, errlen, name, path, "must be an object with nb, nn and en", NULL);
	if ((bad = unknown_key(o, keys)) != NULL)
		return fail(err, errlen, name, path, "unknown key", bad);
	out->nb = str(a, json_object_get(o, "nb"));
	out->nn = str(a, json_object_get(o, "nn"));
	out->en = str(a, json_object_get(o, "en"));
	if (!out->nb || !out->nn || !out->en)
		return fail(err, errlen, name, path, "needs non-empty texts \"nb\", \"nn\" and \"en\"", NULL);
	return 0;
}

int
eval_parse(const char *text, size_t len, const char *name, struct arena *a, struct eval_set *out,
    char *err, int errlen)
{
	static const char *const keys[] = { "urn", "version", "title", "questions", NULL };
	static const char *const qkeys[] = { "urn", "type", "text", NULL };
	json_error_t je;
	json_t *root, *qs, *q;
	const char *bad;
	size_t i;
	int rc = -1;
	char path[64];

	memset(out, 0, sizeof(*out));
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je)) == NULL) {
		snprintf(err, (size_t)errlen, "%s: line %d column %d: %s", name, je.line, je.column,
		    je.text);
		return -1;
	}
	if (!json_is_object(root)) {
		fail(err, errlen, name, "(root)", "must be an object", NULL);
		goto out;
	}
	if ((bad = unknown_key(root, keys)) != NULL) {
		fail(err, errlen, name, "(root)", "unknown key", bad);
		goto out;
	}
	out->urn = str(a, json_object_get(root, "urn"));
	out->version = str(a, json_object_get(root, "version"));
	if (!out->urn || strncmp(out->urn, "urn:", 4) != 0) {
		fail(err, errlen, name, "urn", "must be a URN (urn:...)", NULL);
		goto out;
	}
	if (!out->version) {
		fail(err, errlen, name, "version", "must be a non-empty string", NULL);
		goto out;
	}
	if (get_text(json_object_get(root, "title"), name, "title", a, &out->title, err, errlen))
		goto out;
	qs = json_object_get(root, "questions");
	if (!json_is_array(qs) || json_array_size(qs) == 0 || json_array_size(qs) > EVAL_MAX_Q) {
		fail(err, errlen, name, "questions", "must be an array of 1-40 questions", NULL);
		goto out;
	}
	json_array_foreach(qs, i, q) {
		struct eval_question *x = &out->q[out->nq];
		const char *type;
		snprintf(path, sizeof(path), "questions[%zu]", i);
		if (!json_is_object(q)) {
			fail(err, errlen, name, path, "must be an object", NULL);
			goto out;
		}
		if ((bad = unknown_key(q, qkeys)) != NULL) {
			fail(err, errlen, name, path, "unknown key", bad);
			goto out;
		}
		x->urn = str(a, json_object_get(q, "urn"));
		if (!x->urn || strncmp(x->urn, "urn:", 4) != 0) {
			fail(err, errlen, name, path, "urn must be a URN (urn:...)", NULL);
			goto out;
		}
		for (int k = 0; k < out->nq; k++)
			if (strcmp(out->q[k].urn, x->urn) == 0) {
				fail(err, errlen, name, path, "duplicate URN", x->urn);
				goto out;
			}
		type = json_string_value(json_object_get(q, "type"));
		if (!type || (strcmp(type, "scale") != 0 && strcmp(type, "text") != 0)) {
			fail(err, errlen, name, path, "type must be \"scale\" or \"text\"", NULL);
			goto out;
		}
		x->scale = strcmp(type, "scale") == 0;
		snprintf(path, sizeof(path), "questions[%zu].text", i);
		if (get_text(json_object_get(q, "text"), name, path, a, &x->text, err, errlen))
			goto out;
		out->nq++;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* Loaded once before the server starts; read-only afterwards. */
static struct arena set_arena;
static struct eval_set sets[MAX_SETS];
static int nsets;

int
evaluation_init(const char *data_dir, char *err, int errlen)
{
	char dir[4096], path[4352], *names[MAX_SETS];
	int n, rc = -1;

	arena_free(&set_arena);
	arena_init(&set_arena, 8u << 20);
	nsets = 0;
	snprintf(dir, sizeof(dir), "%s/evaluation", data_dir);
	n = jsondir_list(dir, names, MAX_SETS, "the programme evaluation questions live there",
	    "evaluation sets", err, (size_t)errlen);
	if (n < 0)
		return -1;
	if (n == 0) {
		snprintf(err, (size_t)errlen, "%s: no evaluation set (*.json)", dir);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		struct buf b;
		int prc;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		buf_init(&b, 1u << 20, NULL);
		if (buf_load_file(&b, path)) {
			snprintf(err, (size_t)errlen, "%s: %s", path, strerror(errno));
			buf_free(&b);
			goto out;
		}
		prc = eval_parse(b.p ? b.p : "", b.len, path, &set_arena, &sets[nsets], err, errlen);
		buf_free(&b);
		if (prc)
			goto out;
		for (int k = 0; k < nsets; k++)
			if (!strcmp(sets[k].urn, sets[nsets].urn) && !strcmp(sets[k].version, sets[nsets].version)) {
				snprintf(err, (size_t)errlen, "%s: %s version %s is loaded twice", path,
				    sets[k].urn, sets[k].version);
				goto out;
			}
		nsets++;
	}
	rc = 0;
out:
	jsondir_free(names, n);
	if (rc)
		nsets = 0;
	return rc;
}

const struct eval_set *
evaluation_current(void)
{
	return nsets ? &sets[nsets - 1] : NULL;
}

const struct eval_set *
evaluation_find(const char *urn, const char *version)
{
	for (int i = 0; urn && version && i < nsets; i++)
		if (!strcmp(sets[i].urn, urn) && !strcmp(sets[i].version, version))
			return &sets[i];
	return NULL;
}

/* ------------------------------------------------------------- answers */

int
programme_eval_submitted(struct db *db, int64_t id, int64_t org_id, int64_t *at)
{
	struct db_stmt *st;
	int rc;

	st = db_query(db, "SELECT submitted_at FROM programme_evaluations WHERE programme_id = ?"
	    " AND org_id = ?", &rc, "ii", id, org_id);
	if (rc == 1 && at)
		*at = db_col_int(st, 0);
	if (st)
		db_reset(st);
	return rc;
}

int
programme_eval_submit(struct db *db, int64_t id, int64_t org_id, const struct eval_set *s,
    const struct eval_answer *ans, int anonymous, int64_t actor, int64_t now)
{
	int64_t eid;

	if (db_run(db, "SELECT 1 FROM programme_participants WHERE programme_id = ? AND org_id = ?",
	    "ii", id, org_id) != 1 || programme_eval_submitted(db, id, org_id, NULL) != 0)
		return 1;
	eid = db_insert(db, "INSERT INTO programme_evaluations (programme_id, org_id, set_urn,"
	    " set_version, anonymous, submitted_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id", "iissiii", id, org_id, s->urn, s->version, (int64_t)(anonymous != 0),
	    actor, now);
	if (eid < 0)
		return -1;
	for (int i = 0; i < s->nq; i++) {
		struct db_stmt *st;
		int rc;
		if (ans[i].score == 0 && (ans[i].body == NULL || *ans[i].body == '\0'))
			continue;
		st = db_prepare(db, "INSERT INTO programme_eval_answers (evaluation_id, question_urn,"
		    " score, body) VALUES (?, ?, ?, ?)");
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, eid);
		db_bind_text(st, 2, s->q[i].urn);
		if (ans[i].score)
			db_bind_int(st, 3, ans[i].score);
		else
			db_bind_null(st, 3);
		db_bind_text(st, 4, ans[i].body ? ans[i].body : "");
		rc = db_step(st);
		db_reset(st);
		if (rc < 0)
			return -1;
	}
	/* The answers themselves stay out of the log: free text may be
	 * anonymous towards the adviser team, who may read the network's log. */
	return audit_json(db, org_id, actor, "programme.evaluate", "programme", id,
	    json_pack("{s:s, s:s, s:b}", "set", s->urn, "version", s->version, "anonymous",
	    anonymous != 0), now) ? -1 : 0;
}

int
programme_eval_results(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    const struct eval_set *s, struct eval_result *out)
{
	struct db_stmt *st;
	int rc, n = 0, cap[EVAL_MAX_Q];

	memset(out, 0, sizeof(*out) * (size_t)s->nq);
	for (int i = 0; i < s->nq; i++)
		cap[i] = 0;
	st = db_query(db, "SELECT COUNT(*) FROM programme_evaluations e JOIN programmes p"
	    " ON p.id = e.programme_id WHERE e.programme_id = ? AND p.org_id = ? AND e.set_urn = ?"
	    " AND e.set_version = ?", &rc, "iiss", id, net_id, s->urn, s->version);
	if (rc == 1)
		n = (int)db_col_int(st, 0);
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	st = db_query(db, "SELECT x.question_urn, x.score, x.body, e.anonymous, o.name"
	    " FROM programme_eval_answers x JOIN programme_evaluations e ON e.id = x.evaluation_id"
	    " JOIN programmes p ON p.id = e.programme_id JOIN orgs o ON o.id = e.org_id"
	    " WHERE e.programme_id = ? AND p.org_id = ? AND e.set_urn = ? AND e.set_version = ?"
	    " ORDER BY e.submitted_at, e.id", &rc, "iiss", id, net_id, s->urn, s->version);
	while (rc == 1) {
		const char *urn = db_col_text(st, 0);
		for (int i = 0; i < s->nq; i++) {
			struct eval_result *r = &out[i];
			if (strcmp(s->q[i].urn, urn) != 0)
				continue;
			if (s->q[i].scale && !db_col_isnull(st, 1)) {
				int v = (int)db_col_int(st, 1);
				if (v >= 1 && v <= 5) {
					r->count++;
					r->sum += v;
					r->dist[v]++;
				}
			} else if (!s->q[i].scale && *db_col_text(st, 2)) {
				if ((r->texts = arena_grow(a, r->texts, r->ntexts, &cap[i],
				    sizeof(*r->texts))) == NULL)
					goto oom;
				r->texts[r->ntexts].body = arena_strdup(a, db_col_text(st, 2));
				r->texts[r->ntexts].org_name = db_col_int(st, 3) ? NULL :
				    arena_strdup(a, db_col_text(st, 4));
				r->ntexts++;
			}
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : n;
oom:
	db_reset(st);
	return -1;
}
