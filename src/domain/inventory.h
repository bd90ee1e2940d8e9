/*
 * inventory.h - which tools a school owner uses, where and how (issue 3).
 *
 * One row per (organisation, tool, school); school 0 means the whole
 * organisation ("hele kommunen"). Values are checked here, not in the pages,
 * so the form and the CSV import apply the same rules: grades "1-4" or
 * "1,2,3" within 1..13, pupils 0..100000, since a real YYYY-MM-DD date, a
 * state from a fixed list, data categories and Feide attributes from fixed
 * key lists (stored as comma-separated keys in list order).
 *
 * Access: school leaders hold inventory rights only for their own schools;
 * rows for the whole organisation are read-only to them. inventory_can()
 * answers that per row. Every change is audited with before/after JSON in
 * the caller's transaction.
 */
#ifndef SKOLESEC_INVENTORY_H
#define SKOLESEC_INVENTORY_H

#include <stddef.h>
#include <stdint.h>

#include "authz.h"
#include "catalogue.h"

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;

/* Data categories and Feide attributes are the catalogue's key lists
 * (CS_DATA, CS_FEIDE), so what a tool can receive and what a school owner
 * has enabled compare key by key. States are the inventory's own. */
extern const struct cat_key inv_states[];	/* in_use, trial, phasing_out */
extern const int inv_nstates;

#define INV_MAX_PUPILS 100000
#define INV_MAX_PURPOSE 2000
#define INV_MAX_RESPONSIBLE 200
#define INV_MAX_RULES 4000
#define INV_MAX_GRADES 60

struct inv_row {
	int64_t id, org_id, tool_id, school_id;	/* school_id 0: whole organisation */
	const char *tool_name, *vendor_name, *school_name;	/* "" when none */
	const char *grades;		/* canonical, "" when not given */
	int64_t pupils;			/* -1 when not given */
	const char *purpose, *responsible, *usage_rules;
	const char *since;		/* YYYY-MM-DD or "" */
	const char *state;		/* a key of inv_states */
	unsigned data, feide;		/* bit i: key i of CS_DATA / CS_FEIDE */
	int has_ros, has_dpia, has_dba, public_;
	int needs_ros, needs_dpia, needs_dba;	/* -1: not screened */
	int64_t created_at, updated_at, screened_at;
};

/* What a form or a CSV line gives, before checking. */
struct inv_input {
	int64_t tool_id, school_id;
	const char *grades, *pupils, *purpose, *responsible, *since, *state, *usage_rules;
	unsigned data, feide;
	int has_ros, has_dpia, has_dba, public_;
};

enum inv_field {
	IF_TOOL, IF_SCHOOL, IF_GRADES, IF_PUPILS, IF_PURPOSE, IF_DATA, IF_FEIDE,
	IF_RESPONSIBLE, IF_SINCE, IF_STATE, IF_RULES, IF__COUNT
};

/* ---- pure value checks (no database; unit-tested) ---- */

/* Parses grades into canonical form ("1-4", "1,3,8-10"; runs of three or
 * more become ranges). "" stays "". Returns 0, or -1 with *err a msgid. */
int inv_parse_grades(struct arena *a, const char *s, const char **out, const char **err) WUR;
/* A real calendar date as YYYY-MM-DD (years 1900-2100). With dotted set,
 * DD.MM.YYYY (what Norwegian Excel writes) is accepted too. */
int inv_parse_date(struct arena *a, const char *s, int dotted, const char **out) WUR;
/* Comma-separated keys of a catalogue set into a bit set; -1 on an unknown
 * key, with *bad the first unknown key (arena string). Case and spaces
 * ignored. */
int inv_parse_keys(struct arena *a, enum cat_set set, const char *s, unsigned *mask,
    const char **bad) WUR;
/* The keys of mask, comma-separated, in list order. */
const char *inv_keys_str(struct arena *a, enum cat_set set, unsigned mask);
/* Bit of one key of a set, 0 when the key is not in it. */
unsigned inv_key_bit(enum cat_set set, const char *key);
/* The msgid of a state key, or NULL when s is not one. */
const char *inv_state_label(const char *s);
/* Checks everything except tool and school (which need the database).
 * Fills out; err[] gets a msgid per bad field. Returns the error count. */
int inv_check_values(struct arena *a, const struct inv_input *in, struct inv_row *out,
    const char *err[IF__COUNT]);

/* ---- access ---- */

/* May p do act on a row of org for school_id (0: a row for the whole
 * organisation, which needs a role that is not limited to schools)? */
int inventory_can(const struct principal *p, enum action act, int64_t org_id, int64_t school_id);

/* ---- tools a municipality may use ---- */

struct inv_tool {
	int64_t id;
	const char *name, *vendor;
};
/* Tools usable by org (catalogue_picker: accepted ones and its own open
 * proposals), in name order. */
int inventory_tools(struct db *db, struct arena *a, int64_t org_id, struct inv_tool **out) WUR;

/* ---- rows ---- */

struct inv_filter {
	int64_t school;		/* 0 all; -1 whole-organisation rows only; >0 that school */
	const char *state;	/* NULL: any */
};

/* Full check of a form or line: values, tool usable (catalogue_usable;
 * keep_tool, the tool a row already has, passes even when it has since been
 * merged away), school of this org. Fills tool, vendor and school names.
 * Returns the error count, or -1 on a database error. */
int inventory_validate(struct db *db, struct arena *a, int64_t org_id, int64_t keep_tool,
    const struct inv_input *in, struct inv_row *out, const char *err[IF__COUNT]);
/* Rows of org visible to p (school leaders: their schools and the rows for
 * the whole organisation); p NULL means all. Returns the count or -1. */
int inventory_list(struct db *db, struct arena *a, int64_t org_id, const struct principal *p,
    const struct inv_filter *f, struct inv_row **out) WUR;
/* Rows marked public, for the transparency page. */
int inventory_list_public(struct db *db, struct arena *a, int64_t org_id,
    struct inv_row **out) WUR;
/* 1 found, 0 not found (or another organisation's), -1 error. */
int inventory_get(struct db *db, struct arena *a, int64_t org_id, int64_t id,
    struct inv_row *out) WUR;
/* The id of the row for (org, tool, school), 0 when none, -1 on error. */
int64_t inventory_find(struct db *db, int64_t org_id, int64_t tool_id, int64_t school_id);

/* Writes: in the caller's transaction, audited. create returns the new id,
 * 0 when the (tool, school) pair already has a row, -1 on error. update and
 * delete return 1 done, 0 not found, 2 (update) the pair is taken, -1 error.
 * source is recorded in the audit detail ("form", "import", "demo"). */
int64_t inventory_create(struct db *db, struct arena *a, int64_t org_id,
    const struct inv_row *row, const char *source, int64_t actor, int64_t now);
int inventory_update(struct db *db, struct arena *a, int64_t org_id, int64_t id,
    const struct inv_row *row, const char *source, int64_t actor, int64_t now) WUR;
int inventory_delete(struct db *db, struct arena *a, int64_t org_id, int64_t id,
    int64_t actor, int64_t now) WUR;

/* The organisation of a municipality or county number (public page). */
int64_t inventory_public_org(struct db *db, const char *number);

#endif
