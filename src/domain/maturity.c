/*
 * maturity.c - the maturity self-assessment; see maturity.h.
 *
 * Three parts: the question-set loader (strict, because municipalities
 * answer exactly what the file says and a silently skipped level or a
 * duplicated URN would corrupt every later comparison), the pure scoring
 * functions (unit-tested with worked examples), and the round/answer storage
 * (org-scoped SQL, every change audited in the caller's transaction).
 */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "maturity.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "../core/buf.h"
#include "../core/jsondir.h"

#define MAX_SETS 16
#define MAX_TEXT 4000

/* ---------------------------------------------------------------- loader */

struct parse {
	struct mat_set *s;
	const char *name;
	char *err;
	int errlen;
	const char **urns;	/* every URN seen, for the uniqueness check */
	const char **upaths;
	int nurns;
};

static int
perr(struct parse *p, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
perr(struct parse *p, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, (size_t)p->errlen, "%s: %s: %s", p->name, path, msg);
	return -1;
}

static char *
pathf(struct parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *
pathf(struct parse *p, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	return arena_strdup(&p->s->arena, tmp);
}

/* Only the keys listed may appear: a misspelt key ("guidence") is an error
 * rather than a question silently without guidance. */
static int
only_keys(struct parse *p, json_t *o, const char *path, const char *const *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach(o, k, v) {
		int ok = 0;
		for (int i = 0; keys[i]; i++)
			ok |= strcmp(k, keys[i]) == 0;
		if (!ok)
			return perr(p, path, "unknown key \"%s\"", k);
	}
	return 0;
}

static int
blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

static int
one_string(struct parse *p, json_t *v, const char *path, const char **out)
{
	const char *s;

	if (!json_is_string(v))
		return perr(p, path, "must be a string");
	s = json_string_value(v);
	if (blank(s))
		return perr(p, path, "must not be empty");
	if (strlen(s) > MAX_TEXT || strlen(s) != json_string_length(v))
		return perr(p, path, "must be text of at most %d bytes without NUL", MAX_TEXT);
	if ((*out = arena_strdup(&p->s->arena, s)) == NULL)
		return perr(p, path, "out of memory");
	return 0;
}

/* {"nb": "...", "nn": "..."}: bokmål required, nynorsk optional. */
static int
get_text(struct parse *p, json_t *o, const char *key, const char *path, int required,
    struct mat_text *out)
{
	static const char *const keys[] = { "nb", "nn", NULL };
	json_t *t = json_object_get(o, key);
	char *here = pathf(p, "%s.%s", path, key);

	memset(out, 0, sizeof(*out));
	if (t == NULL)
		return required ? perr(p, here, "is missing") : 0;
	if (!json_is_object(t))
		return perr(p, here, "must be an object with \"nb\" (bokmål) and optionally \"nn\" (nynorsk)");
	if (only_keys(p, t, here, keys))
		return -1;
	if (json_object_get(t, "nb") == NULL)
		return perr(p, here, "the bokmål text \"nb\" is missing");
	if (one_string(p, json_object_get(t, "nb"), pathf(p, "%s.nb", here), &out->nb))
		return -1;
	if (json_object_get(t, "nn") &&
	    one_string(p, json_object_get(t, "nn"), pathf(p, "%s.nn", here), &out->nn))
		return -1;
	return 0;
}

/* [{"level": 0, "nb": "..."}, ... {"level": 5, ...}]: each level exactly once. */
static int
get_levels(struct parse *p, json_t *o, const char *path, int required,
    struct mat_text out[MAT_LEVELS])
{
	static const char *const keys[] = { "level", "nb", "nn", NULL };
	json_t *arr = json_object_get(o, "levels"), *e;
	char *here = pathf(p, "%s.levels", path);
	size_t i;

	memset(out, 0, sizeof(*out) * MAT_LEVELS);
	if (arr == NULL)
		return required ? perr(p, here, "is missing (levels 0-5 are required)") : 0;
	if (!json_is_array(arr))
		return perr(p, here, "must be an array of levels 0-5");
	json_array_foreach(arr, i, e) {
		char *ep = pathf(p, "%s[%zu]", here, i);
		json_t *lv = json_object_get(e, "level");
		json_int_t n;
		if (!json_is_object(e))
			return perr(p, ep, "must be an object with \"level\" and \"nb\"");
		if (only_keys(p, e, ep, keys))
			return -1;
		if (!json_is_integer(lv))
			return perr(p, ep, "\"level\" must be a whole number 0-5");
		n = json_integer_value(lv);
		if (n < 0 || n >= MAT_LEVELS)
			return perr(p, ep, "level %lld is outside 0-5", (long long)n);
		if (out[n].nb)
			return perr(p, ep, "level %lld appears twice", (long long)n);
		if (json_object_get(e, "nb") == NULL)
			return perr(p, ep, "the bokmål text \"nb\" is missing");
		if (one_string(p, json_object_get(e, "nb"), pathf(p, "%s.nb", ep), &out[n].nb))
			return -1;
		if (json_object_get(e, "nn") &&
		    one_string(p, json_object_get(e, "nn"), pathf(p, "%s.nn", ep), &out[n].nn))
			return -1;
	}
	for (int n = 0; n < MAT_LEVELS; n++)
		if (out[n].nb == NULL)
			return perr(p, here, "level %d is missing (every level 0-5 needs a text)", n);
	return 0;
}

static int
urn_syntax_ok(const char *s)
{
	int colons = 0;

	if (strncmp(s, "urn:", 4) != 0 || strlen(s) > 200)
		return 0;
	for (const char *c = s + 4; *c; c++) {
		if (*c == ':') {
			if (c[-1] == ':' || c[1] == '\0')
				return 0;
			colons++;
			continue;
		}
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '.' || *c == '_'))
			return 0;
	}
	return colons >= 1 && s[4] != ':';
}

static int
get_urn(struct parse *p, json_t *o, const char *path, const char **out)
{
	char *here = pathf(p, "%s.urn", path);

	if (json_object_get(o, "urn") == NULL)
		return perr(p, here, "is missing");
	if (one_string(p, json_object_get(o, "urn"), here, out))
		return -1;
	if (!urn_syntax_ok(*out))
		return perr(p, here, "\"%s\" is not a URN (urn:NID:part, letters, digits, - . _)", *out);
	for (int i = 0; i < p->nurns; i++)
		if (strcmp(p->urns[i], *out) == 0)
			return perr(p, here, "duplicate URN \"%s\" (also at %s)", *out, p->upaths[i]);
	if (p->nurns >= MAT_MAX_QUESTIONS + MAT_MAX_AREAS + 1)
		return perr(p, here, "too many URNs");
	p->urns[p->nurns] = *out;
	p->upaths[p->nurns++] = here;
	return 0;
}

static int
parse_question(struct parse *p, json_t *jq, const char *path, int area, struct mat_question *q)
{
	static const char *const keys[] = { "urn", "text", "guidance", "levels", NULL };

	if (!json_is_object(jq))
		return perr(p, path, "must be an object");
	if (only_keys(p, jq, path, keys) || get_urn(p, jq, path, &q->urn) ||
	    get_text(p, jq, "text", path, 1, &q->text) ||
	    get_text(p, jq, "guidance", path, 1, &q->guidance) ||
	    get_levels(p, jq, path, 0, q->levels))
		return -1;
	q->area = area;
	return 0;
}

static int
parse_area(struct parse *p, json_t *ja, int ai)
{
	static const char *const keys[] = { "urn", "title", "short", "levels", "questions", NULL };
	struct mat_set *s = p->s;
	struct mat_area *a = &s->areas[ai];
	char *path = pathf(p, "areas[%d]", ai);
	json_t *qs, *jq;
	size_t i;

	if (!json_is_object(ja))
		return perr(p, path, "must be an object");
	if (only_keys(p, ja, path, keys) || get_urn(p, ja, path, &a->urn) ||
	    get_text(p, ja, "title", path, 1, &a->title) ||
	    get_text(p, ja, "short", path, 0, &a->shortname) ||
	    get_levels(p, ja, path, 1, a->levels))
		return -1;
	if (a->shortname.nb == NULL)
		a->shortname = a->title;
	qs = json_object_get(ja, "questions");
	if (!json_is_array(qs) || json_array_size(qs) == 0)
		return perr(p, pathf(p, "%s.questions", path), "must be a non-empty array");
	if (json_array_size(qs) > MAT_MAX_PER_AREA)
		return perr(p, pathf(p, "%s.questions", path), "more than %d questions", MAT_MAX_PER_AREA);
	a->first = s->nq;
	json_array_foreach(qs, i, jq) {
		if (s->nq >= MAT_MAX_QUESTIONS)
			return perr(p, pathf(p, "%s.questions", path), "more than %d questions in the set",
			    MAT_MAX_QUESTIONS);
		if (parse_question(p, jq, pathf(p, "%s.questions[%zu]", path, i), ai, &s->q[s->nq]))
			return -1;
		s->nq++;
	}
	a->nq = s->nq - a->first;
	return 0;
}

int
maturity_parse(const char *text, size_t len, const char *name, struct mat_set **out,
    char *err, int errlen)
{
	static const char *const keys[] = { "urn", "version", "title", "description", "levels",
	    "areas", NULL };
	struct parse p;
	struct mat_set *s;
	json_error_t je;
	json_t *root, *areas, *ja, *ver;
	size_t i;
	int rc = -1;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.name = name;
	p.err = err;
	p.errlen = errlen;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, (size_t)errlen, "%s: line %d column %d: %s", name, je.line, je.column,
		    je.text);
		return -1;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		json_decref(root);
		snprintf(err, (size_t)errlen, "%s: out of memory", name);
		return -1;
	}
	arena_init(&s->arena, 64u << 20);
	p.s = s;
	p.urns = arena_alloc(&s->arena, sizeof(*p.urns) * (MAT_MAX_QUESTIONS + MAT_MAX_AREAS + 1));
	p.upaths = arena_alloc(&s->arena, sizeof(*p.upaths) * (MAT_MAX_QUESTIONS + MAT_MAX_AREAS + 1));
	s->areas = arena_alloc(&s->arena, sizeof(*s->areas) * MAT_MAX_AREAS);
	s->q = arena_alloc(&s->arena, sizeof(*s->q) * MAT_MAX_QUESTIONS);
	s->source = arena_strdup(&s->arena, name);
	if (!p.urns || !p.upaths || !s->areas || !s->q || !s->source) {
		perr(&p, "(root)", "out of memory");
		goto out;
	}
	if (!json_is_object(root)) {
		perr(&p, "(root)", "must be an object");
		goto out;
	}
	if (only_keys(&p, root, "(root)", keys) || get_urn(&p, root, "(root)", &s->urn))
		goto out;
	ver = json_object_get(root, "version");
	if (ver == NULL) {
		perr(&p, "version", "is missing");
		goto out;
	}
	if (one_string(&p, ver, "version", &s->version))
		goto out;
	if (get_text(&p, root, "title", "(root)", 1, &s->title) ||
	    get_text(&p, root, "description", "(root)", 0, &s->description) ||
	    get_levels(&p, root, "(root)", 1, s->levels))
		goto out;
	areas = json_object_get(root, "areas");
	if (!json_is_array(areas) || json_array_size(areas) == 0) {
		perr(&p, "areas", "must be a non-empty array");
		goto out;
	}
	if (json_array_size(areas) > MAT_MAX_AREAS) {
		perr(&p, "areas", "more than %d areas", MAT_MAX_AREAS);
		goto out;
	}
	json_array_foreach(areas, i, ja) {
		if (parse_area(&p, ja, (int)i))
			goto out;
		s->nareas++;
	}
	rc = 0;
out:
	json_decref(root);
	if (rc) {
		maturity_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

int
maturity_load_file(const char *path, struct mat_set **out, char *err, int errlen)
{
	struct buf b;
	int rc;

	*out = NULL;
	buf_init(&b, 8u << 20, NULL);
	if (buf_load_file(&b, path)) {
		snprintf(err, (size_t)errlen, "%s: %s", path,
		    errno == EFBIG ? "larger than 8 MiB" : strerror(errno));
		buf_free(&b);
		return -1;
	}
	rc = maturity_parse(b.p ? b.p : "", b.len, path, out, err, errlen);
	buf_free(&b);
	return rc;
}

void
maturity_free(struct mat_set *s)
{
	if (s == NULL)
		return;
	arena_free(&s->arena);
	free(s);
}

/* Loaded once before the server starts; read-only afterwards. */
static struct mat_set *sets[MAX_SETS];
static int nsets;

int
maturity_init(const char *data_dir, char *err, int errlen)
{
	char dir[4096], path[4352], *names[MAX_SETS];
	int n, rc = -1;

	maturity_shutdown();
	snprintf(dir, sizeof(dir), "%s/maturity", data_dir);
	n = jsondir_list(dir, names, MAX_SETS, "the maturity question set lives there",
	    "question sets", err, (size_t)errlen);
	if (n < 0)
		return -1;
	if (n == 0) {
		snprintf(err, (size_t)errlen, "%s: no question set (*.json)", dir);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		struct mat_set *s;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (maturity_load_file(path, &s, err, errlen))
			goto out;
		for (int k = 0; k < nsets; k++)
			if (strcmp(sets[k]->urn, s->urn) == 0 && strcmp(sets[k]->version, s->version) == 0) {
				snprintf(err, (size_t)errlen, "%s: %s version %s is also in %s", path,
				    s->urn, s->version, sets[k]->source);
				maturity_free(s);
				goto out;
			}
		sets[nsets++] = s;
	}
	rc = 0;
out:
	jsondir_free(names, n);
	if (rc)
		maturity_shutdown();
	return rc;
}

void
maturity_shutdown(void)
{
	for (int i = 0; i < nsets; i++)
		maturity_free(sets[i]);
	nsets = 0;
}

const struct mat_set *
maturity_current(void)
{
	return nsets ? sets[nsets - 1] : NULL;
}

const struct mat_set *
maturity_find(const char *urn, const char *version)
{
	const struct mat_set *same = NULL;

	for (int i = 0; urn && i < nsets; i++)
		if (strcmp(sets[i]->urn, urn) == 0) {
			if (version && strcmp(sets[i]->version, version) == 0)
				return sets[i];
			same = sets[i];
		}
	return same;
}

int
maturity_question_index(const struct mat_set *s, const char *urn)
{
	for (int i = 0; urn && i < s->nq; i++)
		if (strcmp(s->q[i].urn, urn) == 0)
			return i;
	return -1;
}

const char *
mat_tx(const struct mat_text *t, const char *lang)
{
	if (lang && strcmp(lang, "nn") == 0 && t->nn)
		return t->nn;
	return t->nb ? t->nb : "";
}

const struct mat_text *
mat_level_text(const struct mat_set *s, int qi, int lv)
{
	const struct mat_question *q = &s->q[qi];

	return q->levels[lv].nb ? &q->levels[lv] : &s->areas[q->area].levels[lv];
}

/* --------------------------------------------------------------- scoring */

void
maturity_score(const struct mat_set *s, const struct mat_answer *a, int n, struct mat_score *out)
{
	int sum[MAT_MAX_AREAS] = { 0 };
	unsigned char seen[MAT_MAX_QUESTIONS] = { 0 };
	double total = 0;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < s->nareas; i++)
		out->area[i].questions = s->areas[i].nq;
	out->questions = s->nq;
	for (int i = 0; i < n; i++) {
		int qi = maturity_question_index(s, a[i].question_urn), ar;
		if (qi < 0 || seen[qi])
			continue;
		seen[qi] = 1;
		ar = s->q[qi].area;
		if (a[i].not_relevant) {
			out->area[ar].not_relevant++;
			out->not_relevant++;
		} else if (a[i].level >= 0 && a[i].level < MAT_LEVELS) {
			out->area[ar].answered++;
			out->answered++;
			sum[ar] += a[i].level;
		}
	}
	for (int i = 0; i < s->nareas; i++) {
		struct mat_area_score *as = &out->area[i];
		if (as->answered == 0)
			continue;
		as->has_score = 1;
		as->score = (double)sum[i] * 100.0 / (5.0 * as->answered);
		total += as->score;
		out->scored_areas++;
	}
	if (out->scored_areas) {
		out->has_score = 1;
		out->total = total / out->scored_areas;
	}
}

void
maturity_peers_add(struct mat_peers *p, const struct mat_score *s, int nareas)
{
	for (int i = 0; i < nareas && i < MAT_MAX_AREAS; i++)
		if (s->area[i].has_score) {
			p->area[i] += s->area[i].score;
			p->n_area[i]++;
		}
	if (s->has_score) {
		p->total += s->total;
		p->n_total++;
	}
}

void
maturity_peers_finish(struct mat_peers *p, int nareas)
{
	if (p->finished)
		return;
	for (int i = 0; i < nareas && i < MAT_MAX_AREAS; i++)
		if (p->n_area[i])
			p->area[i] /= p->n_area[i];
	if (p->n_total)
		p->total /= p->n_total;
	p->finished = 1;
}

int
maturity_peer_count(const struct mat_peers *p, int area)
{
	if (area < 0)
		return p->n_total;
	return area < MAT_MAX_AREAS ? p->n_area[area] : 0;
}

int
maturity_peer_value(const struct mat_peers *p, int area, double *out)
{
	if (!p->finished || maturity_peer_count(p, area) < MATURITY_MIN_PEERS)
		return 0;
	*out = area < 0 ? p->total : p->area[area];
	return 1;
}

void
maturity_change(const struct mat_score *prev, const struct mat_score *cur, int nareas,
    struct mat_change *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < nareas && i < MAT_MAX_AREAS; i++)
		if (prev->area[i].has_score && cur->area[i].has_score) {
			out->has[i] = 1;
			out->delta[i] = cur->area[i].score - prev->area[i].score;
		}
	if (prev->has_score && cur->has_score) {
		out->has_total = 1;
		out->total = cur->total - prev->total;
	}
}

int64_t
maturity_tenths(double v)
{
	/* The epsilon keeps values such as 46.65 (really 46.6499999...)
	 * rounding the way a person computing by hand expects. */
	if (v >= 0)
		return (int64_t)(v * 10.0 + 0.5 + 1e-9);
	return -(int64_t)(-v * 10.0 + 0.5 + 1e-9);
}

/* -------------------------------------------------------------- evidence */

static int
starts_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return 0;
	}
	return 1;
}

static const char *
url_problem(const char *s)
{
	const char *p = strstr(s, "://") + 3, *host = p;
	int port = 0, digits = 0;

	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	    *p == '-' || *p == '.' || (unsigned char)*p >= 0x80)
		p++;
	if (p == host || *host == '.' || *host == '-' || p[-1] == '-' || p[-1] == '.' ||
	    memchr(host, '.', (size_t)(p - host)) == NULL)
		return N_("The link has no valid host name. Write it like https://www.kommune.no/side.");
	if (*p == ':') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++)
			port = port * 10 + (*p - '0');
		if (digits == 0 || digits > 5 || port == 0 || port > 65535)
			return N_("The link has an invalid port number.");
	}
	if (*p != '\0' && *p != '/' && *p != '?' && *p != '#')
		return N_("The link has no valid host name. Write it like https://www.kommune.no/side.");
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' || *p == '"' ||
		    *p == '\'' || *p == '`' || *p == '\\')
			return N_("The link contains spaces or characters a web address cannot hold.");
	return NULL;
}

const char *
maturity_evidence_problem(const char *s)
{
	const char *c;

	if (s == NULL || *s == '\0')
		return NULL;
	if (starts_ci(s, "https://") || starts_ci(s, "http://"))
		return url_problem(s);
	if (starts_ci(s, "http"))
		return N_("A link must start with https:// (or http://).");
	/* Something that looks like another URL scheme ("javascript:",
	 * "data:", "file:") directly followed by text is refused: only web
	 * links are evidence links, and a note should not look like one. */
	c = s;
	if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')) {
		while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '+' || *c == '-' || *c == '.')
			c++;
		if (*c == ':' && c[1] != ' ' && c[1] != '\0')
			return N_("Only web links (https://...) can be given as evidence. Write other evidence as a note.");
	}
	return NULL;
}

int
maturity_evidence_is_link(const char *s)
{
	return s && (starts_ci(s, "https://") || starts_ci(s, "http://")) &&
	    maturity_evidence_problem(s) == NULL;
}

/* ---------------------------------------------------------------- rounds */

static const char *
dup(struct arena *a, const char *s)
{
	return arena_strdup(a, s ? s : "");
}

static void
read_round(struct db_stmt *st, struct arena *a, struct mat_round *o)
{
	o->id = db_col_int(st, 0);
	o->org_id = db_col_int(st, 1);
	o->set_urn = dup(a, db_col_text(st, 2));
	o->set_version = dup(a, db_col_text(st, 3));
	o->title = dup(a, db_col_text(st, 4));
	o->started_at = db_col_int(st, 5);
	o->closed_at = db_col_isnull(st, 6) ? 0 : db_col_int(st, 6);
	o->created_by = db_col_isnull(st, 7) ? 0 : db_col_int(st, 7);
}

int
maturity_rounds(struct db *db, struct arena *a, int64_t org_id, struct mat_round **out)
{
	struct db_stmt *st;
	struct mat_round *v;
	int rc, n = 0, cap = 8;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT id, org_id, set_urn, set_version, title, started_at, closed_at,"
	    " created_by FROM maturity_rounds WHERE org_id = ? ORDER BY started_at DESC, id DESC",
	    &rc, "i", org_id);
	while (rc == 1 && v) {
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			break;
		}
		read_round(st, a, &v[n++]);
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
maturity_round_get(struct db *db, struct arena *a, int64_t org_id, int64_t id,
    struct mat_round *out)
{
	struct db_stmt *st;
	int rc;

	st = db_query(db, "SELECT id, org_id, set_urn, set_version, title, started_at, closed_at,"
	    " created_by FROM maturity_rounds WHERE id = ? AND org_id = ?", &rc, "ii", id, org_id);
	if (rc == 1)
		read_round(st, a, out);
	if (st)
		db_reset(st);
	return rc;
}

int
maturity_round_previous(struct db *db, struct arena *a, const struct mat_round *cur,
    struct mat_round *out)
{
	struct db_stmt *st;
	int rc;

	st = db_query(db, "SELECT id, org_id, set_urn, set_version, title, started_at, closed_at,"
	    " created_by FROM maturity_rounds WHERE org_id = ? AND closed_at IS NOT NULL"
	    " AND id <> ? AND (started_at < ? OR (started_at = ? AND id < ?))"
	    " ORDER BY started_at DESC, id DESC LIMIT 1",
	    &rc, "iiiii", cur->org_id, cur->id, cur->started_at, cur->started_at, cur->id);
	if (rc == 1)
		read_round(st, a, out);
	if (st)
		db_reset(st);
	return rc;
}

int64_t
maturity_round_create(struct db *db, int64_t org_id, const struct mat_set *s, const char *title,
    int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	/* The partial unique index maturity_rounds_open allows one open round
	 * per organisation; a second start (or a race) inserts nothing. */
	st = db_prepare(db, "INSERT INTO maturity_rounds (org_id, set_urn, set_version, title,"
	    " started_at, created_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, s->urn);
	db_bind_text(st, 3, s->version);
	db_bind_text(st, 4, title);
	db_bind_int(st, 5, now);
	if (actor > 0)
		db_bind_int(st, 6, actor);
	else
		db_bind_null(st, 6);
	rc = db_step(st);
	if (rc == 1)
		id = db_col_int(st, 0);
	while (rc == 1)
		rc = db_step(st);
	db_reset(st);
	if (rc < 0)
		return -1;
	if (id == 0)
		return 0;
	if (audit_json(db, org_id, actor, "maturity.round.create", "maturity_round", id,
	    json_pack("{s:s, s:s, s:s}", "title", title, "set", s->urn, "version", s->version), now))
		return -1;
	return id;
}

int
maturity_round_close(struct db *db, int64_t org_id, int64_t id, int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int rc, hit = 0;

	/* The WHERE clause is the guard: in PostgreSQL a concurrent save holds
	 * the row (see maturity_answers_save), so close waits for it. */
	st = db_query(db, "UPDATE maturity_rounds SET closed_at = ? WHERE id = ? AND org_id = ?"
	    " AND closed_at IS NULL RETURNING id", &rc, "iii", now, id, org_id);
	hit = rc == 1;
	while (rc == 1)
		rc = db_step(st);
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	if (!hit)
		return 1;
	return audit_json(db, org_id, actor, "maturity.round.close", "maturity_round", id,
	    json_pack("{s:I}", "closed_at", (json_int_t)now), now) ? -1 : 0;
}

int
maturity_answers(struct db *db, struct arena *a, int64_t round_id, struct mat_answer **out)
{
	struct db_stmt *st;
	struct mat_answer *v;
	int rc, n = 0, cap = 64;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT question_urn, level, not_relevant, comment, evidence, updated_at,"
	    " updated_by FROM maturity_answers WHERE round_id = ?", &rc, "i", round_id);
	while (rc == 1 && v) {
		struct mat_answer *x;
		if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL) {
			break;
		}
		x = &v[n++];
		x->question_urn = dup(a, db_col_text(st, 0));
		x->level = db_col_isnull(st, 1) ? -1 : (int)db_col_int(st, 1);
		x->not_relevant = db_col_int(st, 2) != 0;
		x->comment = dup(a, db_col_text(st, 3));
		x->evidence = dup(a, db_col_text(st, 4));
		x->updated_at = db_col_int(st, 5);
		x->updated_by = db_col_isnull(st, 6) ? 0 : db_col_int(st, 6);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0 || v == NULL)
		return -1;
	*out = v;
	return n;
}

static int
answer_empty(const struct mat_answer *x)
{
	return x->level < 0 && !x->not_relevant && (!x->comment || !*x->comment) &&
	    (!x->evidence || !*x->evidence);
}

static int
answer_same(const struct mat_answer *x, const struct mat_answer *y)
{
	int xl = x->not_relevant ? -1 : x->level, yl = y->not_relevant ? -1 : y->level;

	return xl == yl && !x->not_relevant == !y->not_relevant &&
	    strcmp(x->comment ? x->comment : "", y->comment ? y->comment : "") == 0 &&
	    strcmp(x->evidence ? x->evidence : "", y->evidence ? y->evidence : "") == 0;
}

static json_t *
answer_json(const struct mat_answer *x)
{
	json_t *j;

	if (x == NULL || answer_empty(x))
		return json_null();
	j = json_pack("{s:b, s:s, s:s}", "not_relevant", x->not_relevant,
	    "comment", x->comment ? x->comment : "", "evidence", x->evidence ? x->evidence : "");
	if (j)
		json_object_set_new(j, "level", !x->not_relevant && x->level >= 0 ?
		    json_integer(x->level) : json_null());
	return j;
}

int
maturity_answers_save(struct db *db, struct arena *a, int64_t org_id, int64_t round_id,
    const struct mat_answer *in, int n, const char *scope, int64_t actor, int64_t now)
{
	struct mat_answer *cur;
	struct db_stmt *st;
	json_t *changes;
	int rc, ncur, open = 0;

	/* Lock the round row and check in one statement that it is open and
	 * the organisation's: a close that commits first makes this match
	 * nothing, and a close that comes later waits for our commit. */
	st = db_query(db, "UPDATE maturity_rounds SET title = title WHERE id = ? AND org_id = ?"
	    " AND closed_at IS NULL RETURNING id", &rc, "ii", round_id, org_id);
	open = rc == 1;
	while (rc == 1)
		rc = db_step(st);
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	if (!open)
		return 1;
	if ((ncur = maturity_answers(db, a, round_id, &cur)) < 0)
		return -1;
	changes = json_array();
	for (int i = 0; i < n; i++) {
		const struct mat_answer *x = &in[i], *before = NULL;
		json_t *c;
		for (int k = 0; k < ncur; k++)
			if (strcmp(cur[k].question_urn, x->question_urn) == 0)
				before = &cur[k];
		if (before ? answer_same(before, x) : answer_empty(x))
			continue;
		if (answer_empty(x)) {
			if (db_run(db, "DELETE FROM maturity_answers WHERE round_id = ? AND question_urn = ?",
			    "is", round_id, x->question_urn) < 0)
				goto fail;
		} else {
			st = db_prepare(db, "INSERT INTO maturity_answers (round_id, question_urn, level,"
			    " not_relevant, comment, evidence, updated_by, updated_at)"
			    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (round_id, question_urn) DO UPDATE"
			    " SET level = excluded.level, not_relevant = excluded.not_relevant,"
			    " comment = excluded.comment, evidence = excluded.evidence,"
			    " updated_by = excluded.updated_by, updated_at = excluded.updated_at");
			if (st == NULL)
				goto fail;
			db_bind_int(st, 1, round_id);
			db_bind_text(st, 2, x->question_urn);
			if (!x->not_relevant && x->level >= 0)
				db_bind_int(st, 3, x->level);
			else
				db_bind_null(st, 3);
			db_bind_int(st, 4, x->not_relevant ? 1 : 0);
			db_bind_text(st, 5, x->comment ? x->comment : "");
			db_bind_text(st, 6, x->evidence ? x->evidence : "");
			if (actor > 0)
				db_bind_int(st, 7, actor);
			else
				db_bind_null(st, 7);
			db_bind_int(st, 8, now);
			rc = db_step(st);
			db_reset(st);
			if (rc < 0)
				goto fail;
		}
		c = json_pack("{s:s, s:o, s:o}", "question", x->question_urn,
		    "before", answer_json(before), "after", answer_json(x));
		if (c == NULL || json_array_append_new(changes, c))
			goto fail;
	}
	if (json_array_size(changes) == 0) {
		json_decref(changes);
		return 0;
	}
	return audit_json(db, org_id, actor, "maturity.answers", "maturity_round", round_id,
	    json_pack("{s:s, s:o}", "scope", scope ? scope : "", "changes", changes), now) ? -1 : 0;
fail:
	json_decref(changes);
	return -1;
}

/* ------------------------------------------------------------ comparison */

int
maturity_compare(struct db *db, struct arena *a, const struct mat_set *s, int64_t region_id,
    struct mat_peers *region, struct mat_peers *nation)
{
	struct db_stmt *st;
	struct mat_answer *buf;
	struct mat_score sc;
	int64_t cur_round = 0, cur_parent = 0;
	int rc, n = 0;

	memset(region, 0, sizeof(*region));
	memset(nation, 0, sizeof(*nation));
	if ((buf = arena_alloc(a, sizeof(*buf) * MAT_MAX_QUESTIONS)) == NULL)
		return -1;
	/* Each municipality's latest closed round of this set, all answers
	 * with a level, ordered so that one round's answers come together. */
	st = db_query(db, "SELECT r.id, o.parent_id, a.question_urn, a.level"
	    " FROM maturity_rounds r JOIN orgs o ON o.id = r.org_id"
	    " JOIN maturity_answers a ON a.round_id = r.id"
	    " WHERE o.kind = 'municipality' AND r.set_urn = ? AND r.closed_at IS NOT NULL"
	    " AND a.not_relevant = 0 AND a.level IS NOT NULL"
	    " AND NOT EXISTS (SELECT 1 FROM maturity_rounds r2 WHERE r2.org_id = r.org_id"
	    "  AND r2.set_urn = r.set_urn AND r2.closed_at IS NOT NULL"
	    "  AND (r2.closed_at > r.closed_at OR (r2.closed_at = r.closed_at AND r2.id > r.id)))"
	    " ORDER BY r.id", &rc, "s", s->urn);
	for (;;) {
		int64_t rid = rc == 1 ? db_col_int(st, 0) : 0;
		int qi;
		if (n > 0 && (rc != 1 || rid != cur_round)) {
			maturity_score(s, buf, n, &sc);
			maturity_peers_add(nation, &sc, s->nareas);
			if (region_id > 0 && cur_parent == region_id)
				maturity_peers_add(region, &sc, s->nareas);
			n = 0;
		}
		if (rc != 1)
			break;
		cur_round = rid;
		cur_parent = db_col_isnull(st, 1) ? 0 : db_col_int(st, 1);
		/* Point at the set's own copy of the URN: no allocation per
		 * row, as this walks every municipality's answers. */
		qi = maturity_question_index(s, db_col_text(st, 2));
		if (qi >= 0 && n < MAT_MAX_QUESTIONS) {
			buf[n].question_urn = s->q[qi].urn;
			buf[n].level = (int)db_col_int(st, 3);
			buf[n].not_relevant = 0;
			n++;
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	maturity_peers_finish(region, s->nareas);
	maturity_peers_finish(nation, s->nareas);
	return 0;
}
