/*
 * user.h - people, their memberships (user × organisation × role) and
 * invitations. Every change is audited in the organisation it concerns.
 */
#ifndef SKOLESEC_USER_H
#define SKOLESEC_USER_H

#include <stdint.h>

#include "authz.h"

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;

struct member {
	int64_t user_id;
	const char *email, *name;
	unsigned roles;		/* bit per enum role */
};

#define MAX_LED_SCHOOLS 64

struct invite {
	int64_t id, org_id, created_at, expires_at;
	const char *email, *org_name;
	enum role role;
	int64_t schools[MAX_LED_SCHOOLS];	/* school leaders */
	int nschools;
};

/* Creates a user (password may be NULL: cannot log in until set). Returns
 * the id, 0 when the e-mail is taken, -1 on error. */
int64_t user_create(struct db *db, const char *email, const char *name,
    const char *password, int64_t actor, int64_t now);
int64_t user_find(struct db *db, const char *email);
int user_set_password(struct db *db, int64_t user_id, const char *password,
    int64_t actor, int64_t now) WUR;

/* Adds a role (no-op when held). school_ids limit a school leader. */
int membership_add(struct db *db, int64_t user_id, int64_t org_id, enum role role,
    const int64_t *school_ids, int nschools, int64_t actor, int64_t now) WUR;
/* Replaces the user's roles in org with `roles` (bits). Refuses (returns 1)
 * to leave the organisation without anyone who can manage its users. */
int membership_set(struct db *db, int64_t user_id, int64_t org_id, unsigned roles,
    int64_t actor, int64_t now) WUR;
int member_list(struct db *db, struct arena *a, int64_t org_id, struct member **out) WUR;
/* The schools a school leader leads in org (ids into out, at most max). */
int led_schools(struct db *db, int64_t user_id, int64_t org_id, int64_t *out, int max) WUR;
/* Replaces the schools a school leader leads; only the org's schools count. */
int led_schools_set(struct db *db, int64_t user_id, int64_t org_id, const int64_t *ids,
    int n, int64_t actor, int64_t now) WUR;

/* Invitations: the token is returned once, only its hash is stored. */
int invite_create(struct db *db, int64_t org_id, const char *email, enum role role,
    const int64_t *schools, int nschools, int64_t actor, int64_t now, char token[44]) WUR;
/* 1 found and usable, 0 unknown/used/expired, -1 error. */
int invite_lookup(struct db *db, struct arena *a, const char *token, int64_t now,
    struct invite *out) WUR;
/* Accepts: creates the user if new (with name and password), or adds the
 * role to the existing user, marks the invite used. */
int invite_accept(struct db *db, const struct invite *inv, int64_t user_id,
    const char *name, const char *password, int64_t now, int64_t *out_user) WUR;
int invite_list(struct db *db, struct arena *a, int64_t org_id, int64_t now,
    struct invite **out) WUR;

#endif
