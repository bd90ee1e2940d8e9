/*
 * programme_eval.h - the evaluation at the end of a programme (issue 7).
 *
 * The questions are content: data/evaluation/<name>.json, each a set with a URN,
 * a version, a title and questions (URN, type "scale" 1-5 or "text"), every
 * text in nb, nn and en. Loaded strictly once at start-up (unknown keys,
 * duplicate URNs, missing languages are errors naming the file and the
 * key); read-only afterwards. The newest file (by name) is the set new
 * evaluations use; a stored evaluation records its set's URN and version.
 */
#ifndef SKOLESEC_PROGRAMME_EVAL_H
#define SKOLESEC_PROGRAMME_EVAL_H

#include <stddef.h>
#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

#define EVAL_MAX_Q 40

struct db;
struct arena;

struct eval_text {
	const char *nb, *nn, *en;
};

struct eval_question {
	const char *urn;
	int scale;			/* 1: a 1-5 scale; 0: free text */
	struct eval_text text;
};

struct eval_set {
	const char *urn, *version;
	struct eval_text title;
	struct eval_question q[EVAL_MAX_Q];
	int nq;
};

const char *eval_tx(const struct eval_text *t, const char *lang);

/* Parses a set (name for messages). 0 with *out filled, or -1 with err. */
int eval_parse(const char *text, size_t len, const char *name, struct arena *a,
    struct eval_set *out, char *err, int errlen) WUR;
int evaluation_init(const char *data_dir, char *err, int errlen) WUR;
const struct eval_set *evaluation_current(void);
const struct eval_set *evaluation_find(const char *urn, const char *version);

struct eval_answer {
	int score;			/* 1..5, 0 none */
	const char *body;		/* "" none */
};

/* Stores org_id's evaluation of programme id (answers[i] belongs to s->q[i]):
 * 0 stored, 1 not a participant or already submitted, -1 error. Audited in
 * the municipality's chain. */
int programme_eval_submit(struct db *db, int64_t id, int64_t org_id, const struct eval_set *s,
    const struct eval_answer *answers, int anonymous, int64_t actor, int64_t now) WUR;
/* When org_id submitted its evaluation of programme id: 1 (at in *at), 0 not, -1. */
int programme_eval_submitted(struct db *db, int64_t id, int64_t org_id, int64_t *at) WUR;

struct eval_text_answer {
	const char *org_name;		/* NULL when anonymous */
	const char *body;
};
struct eval_result {
	int count, sum;			/* scale questions */
	int dist[6];			/* answers per score 1..5 */
	struct eval_text_answer *texts;	/* text questions */
	int ntexts;
};
/* Results of programme id (of network net_id) for set s, per question
 * (out has s->nq entries). Returns the number of evaluations or -1. */
int programme_eval_results(struct db *db, struct arena *a, int64_t net_id, int64_t id,
    const struct eval_set *s, struct eval_result *out) WUR;

#endif
