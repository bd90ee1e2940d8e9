/*
 * auth.h - local accounts: argon2id password hashes (libsodium), sessions
 * stored hashed, login rate limits, and one-time invitation tokens.
 *
 * Tokens (sessions, invitations) are 256 random bits sent to the browser as
 * base64url; the database keeps only their SHA-256, so a read of the
 * database does not hand out live sessions.
 */
#ifndef SKOLESEC_AUTH_H
#define SKOLESEC_AUTH_H

#include <stdint.h>

#define WUR __attribute__((warn_unused_result))

struct db;
struct arena;

#define TOKEN_LEN 43		/* base64url of 32 bytes, no padding */

int auth_init(void) WUR;	/* sodium_init */
/* "standard" (default), "interactive", "moderate" or "min" (tests). */
int auth_set_cost(const char *name) WUR;
void auth_set_session_limits(int64_t idle_s, int64_t absolute_s);

int auth_hash_password(const char *pw, char out[128]) WUR;
int auth_check_password(const char *hash, const char *pw);	/* 1 match */
/* Minimum rules for a new password; returns a msgid or NULL when fine. */
const char *auth_password_problem(const char *pw);

void auth_random_token(char out[TOKEN_LEN + 1]);
void auth_token_hash(const char *token, char out[65]);
int auth_token_eq(const char *a, const char *b);	/* constant time */

/* Sessions. */
int session_create(struct db *db, int64_t user_id, int64_t now,
    char token[TOKEN_LEN + 1], char csrf[TOKEN_LEN + 1]) WUR;
/* Looks a token up, enforcing idle and absolute expiry. 1 found, 0 not, -1 error. */
int session_lookup(struct db *db, struct arena *a, const char *token, int64_t now,
    int64_t *user_id, int64_t *session_id, const char **csrf) WUR;
int session_delete(struct db *db, int64_t session_id) WUR;
int session_delete_user(struct db *db, int64_t user_id, int64_t except) WUR;

/* Rate limit: counts events for key in a fixed window. Returns 1 when the
 * key is over max (the caller refuses), 0 when allowed, -1 on error. */
int ratelimit_over(struct db *db, const char *key, int64_t now, int64_t window,
    int64_t max) WUR;
int ratelimit_hit(struct db *db, const char *key, int64_t now, int64_t window) WUR;
int ratelimit_clear(struct db *db, const char *key) WUR;

/* Login: verifies email/password with rate limits. Returns 1 ok (user_id
 * set), 0 wrong credentials, 2 rate limited, -1 error. */
int auth_login(struct db *db, const char *email, const char *pw, const char *addr,
    int64_t now, int64_t *user_id) WUR;
/* Re-checks the password of a known user (password change, accepting an
 * invitation with an existing account) under the same rate limits as login.
 * Returns 1 ok, 0 wrong, 2 rate limited, -1 error. */
int auth_verify_user(struct db *db, int64_t user_id, const char *pw, const char *addr,
    int64_t now) WUR;

#endif
