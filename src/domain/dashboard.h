/*
 * dashboard.h - the figures on a school owner's overview page, each from one
 * org-scoped query over tables other modules write (inventory and todos from
 * the inventory module, rounds from maturity). Read-only.
 *
 * Counting rules (docs/domain-model.md, "Dashboard"):
 * - tools by state count distinct tools per state; a tool in use at three
 *   schools is one tool in use (it may also be on trial elsewhere);
 * - coverage: of the distinct tools in use, how many have ROS, DPIA and DBA
 *   on every inventory row where they are in use (one school without a DBA
 *   means the tool is not covered).
 */
#ifndef SKOLESEC_DASHBOARD_H
#define SKOLESEC_DASHBOARD_H

#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;
struct mat_round;
struct mat_answer;

struct dash_tools {
	int64_t in_use, trial, phasing_out;
};

struct dash_coverage {
	int64_t tools, ros, dpia, dba;	/* tools in use, and those covered */
};

struct dash_todo {
	int64_t id, inventory_id, created_at;
	const char *kind, *title;
};

int dash_tools(struct db *db, int64_t org_id, struct dash_tools *out) WUR;
int dash_coverage(struct db *db, int64_t org_id, struct dash_coverage *out) WUR;
/* The newest open to-dos (at most max) and how many are open in all.
 * Returns the number in *out, or -1. */
int dash_todos(struct db *db, struct arena *a, int64_t org_id, int max,
    struct dash_todo **out, int64_t *open_total) WUR;
/* The organisation's newest round with its answers: 1 found, 0 none, -1. */
int dash_maturity(struct db *db, struct arena *a, int64_t org_id, struct mat_round *round,
    struct mat_answer **answers, int *nanswers) WUR;

#endif
