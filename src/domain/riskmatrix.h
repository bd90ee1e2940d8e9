/*
 * riskmatrix.h - the organisation's risk matrix: size (4x4 or 5x5), labels
 * of the likelihood and consequence classes, acceptance thresholds and
 * colours; risk = likelihood x consequence.
 *
 * The national default is 5x5 with DSB's likelihood classes, green (acceptable)
 * for scores <= 4, yellow (measures needed) for 5..12, red (not acceptable)
 * above 12. The maths is pure so it can be unit-tested on worked examples.
 */
#ifndef SKOLESEC_RISKMATRIX_H
#define SKOLESEC_RISKMATRIX_H

#include <stdint.h>

struct db;
struct arena;

enum risk_zone { RZ_NONE, RZ_ACCEPT, RZ_MEASURES, RZ_REJECT };

struct risk_matrix {
	int size;			/* 4 or 5 */
	const char *lik[5], *con[5];	/* class labels, low to high */
	int accept_max, measures_max;
	const char *colour[3];		/* "#rrggbb": accept, measures, reject */
	int is_default;
};

void risk_matrix_default(struct risk_matrix *m);
/* 1 own matrix, 0 the default was filled in, -1 error. */
int risk_matrix_get(struct db *, struct arena *, int64_t org_id, struct risk_matrix *m)
    __attribute__((warn_unused_result));
/* Validates and saves (audited). -1 with err a msgid on bad input. */
int risk_matrix_save(struct db *, struct arena *, int64_t user_id, int64_t org_id,
    const struct risk_matrix *m, const char **err) __attribute__((warn_unused_result));

/* Score l*c, or 0 when either is unset/out of range for the matrix. */
int risk_score(const struct risk_matrix *m, int l, int c);
enum risk_zone risk_zone(const struct risk_matrix *m, int l, int c);

#endif
