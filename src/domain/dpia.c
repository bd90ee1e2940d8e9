/*
 * dpia.c - DPIA levels, item summary and the screening behind a DPIA; see
 * dpia.h. Item data is parsed with jansson and copied into the arena, so the
 * summary outlives no JSON object.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "assessment.h"
#include "dpia.h"
#include "inventory.h"
#include "screening.h"

const struct cat_key dpia_levels[] = {
	{ "overarching", N_("Overarching") },
	{ "platform", N_("Platform (universe)") },
	{ "app", N_("App") },
};
const int dpia_nlevels = sizeof(dpia_levels) / sizeof(dpia_levels[0]);

const struct cat_key dpia_results[] = {
	{ "acceptable", N_("Acceptable") },
	{ "conditions", N_("Acceptable with conditions") },
	{ "not_acceptable", N_("Not acceptable") },
};
const int dpia_nresults = sizeof(dpia_results) / sizeof(dpia_results[0]);

static int
level_rank(const char *level)
{
	for (int i = 0; level && i < dpia_nlevels; i++)
		if (strcmp(level, dpia_levels[i].key) == 0)
			return i;
	return -1;
}

const char *
dpia_level_label(const char *level)
{
	int i = level_rank(level);

	return i < 0 ? NULL : dpia_levels[i].label;
}

int
dpia_parent_ok(const char *level, const char *parent_level)
{
	int l = level_rank(level), p = level_rank(parent_level);

	return l > 0 && p >= 0 && p < l;
}

/* A string member of a JSON object text, copied; "" when absent. */
static const char *
member(struct arena *a, const char *data, const char *key)
{
	json_t *o = json_loads(data ? data : "", 0, NULL);
	const char *v = json_string_value(json_object_get(o, key));
	const char *s = arena_strdup(a, v ? v : "");

	json_decref(o);
	return s;
}

const char *
dpia_field_value(struct arena *a, const struct as_item *it)
{
	if (strcmp(it->kind, "field") != 0)
		return "";
	return member(a, it->data, "value");
}

int
dpia_summarise(struct arena *a, const struct as_item *items, int n, struct dpia_summary *s)
{
	int cap = 0;

	memset(s, 0, sizeof(*s));
	s->advice = "";
	for (int i = 0; i < n; i++) {
		const struct as_item *it = &items[i];
		if (strcmp(it->kind, "conclusion") == 0) {
			struct dpia_conclusion *c;
			int r;
			s->conclusions = arena_grow(a, s->conclusions, s->nconclusions, &cap,
			    sizeof(*s->conclusions));
			if (s->conclusions == NULL)
				return -1;
			c = &s->conclusions[s->nconclusions++];
			c->uid = it->uid;
			c->service = member(a, it->data, "service");
			c->result = member(a, it->data, "result");
			c->conditions = member(a, it->data, "conditions");
			if (!c->service || !c->result || !c->conditions)
				return -1;
			for (r = 0; r < dpia_nresults; r++)
				if (strcmp(c->result, dpia_results[r].key) == 0)
					break;
			if (r < dpia_nresults)
				s->results[r]++;
			else
				s->unset++;
		} else if (strcmp(it->uid, DPIA_ADVICE_UID) == 0 &&
		    strcmp(it->kind, "dpo_advice") == 0) {
			if ((s->advice = member(a, it->data, "text")) == NULL)
				return -1;
		} else if (strcmp(it->uid, DPIA_ART36_UID) == 0) {
			const char *v = dpia_field_value(a, it);
			if (v == NULL)
				return -1;
			s->art36 = strcmp(v, "yes") == 0;
		}
		if (it->local && (strcmp(it->kind, "field") == 0 || strcmp(it->kind, "dpo_advice") == 0)) {
			const char *v = strcmp(it->kind, "field") == 0 ? dpia_field_value(a, it) :
			    member(a, it->data, "text");
			if (v == NULL)
				return -1;
			s->local_total++;
			s->local_open += *v == '\0';
		}
	}
	return 0;
}

int
dpia_screening(struct db *db, struct arena *a, int64_t org_id, int64_t screening_id,
    struct screening_rec *out, const char **tool_name, int *newer)
{
	struct db_stmt *st;
	int64_t inv = 0;
	int rc;

	st = db_query(db, "SELECT s.inventory_id, t.name FROM screenings s"
	    " JOIN inventory i ON i.id = s.inventory_id JOIN tools t ON t.id = i.tool_id"
	    " WHERE s.id = ? AND s.org_id = ? AND i.org_id = ?", &rc, "iii",
	    screening_id, org_id, org_id);
	if (rc == 1) {
		inv = db_col_int(st, 0);
		*tool_name = arena_strdup(a, db_col_text(st, 1));
		if (*tool_name == NULL)
			rc = -1;
	}
	if (st)
		db_reset(st);
	if (rc != 1)
		return rc;
	if ((rc = screening_latest(db, a, org_id, inv, out)) == 1)
		*newer = out->id != screening_id;
	return rc;
}

int
dpia_set_level(struct db *db, struct arena *a, int64_t user_id, int64_t org_id, int64_t id,
    const char *level, int64_t parent_id, const char *review_date, const char **err,
    enum dpia_field *field)
{
	struct assessment h, parent;
	const char *date;
	int rc;

	*field = DPIA_F_PARENT;

	if ((rc = assessment_get(db, a, org_id, id, &h)) != 1 || strcmp(h.kind, "dpia") != 0) {
		*err = rc < 0 ? N_("Something went wrong. Try again.") : N_("There is no page at this address.");
		return -1;
	}
	if (level && *level && dpia_level_label(level) == NULL) {
		*err = N_("Choose one of the levels.");
		*field = DPIA_F_LEVEL;
		return -1;
	}
	if (review_date && *review_date && inv_parse_date(a, review_date, 0, &date)) {
		*err = N_("Write the review date as YYYY-MM-DD, for example 2026-06-30.");
		*field = DPIA_F_REVIEW;
		return -1;
	}
	if (parent_id) {
		rc = parent_id == id ? 0 : assessment_get(db, a, org_id, parent_id, &parent);
		if (rc < 0) {
			*err = N_("Something went wrong. Try again.");
			return -1;
		}
		if (rc == 0 || strcmp(parent.kind, "dpia") != 0) {
			*err = N_("Choose a DPIA of your own organisation to inherit from.");
			return -1;
		}
		if (!dpia_parent_ok(level, parent.level)) {
			*err = N_("A DPIA inherits only from a higher level: an app from a platform or the overarching DPIA, a platform from the overarching DPIA.");
			return -1;
		}
	}
	h.level = level && *level ? level : NULL;
	h.parent_id = parent_id;
	h.review_date = review_date && *review_date ? review_date : NULL;
	return assessment_update_header(db, a, user_id, &h, err);
}

static const char *
dump(struct arena *a, json_t *o)
{
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	const char *out = s ? arena_strdup(a, s) : NULL;

	free(s);
	json_decref(o);
	return out;
}

const char *
dpia_conclusion_data(struct arena *a, const char *service, const char *result,
    const char *conditions)
{
	return dump(a, json_pack("{s:s, s:s, s:s}", "service", service ? service : "",
	    "result", result ? result : "", "conditions", conditions ? conditions : ""));
}

const char *
dpia_advice_data(struct arena *a, const char *text)
{
	return dump(a, json_pack("{s:s}", "text", text ? text : ""));
}
