/*
 * audit.c - hash-chained audit events; see audit.h.
 *
 * The chain head per organisation lives in audit_heads. Bumping it with
 * UPDATE ... RETURNING takes the row lock on PostgreSQL (and SQLite holds
 * the database write lock from BEGIN IMMEDIATE), so two writers of the same
 * organisation serialise and never fork the chain.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "../db/db.h"
#include "../core/buf.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

void
audit_hash(const char *prev, int64_t org_id, int64_t seq, int64_t at, int64_t actor,
    const char *action, const char *otype, int64_t oid, const char *detail, char out[65])
{
	crypto_hash_sha256_state s;
	unsigned char h[crypto_hash_sha256_BYTES];
	char num[128];

	crypto_hash_sha256_init(&s);
	/* Length-prefixed fields: no two different events hash the same text. */
#define PART(str) do { \
		const char *_p = (str) ? (str) : ""; \
		snprintf(num, sizeof(num), "%zu:", strlen(_p)); \
		crypto_hash_sha256_update(&s, (const unsigned char *)num, strlen(num)); \
		crypto_hash_sha256_update(&s, (const unsigned char *)_p, strlen(_p)); \
	} while (0)
	PART(prev);
	snprintf(num, sizeof(num), "%lld|%lld|%lld|%lld|%lld|", (long long)org_id,
	    (long long)seq, (long long)at, (long long)actor, (long long)oid);
	crypto_hash_sha256_update(&s, (const unsigned char *)num, strlen(num));
	PART(action);
	PART(otype);
	PART(detail);
#undef PART
	crypto_hash_sha256_final(&s, h);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int
audit_log(struct db *db, int64_t org_id, int64_t actor_id, const char *action,
    const char *otype, int64_t oid, const char *detail, int64_t now)
{
	struct db_stmt *st;
	char prev[65], hash[65];
	int64_t seq;
	int rc;

	if (detail == NULL)
		detail = "{}";
	if (db_run(db, "INSERT INTO audit_heads (org_id, seq, hash) VALUES (?, 0, ?)"
	    " ON CONFLICT (org_id) DO NOTHING", "is", org_id, GENESIS) < 0)
		return -1;
	st = db_query(db, "UPDATE audit_heads SET seq = seq + 1 WHERE org_id = ?"
	    " RETURNING seq, hash", &rc, "i", org_id);
	if (rc != 1) {
		if (st)
			db_reset(st);
		return -1;
	}
	seq = db_col_int(st, 0);
	snprintf(prev, sizeof(prev), "%s", db_col_text(st, 1));
	/* Drain so the statement completes on SQLite before the next write. */
	while ((rc = db_step(st)) == 1)
		;
	db_reset(st);
	if (rc < 0)
		return -1;
	audit_hash(prev, org_id, seq, now, actor_id, action, otype, oid, detail, hash);
	if (db_run(db, "UPDATE audit_heads SET hash = ? WHERE org_id = ?", "si", hash, org_id) < 0)
		return -1;
	return db_run(db, "INSERT INTO audit (org_id, seq, at, actor_id, action, object_type,"
	    " object_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iiiississs", org_id, seq, now, actor_id, action, otype, oid, detail, prev, hash)
	    < 0 ? -1 : 0;
}

int
audit_json(struct db *db, int64_t org_id, int64_t actor_id, const char *action,
    const char *object_type, int64_t object_id, json_t *detail, int64_t now)
{
	char *s = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc = audit_log(db, org_id, actor_id, action, object_type, object_id,
	    s ? s : "{}", now);

	free(s);
	json_decref(detail);
	return rc;
}

int
audit_verify(struct db *db, char *msg, int msglen)
{
	struct db_stmt *st;
	int rc, broken = 0;
	int64_t cur_org = -1, expect_seq = 0;
	char prev[65] = GENESIS, h[65];

	st = db_query(db, "SELECT org_id, seq, at, actor_id, action, object_type, object_id,"
	    " detail, prev_hash, hash, id FROM audit ORDER BY org_id, seq", &rc, "");
	while (rc == 1) {
		int64_t org = db_col_int(st, 0), seq = db_col_int(st, 1);
		if (org != cur_org) {
			cur_org = org;
			expect_seq = 1;
			snprintf(prev, sizeof(prev), "%s", GENESIS);
		}
		audit_hash(prev, org, seq, db_col_int(st, 2), db_col_int(st, 3),
		    db_col_text(st, 4), db_col_text(st, 5), db_col_int(st, 6),
		    db_col_text(st, 7), h);
		if (seq != expect_seq) {
			snprintf(msg, (size_t)msglen, "organisation %lld: event %lld missing"
			    " (found %lld)", (long long)org, (long long)expect_seq, (long long)seq);
			broken = 1;
			break;
		}
		if (strcmp(db_col_text(st, 8), prev) != 0 || strcmp(db_col_text(st, 9), h) != 0) {
			snprintf(msg, (size_t)msglen, "organisation %lld: event %lld (id %lld)"
			    " does not match its hash", (long long)org, (long long)seq,
			    (long long)db_col_int(st, 10));
			broken = 1;
			break;
		}
		snprintf(prev, sizeof(prev), "%s", h);
		expect_seq++;
		rc = db_step(st);
	}
	if (st)
		db_reset(st);
	if (rc < 0)
		return -1;
	if (!broken) {
		/* Events deleted from the end show as a head ahead of the chain. */
		st = db_query(db, "SELECT h.org_id, h.seq FROM audit_heads h WHERE h.seq <>"
		    " (SELECT COUNT(*) FROM audit a WHERE a.org_id = h.org_id)", &rc, "");
		if (rc == 1) {
			snprintf(msg, (size_t)msglen, "organisation %lld: chain head at event %lld"
			    " but events are missing", (long long)db_col_int(st, 0),
			    (long long)db_col_int(st, 1));
			broken = 1;
		}
		if (st)
			db_reset(st);
		if (rc < 0)
			return -1;
	}
	if (!broken)
		snprintf(msg, (size_t)msglen, "audit chain intact");
	return broken;
}
