/*
 * user.c - users, memberships, invitations; see user.h.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "user.h"
#include "../db/db.h"
#include "../core/arena.h"
#include "../core/buf.h"

#define INVITE_TTL (14 * 86400)

int64_t
user_find(struct db *db, const char *email)
{
	struct db_stmt *st;
	int64_t id = 0;
	int rc;

	st = db_query(db, "SELECT id FROM users WHERE email = ?", &rc, "s", email);
	if (rc == 1)
		id = db_col_int(st, 0);
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : id;
}

int64_t
user_create(struct db *db, const char *email, const char *name, const char *password,
    int64_t actor, int64_t now)
{
	char hash[128];
	int64_t id;

	if ((id = user_find(db, email)) != 0)
		return id < 0 ? -1 : 0;
	if (password && auth_hash_password(password, hash))
		return -1;
	id = db_insert(db, "INSERT INTO users (email, name, pwhash, created_at) VALUES (?, ?, ?, ?)"
	    " RETURNING id", "sssi", email, name, password ? hash : NULL, now);
	if (id < 0)
		return -1;
	if (audit_json(db, 0, actor, "user.create", "user", id,
	    json_pack("{s:s, s:s}", "email", email, "name", name), now))
		return -1;
	return id;
}

int
user_set_password(struct db *db, int64_t user_id, const char *password, int64_t actor,
    int64_t now)
{
	char hash[128];

	if (auth_hash_password(password, hash))
		return -1;
	if (db_run(db, "UPDATE users SET pwhash = ? WHERE id = ?", "si", hash, user_id) < 0)
		return -1;
	return audit_json(db, 0, actor, "user.password", "user", user_id, NULL, now);
}

int
membership_add(struct db *db, int64_t user_id, int64_t org_id, enum role role,
    const int64_t *school_ids, int nschools, int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int64_t mid = 0;
	int rc;
	json_t *sch;

	if (db_run(db, "INSERT INTO memberships (user_id, org_id, role, created_at)"
	    " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, org_id, role) DO NOTHING",
	    "iisi", user_id, org_id, role_name(role), now) < 0)
		return -1;
	st = db_query(db, "SELECT id FROM memberships WHERE user_id = ? AND org_id = ? AND role = ?",
	    &rc, "iis", user_id, org_id, role_name(role));
	if (rc == 1)
		mid = db_col_int(st, 0);
	if (st)
		db_reset(st);
	if (rc != 1)
		return -1;
	sch = json_array();
	for (int i = 0; i < nschools; i++) {
		/* Only schools of this organisation can be granted. */
		if (db_run(db, "INSERT INTO membership_schools (membership_id, school_id)"
		    " SELECT ?, id FROM schools WHERE id = ? AND org_id = ?"
		    " ON CONFLICT DO NOTHING", "iii", mid, school_ids[i], org_id) < 0) {
			json_decref(sch);
			return -1;
		}
		json_array_append_new(sch, json_integer(school_ids[i]));
	}
	return audit_json(db, org_id, actor, "membership.add", "user", user_id,
	    json_pack("{s:s, s:o}", "role", role_name(role), "schools", sch), now);
}

int
membership_set(struct db *db, int64_t user_id, int64_t org_id, unsigned roles,
    int64_t actor, int64_t now)
{
	struct db_stmt *st;
	unsigned before = 0;
	int rc, admins = 0;
	json_t *b, *a;

	st = db_query(db, "SELECT role FROM memberships WHERE user_id = ? AND org_id = ?",
	    &rc, "ii", user_id, org_id);
	while (rc == 1) {
		enum role r;
		if (role_parse(db_col_text(st, 0), &r) == 0)
			before |= 1u << r;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	if (before == roles)
		return 0;
	/* Someone must keep the right to manage users (an org admin, or the
	 * editor role of a national, network or vendor organisation). The row
	 * lock on the organisation serialises concurrent role changes, so two
	 * administrators removing each other cannot both pass this check. */
	if (db_run(db, "UPDATE orgs SET id = id WHERE id = ?", "i", org_id) < 0)
		return -1;
	{
		unsigned managers = 0;
		for (int k = 0; k < R__COUNT; k++) {
			struct principal one = { 0 };
			struct membership m = { 0 };
			m.org_id = org_id;
			m.role = (enum role)k;
			one.m = &m;
			one.nm = 1;
			if (authz_allows(&one, A_USERS_MANAGE, org_id, 0))
				managers |= 1u << k;
		}
		if ((before & managers) && !(roles & managers)) {
			st = db_query(db, "SELECT COUNT(DISTINCT user_id) FROM memberships WHERE org_id = ?"
			    " AND user_id <> ? AND role IN (?, ?, ?, ?)", &rc, "iissss", org_id, user_id,
			    "org_admin", "national_editor", "regional_adviser", "vendor_editor");
			if (rc == 1)
				admins = (int)db_col_int(st, 0);
			if (st)
				db_reset(st);
			if (rc < 0)
				return -1;
			if (admins == 0)
				return 1;
		}
	}
	b = json_array();
	a = json_array();
	for (int r = 0; r < R__COUNT; r++) {
		if (before & (1u << r))
			json_array_append_new(b, json_string(role_name((enum role)r)));
		if (roles & (1u << r))
			json_array_append_new(a, json_string(role_name((enum role)r)));
		if ((before & (1u << r)) && !(roles & (1u << r)) &&
		    db_run(db, "DELETE FROM memberships WHERE user_id = ? AND org_id = ? AND role = ?",
		    "iis", user_id, org_id, role_name((enum role)r)) < 0)
			goto fail;
		if (!(before & (1u << r)) && (roles & (1u << r)) &&
		    db_run(db, "INSERT INTO memberships (user_id, org_id, role, created_at)"
		    " VALUES (?, ?, ?, ?)", "iisi", user_id, org_id, role_name((enum role)r), now) < 0)
			goto fail;
	}
	return audit_json(db, org_id, actor, "membership.set", "user", user_id,
	    json_pack("{s:o, s:o}", "before", b, "after", a), now) ? -1 : 0;
fail:
	json_decref(a);
	json_decref(b);
	return -1;
}

int
member_list(struct db *db, struct arena *a, int64_t org_id, struct member **out)
{
	struct db_stmt *st;
	struct member *v;
	int rc, n = 0, cap = 16;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT u.id, u.email, u.name, m.role FROM memberships m"
	    " JOIN users u ON u.id = m.user_id WHERE m.org_id = ? ORDER BY u.name, u.id",
	    &rc, "i", org_id);
	while (rc == 1 && v) {
		int64_t uid = db_col_int(st, 0);
		enum role r;
		if (n == 0 || v[n - 1].user_id != uid) {
			if ((v = arena_grow(a, v, n, &cap, sizeof(*v))) == NULL)
				break;
			v[n].user_id = uid;
			v[n].email = arena_strdup(a, db_col_text(st, 1));
			v[n].name = arena_strdup(a, db_col_text(st, 2));
			v[n].roles = 0;
			n++;
		}
		if (role_parse(db_col_text(st, 3), &r) == 0)
			v[n - 1].roles |= 1u << r;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

int
invite_create(struct db *db, int64_t org_id, const char *email, enum role role,
    const int64_t *schools, int nschools, int64_t actor, int64_t now, char token[44])
{
	char h[65];
	int64_t id;
	json_t *ids = json_array();
	char *sj;

	for (int i = 0; i < nschools; i++)
		json_array_append_new(ids, json_integer(schools[i]));
	sj = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	if (sj == NULL)
		return -1;
	auth_random_token(token);
	auth_token_hash(token, h);
	id = db_insert(db, "INSERT INTO invites (token_hash, org_id, email, role, invited_by,"
	    " created_at, expires_at, schools) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    "sissiiis", h, org_id, email, role_name(role), actor, now, now + INVITE_TTL, sj);
	free(sj);
	if (id < 0)
		return -1;
	ids = json_array();
	for (int i = 0; i < nschools; i++)
		json_array_append_new(ids, json_integer(schools[i]));
	return audit_json(db, org_id, actor, "invite.create", "invite", id,
	    json_pack("{s:s, s:s, s:o}", "email", email, "role", role_name(role), "schools", ids), now);
}

int
invite_lookup(struct db *db, struct arena *a, const char *token, int64_t now,
    struct invite *inv)
{
	char h[65];
	struct db_stmt *st;
	int rc;

	auth_token_hash(token, h);
	st = db_query(db, "SELECT i.id, i.org_id, i.email, i.role, i.created_at, i.expires_at,"
	    " o.name, i.schools FROM invites i JOIN orgs o ON o.id = i.org_id"
	    " WHERE i.token_hash = ? AND i.used_at IS NULL AND i.expires_at > ?",
	    &rc, "si", h, now);
	if (rc == 1) {
		inv->id = db_col_int(st, 0);
		inv->org_id = db_col_int(st, 1);
		inv->email = arena_strdup(a, db_col_text(st, 2));
		if (role_parse(db_col_text(st, 3), &inv->role))
			rc = 0;
		inv->created_at = db_col_int(st, 4);
		inv->expires_at = db_col_int(st, 5);
		inv->org_name = arena_strdup(a, db_col_text(st, 6));
		inv->nschools = 0;
		json_t *ids = json_loads(db_col_text(st, 7) ? db_col_text(st, 7) : "[]", 0, NULL);
		for (size_t k = 0; json_is_array(ids) && k < json_array_size(ids) &&
		    inv->nschools < MAX_LED_SCHOOLS; k++)
			if (json_is_integer(json_array_get(ids, k)))
				inv->schools[inv->nschools++] = json_integer_value(json_array_get(ids, k));
		json_decref(ids);
	}
	if (st)
		db_reset(st);
	return rc;
}

int
invite_accept(struct db *db, const struct invite *inv, int64_t user_id, const char *name,
    const char *password, int64_t now, int64_t *out_user)
{
	/* Mark used first: a second accept of the same token changes nothing. */
	struct db_stmt *st;
	int rc, claimed;

	st = db_query(db, "UPDATE invites SET used_at = ? WHERE id = ? AND used_at IS NULL"
	    " RETURNING id", &rc, "ii", now, inv->id);
	claimed = rc == 1;
	while (rc == 1)
		rc = db_step(st);
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	if (!claimed)
		return 0;
	if (user_id == 0) {
		user_id = user_create(db, inv->email, name, password, 0, now);
		if (user_id <= 0)
			return -1;
	}
	if (membership_add(db, user_id, inv->org_id, inv->role, inv->schools,
	    inv->role == R_SCHOOL_LEADER ? inv->nschools : 0, user_id, now))
		return -1;
	*out_user = user_id;
	return 1;
}

int
invite_list(struct db *db, struct arena *a, int64_t org_id, int64_t now, struct invite **out)
{
	struct db_stmt *st;
	struct invite *v;
	int rc, n = 0, cap = 64;

	v = arena_alloc(a, sizeof(*v) * (size_t)cap);
	st = db_query(db, "SELECT id, email, role, created_at, expires_at FROM invites"
	    " WHERE org_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC",
	    &rc, "ii", org_id, now);
	while (rc == 1 && (v = arena_grow(a, v, n, &cap, sizeof(*v))) != NULL) {
		v[n].id = db_col_int(st, 0);
		v[n].org_id = org_id;
		v[n].email = arena_strdup(a, db_col_text(st, 1));
		if (role_parse(db_col_text(st, 2), &v[n].role) == 0) {
			v[n].created_at = db_col_int(st, 3);
			v[n].expires_at = db_col_int(st, 4);
			n++;
		}
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	*out = v;
	return rc < 0 ? -1 : n;
}

int
led_schools(struct db *db, int64_t user_id, int64_t org_id, int64_t *out, int max)
{
	struct db_stmt *st;
	int rc, n = 0;

	st = db_query(db, "SELECT ms.school_id FROM membership_schools ms JOIN memberships m"
	    " ON m.id = ms.membership_id WHERE m.user_id = ? AND m.org_id = ? AND m.role = ?"
	    " ORDER BY ms.school_id", &rc, "iis", user_id, org_id, "school_leader");
	while (rc == 1 && n < max) {
		out[n++] = db_col_int(st, 0);
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : n;
}

int
led_schools_set(struct db *db, int64_t user_id, int64_t org_id, const int64_t *ids, int n,
    int64_t actor, int64_t now)
{
	struct db_stmt *st;
	int64_t mid = 0, before[MAX_LED_SCHOOLS];
	int rc, nb;
	json_t *b, *a;

	st = db_query(db, "SELECT id FROM memberships WHERE user_id = ? AND org_id = ? AND role = ?",
	    &rc, "iis", user_id, org_id, "school_leader");
	if (rc == 1)
		mid = db_col_int(st, 0);
	if (st)
		db_reset(st);
	if (rc != 1)
		return rc < 0 ? -1 : 1;		/* not a school leader here */
	if ((nb = led_schools(db, user_id, org_id, before, MAX_LED_SCHOOLS)) < 0)
		return -1;
	if (db_run(db, "DELETE FROM membership_schools WHERE membership_id = ?", "i", mid) < 0)
		return -1;
	a = json_array();
	for (int i = 0; i < n; i++) {
		/* Only schools of this organisation can be granted. */
		if (db_run(db, "INSERT INTO membership_schools (membership_id, school_id)"
		    " SELECT ?, id FROM schools WHERE id = ? AND org_id = ?"
		    " ON CONFLICT DO NOTHING", "iii", mid, ids[i], org_id) < 0) {
			json_decref(a);
			return -1;
		}
		json_array_append_new(a, json_integer(ids[i]));
	}
	b = json_array();
	for (int i = 0; i < nb; i++)
		json_array_append_new(b, json_integer(before[i]));
	return audit_json(db, org_id, actor, "membership.schools", "user", user_id,
	    json_pack("{s:o, s:o}", "before", b, "after", a), now) ? -1 : 0;
}
