/*
 * maturity.h - the maturity self-assessment (modenhetsvurdering): the
 * question set as content, rounds and answers, scores, comparison with peers
 * and change between rounds.
 *
 * The question set is a versioned JSON file in data/maturity/ (URN ids,
 * areas, questions, level descriptors 0-5). It is read and checked strictly
 * once at start-up (maturity_init) and is read-only afterwards, so request
 * threads share it without locks. A round records the set's URN and version.
 * Area and question URNs are stable across versions of one set URN, so
 * answers, comparisons and changes are matched by URN, never by position.
 *
 * Scores (docs/domain-model.md, "Maturity self-assessment"):
 *   area score = mean of the answered levels in the area / 5 * 100
 *                (not relevant and unanswered questions excluded);
 *   total      = mean of the area scores of areas with at least one answer.
 * Peer averages (county, nation) use each municipality's latest closed round
 * and are shown only when at least MATURITY_MIN_PEERS municipalities stand
 * behind the figure.
 */
#ifndef SKOLESEC_MATURITY_H
#define SKOLESEC_MATURITY_H

#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"

#define WUR __attribute__((warn_unused_result))

#define MAT_LEVELS 6		/* levels 0..5 */
#define MAT_MAX_AREAS 24
#define MAT_MAX_QUESTIONS 400
#define MAT_MAX_PER_AREA 40
#define MATURITY_MIN_PEERS 5

struct db;

/* A text in bokmål (required) and nynorsk (optional; falls back to bokmål). */
struct mat_text {
	const char *nb, *nn;
};

struct mat_question {
	const char *urn;
	struct mat_text text, guidance;
	struct mat_text levels[MAT_LEVELS];	/* .nb NULL: use the area's */
	int area;				/* index into set->areas */
};

struct mat_area {
	const char *urn;
	struct mat_text title, shortname;	/* shortname labels the radar axis */
	struct mat_text levels[MAT_LEVELS];	/* what each level means in this area */
	int first, nq;				/* its questions: q[first .. first+nq) */
};

struct mat_set {
	const char *urn, *version, *source;	/* source: file name, for messages */
	struct mat_text title, description;
	struct mat_text levels[MAT_LEVELS];	/* names of the levels */
	struct mat_area *areas;
	int nareas;
	struct mat_question *q;
	int nq;
	struct arena arena;			/* owns every string above */
};

/* The text in lang ("nn" falls back to bokmål; "en" shows bokmål too: the
 * content is Norwegian). Never NULL. */
const char *mat_tx(const struct mat_text *t, const char *lang);
/* The descriptor of level lv for question qi: the question's own, or the area's. */
const struct mat_text *mat_level_text(const struct mat_set *s, int qi, int lv);

/*
 * Parses and checks a question set. name is used in messages ("FILE: path:
 * problem", e.g. "data/maturity/x.json: areas[2].questions[0].urn: duplicate
 * URN ..."). Returns 0 with *out set (free with maturity_free) or -1 with err.
 */
int maturity_parse(const char *text, size_t len, const char *name, struct mat_set **out,
    char *err, int errlen) WUR;
int maturity_load_file(const char *path, struct mat_set **out, char *err, int errlen) WUR;
void maturity_free(struct mat_set *s);

/* Start-up: loads every DIR/maturity/ *.json (sorted by name; the last one is
 * the set new rounds use). Fails on the first bad file or when none exists. */
int maturity_init(const char *data_dir, char *err, int errlen) WUR;
void maturity_shutdown(void);
/* The set for new rounds; NULL before maturity_init. */
const struct mat_set *maturity_current(void);
/* The loaded set with this URN and version, else the newest with this URN
 * (question URNs are stable within a set URN), else NULL. */
const struct mat_set *maturity_find(const char *urn, const char *version);
/* Index of a question URN in the set, or -1. */
int maturity_question_index(const struct mat_set *s, const char *urn);

/* ---- answers and scores (pure) ---- */

struct mat_answer {
	const char *question_urn;
	int level;		/* 0..5; -1 when none */
	int not_relevant;
	const char *comment, *evidence;	/* "" when empty */
	int64_t updated_at, updated_by;
};

struct mat_area_score {
	int questions, answered, not_relevant;
	int has_score;
	double score;		/* 0..100 when has_score */
};

struct mat_score {
	struct mat_area_score area[MAT_MAX_AREAS];
	int questions, answered, not_relevant;
	int scored_areas;
	int has_score;
	double total;
};

/* Scores answers against set s. Answers to questions not in s are ignored. */
void maturity_score(const struct mat_set *s, const struct mat_answer *a, int n,
    struct mat_score *out);

/* Averages over peers (municipalities): sums, then counts. */
struct mat_peers {
	double area[MAT_MAX_AREAS];
	int n_area[MAT_MAX_AREAS];
	double total;
	int n_total;
	int finished;
};
void maturity_peers_add(struct mat_peers *p, const struct mat_score *s, int nareas);
void maturity_peers_finish(struct mat_peers *p, int nareas);
/* 1 with *out the average of area (or the total when area < 0) when at least
 * MATURITY_MIN_PEERS municipalities contribute; 0 otherwise (do not show). */
int maturity_peer_value(const struct mat_peers *p, int area, double *out);
/* How many municipalities contribute to area (total when area < 0). */
int maturity_peer_count(const struct mat_peers *p, int area);

/* Change from prev to cur, per area and in total (where both have a score). */
struct mat_change {
	int has[MAT_MAX_AREAS];
	double delta[MAT_MAX_AREAS];
	int has_total;
	double total;
};
void maturity_change(const struct mat_score *prev, const struct mat_score *cur, int nareas,
    struct mat_change *out);

/* A value 0..100 (or a change) in tenths, rounded half away from zero: the
 * one rounding every page and test uses, independent of locale. */
int64_t maturity_tenths(double v);

/* Evidence is a link (http:// or https://) or a short note. Returns NULL when
 * acceptable, else a msgid saying what is wrong. Other schemes (javascript:,
 * data: ...) are refused so that nothing but a web link can become a link. */
const char *maturity_evidence_problem(const char *s);
/* 1 when s is a web link that pages may render as <a href>. */
int maturity_evidence_is_link(const char *s);

/* ---- rounds (database) ---- */

struct mat_round {
	int64_t id, org_id, started_at, closed_at;	/* closed_at 0: open */
	int64_t created_by;
	const char *set_urn, *set_version, *title;
};

/* The organisation's rounds, newest first. Returns the count or -1. */
int maturity_rounds(struct db *db, struct arena *a, int64_t org_id, struct mat_round **out) WUR;
/* 1 found, 0 not (or another organisation's), -1 error. */
int maturity_round_get(struct db *db, struct arena *a, int64_t org_id, int64_t id,
    struct mat_round *out) WUR;
/* The latest closed round of the organisation started before cur. 1/0/-1. */
int maturity_round_previous(struct db *db, struct arena *a, const struct mat_round *cur,
    struct mat_round *out) WUR;
/* Starts a round (in the caller's transaction). Returns its id, 0 when the
 * organisation already has an open round, -1 on error. Audited. */
int64_t maturity_round_create(struct db *db, int64_t org_id, const struct mat_set *s,
    const char *title, int64_t actor, int64_t now) WUR;
/* Closes an open round: 0 closed, 1 not open (closed already or not found),
 * -1 error. Audited. */
int maturity_round_close(struct db *db, int64_t org_id, int64_t id, int64_t actor,
    int64_t now) WUR;

/* Every answer of a round (no particular order). Count or -1. */
int maturity_answers(struct db *db, struct arena *a, int64_t round_id, struct mat_answer **out) WUR;
/*
 * Saves answers (in the caller's transaction): each given question gets the
 * given state; an answer with no level, not "not relevant", and no comment or
 * evidence removes the stored one. Only changed answers are written, and one
 * audit event lists them. scope names what was saved (e.g. an area URN).
 * Returns 0, 1 when the round is not open (closed, or not the organisation's),
 * -1 on error.
 */
int maturity_answers_save(struct db *db, struct arena *a, int64_t org_id, int64_t round_id,
    const struct mat_answer *in, int n, const char *scope, int64_t actor, int64_t now) WUR;

/*
 * Peer averages for set s: each municipality's latest closed round with s's
 * URN, scored against s. region gets the municipalities whose county is
 * region_id (0: none), nation all of them. One query.
 */
int maturity_compare(struct db *db, struct arena *a, const struct mat_set *s,
    int64_t region_id, struct mat_peers *region, struct mat_peers *nation) WUR;

#endif
