/*
 * dpia.h - what the DPIA screens need beyond the generic assessment module:
 * the level rule (overarching > platform > app; a lower level inherits
 * from a higher one), a summary of a DPIA's items (local fields still empty,
 * conclusions per service, the DPO's advice, the Art. 36 flag), and the
 * screening a DPIA starts from.
 *
 * The template (data/templates/dpia-school.json) fixes the uids read here:
 * "dpo.advice" (the DPO's advice), "conclusion.art36" (prior consultation,
 * a yes/no field) and items of kind "conclusion" (one per service). The
 * summary is pure so it can be unit-tested on worked examples.
 */
#ifndef SKOLESEC_DPIA_H
#define SKOLESEC_DPIA_H

#include <stdint.h>

#include "catalogue.h"

struct db;
struct arena;
struct as_item;
struct screening_rec;

#define DPIA_ADVICE_UID "dpo.advice"
#define DPIA_ART36_UID "conclusion.art36"

extern const struct cat_key dpia_levels[];	/* overarching, platform, app */
extern const int dpia_nlevels;
const char *dpia_level_label(const char *level);	/* msgid, NULL if unknown */
/* May a DPIA at `level` inherit from one at `parent_level`? Only from a
 * strictly higher level (so chains cannot loop); an overarching DPIA has no
 * parent; no level means no parent. 1 yes, 0 no. */
int dpia_parent_ok(const char *level, const char *parent_level);

/* Conclusion results, in order: acceptable, conditions, not_acceptable. */
extern const struct cat_key dpia_results[];
extern const int dpia_nresults;

struct dpia_conclusion {
	const char *uid, *service, *result, *conditions;	/* "" when unset */
};

struct dpia_summary {
	int local_total, local_open;	/* local field/advice items, and those still empty */
	int results[3];			/* conclusions per result, by dpia_results order */
	int unset;			/* conclusions without a result */
	int art36;			/* the prior-consultation flag is "yes" */
	const char *advice;		/* the DPO's advice text, "" when not written */
	struct dpia_conclusion *conclusions;
	int nconclusions;
};
/* Reads items (in position order) into s; strings point into the arena.
 * Returns 0, -1 when out of memory. */
int dpia_summarise(struct arena *a, const struct as_item *items, int n, struct dpia_summary *s);
/* The "value" of a field item's data ("" when none or not a field). */
const char *dpia_field_value(struct arena *a, const struct as_item *it);

/*
 * Sets a DPIA's level, parent and review date (draft only, audited via
 * assessment_update_header). Checks the level rule against the parent's
 * level here, so no caller can build a chain that loops. Returns 0, or -1
 * with err a msgid and *field the input it concerns (anything the header
 * refuses, such as a DPIA that is no longer a draft, counts as the parent's).
 */
enum dpia_field { DPIA_F_LEVEL, DPIA_F_PARENT, DPIA_F_REVIEW };
int dpia_set_level(struct db *db, struct arena *a, int64_t user_id, int64_t org_id,
    int64_t id, const char *level, int64_t parent_id, const char *review_date,
    const char **err, enum dpia_field *field) __attribute__((warn_unused_result));

/* Item data texts (JSON objects) for a conclusion and for the advice;
 * NULL when out of memory. */
const char *dpia_conclusion_data(struct arena *a, const char *service, const char *result,
    const char *conditions);
const char *dpia_advice_data(struct arena *a, const char *text);

/* The screening a DPIA starts from (org-scoped): the latest screening of
 * its inventory row, with the tool's name. *newer is set when a screening
 * newer than screening_id exists. 1 found, 0 not found, -1 error. */
int dpia_screening(struct db *db, struct arena *a, int64_t org_id, int64_t screening_id,
    struct screening_rec *out, const char **tool_name, int *newer)
    __attribute__((warn_unused_result));

#endif
