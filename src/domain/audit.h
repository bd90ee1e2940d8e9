/*
 * audit.h - the tamper-evident record of every change (GDPR Art. 5(2)).
 *
 * Each event holds who, which organisation, what action on which object,
 * what changed (JSON, before/after) and when. Events of one organisation form
 * a chain: each event's hash covers its fields and the previous event's
 * hash, so editing or deleting an event breaks every later link.
 * audit_log() must run inside the transaction that makes the change, so the
 * change and its record commit or fail together.
 */
#ifndef SKOLESEC_AUDIT_H
#define SKOLESEC_AUDIT_H

#include <stdint.h>

struct db;
struct arena;
struct json_t;	/* jansson's json_t */

/* org_id 0 records system events (e.g. users created on the command line). */
int audit_log(struct db *db, int64_t org_id, int64_t actor_id, const char *action,
    const char *object_type, int64_t object_id, const char *detail_json,
    int64_t now) __attribute__((warn_unused_result));

/* audit_log() with the detail given as a jansson value, which it consumes
 * (decref'd on every path). It is written compact with sorted keys; a NULL
 * value records "{}". */
int audit_json(struct db *db, int64_t org_id, int64_t actor_id, const char *action,
    const char *object_type, int64_t object_id, struct json_t *detail,
    int64_t now) __attribute__((warn_unused_result));

/* Checks every chain. Returns 0 when intact, 1 when broken (first broken
 * event described in msg), -1 on error. */
int audit_verify(struct db *db, char *msg, int msglen);

/* The hash of one event, as hex (exposed for tests). */
void audit_hash(const char *prev, int64_t org_id, int64_t seq, int64_t at,
    int64_t actor, const char *action, const char *otype, int64_t oid,
    const char *detail, char out[65]);

#endif
