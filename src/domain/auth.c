/*
 * auth.c - passwords, sessions, rate limits; see auth.h.
 *
 * Login rate limits count failures per account and per address in a fixed
 * 15-minute window in the database, so several app servers share them. A
 * wrong password costs the same argon2id time as a right one, and an unknown
 * account is checked against a dummy hash so timing does not tell whether an
 * account exists.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../core/msgid.h"
#include "auth.h"
#include "../db/db.h"
#include "../core/arena.h"
#include "../core/buf.h"

static unsigned long long opslimit;
static size_t memlimit;
static int64_t idle_limit = 2 * 3600, absolute_limit = 12 * 3600;
static char dummy_hash[128];

#define LOGIN_WINDOW 900
#define LOGIN_MAX_ACCOUNT 5
#define LOGIN_MAX_ADDR 30

int
auth_init(void)
{
	if (sodium_init() < 0)
		return -1;
	return auth_set_cost("standard");
}

int
auth_set_cost(const char *name)
{
	if (strcmp(name, "standard") == 0) {
		/* OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, t=2. */
		opslimit = 2;
		memlimit = 19u << 20;
	} else if (strcmp(name, "min") == 0) {
		opslimit = crypto_pwhash_OPSLIMIT_MIN;
		memlimit = crypto_pwhash_MEMLIMIT_MIN;
	} else if (strcmp(name, "interactive") == 0) {
		opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	} else if (strcmp(name, "moderate") == 0) {
		opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
		memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
	} else
		return -1;
	return auth_hash_password("not-a-real-password", dummy_hash);
}

void
auth_set_session_limits(int64_t idle_s, int64_t absolute_s)
{
	idle_limit = idle_s;
	absolute_limit = absolute_s;
}

int
auth_hash_password(const char *pw, char out[128])
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw), opslimit, memlimit,
	    crypto_pwhash_ALG_ARGON2ID13);
}

int
auth_check_password(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

const char *
auth_password_problem(const char *pw)
{
	if (pw == NULL || strlen(pw) < 10)
		return N_("The password must be at least 10 characters.");
	if (strlen(pw) > 200)
		return N_("The password is too long.");
	return NULL;
}

void
auth_random_token(char out[TOKEN_LEN + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
auth_token_hash(const char *token, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int
auth_token_eq(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

int
session_create(struct db *db, int64_t user_id, int64_t now,
    char token[TOKEN_LEN + 1], char csrf[TOKEN_LEN + 1])
{
	char h[65];

	auth_random_token(token);
	auth_random_token(csrf);
	auth_token_hash(token, h);
	/* Expired sessions of anyone are swept at each login: cheap, indexed
	 * by nothing but rare enough not to matter. */
	if (db_run(db, "DELETE FROM sessions WHERE seen_at < ? OR created_at < ?", "ii",
	    now - idle_limit, now - absolute_limit) < 0)
		return -1;
	return db_run(db, "INSERT INTO sessions (token_hash, user_id, csrf, created_at, seen_at)"
	    " VALUES (?, ?, ?, ?, ?)", "sisii", h, user_id, csrf, now, now) < 0 ? -1 : 0;
}

int
session_lookup(struct db *db, struct arena *a, const char *token, int64_t now,
    int64_t *user_id, int64_t *session_id, const char **csrf)
{
	struct db_stmt *st;
	char h[65];
	int rc;
	int64_t created, seen;

	auth_token_hash(token, h);
	st = db_query(db, "SELECT id, user_id, csrf, created_at, seen_at FROM sessions"
	    " WHERE token_hash = ?", &rc, "s", h);
	if (rc != 1) {
		if (st)
			db_reset(st);
		return rc;
	}
	*session_id = db_col_int(st, 0);
	*user_id = db_col_int(st, 1);
	*csrf = arena_strdup(a, db_col_text(st, 2));
	created = db_col_int(st, 3);
	seen = db_col_int(st, 4);
	db_reset(st);
	if (now - seen > idle_limit || now - created > absolute_limit) {
		if (session_delete(db, *session_id))
			return -1;
		return 0;
	}
	/* Write seen_at at most once a minute: a write per page view would
	 * serialise readers on SQLite for no gain in precision. */
	if (now - seen >= 60 &&
	    db_run(db, "UPDATE sessions SET seen_at = ? WHERE id = ?", "ii", now, *session_id) < 0)
		return -1;
	return 1;
}

int
session_delete(struct db *db, int64_t session_id)
{
	return db_run(db, "DELETE FROM sessions WHERE id = ?", "i", session_id) < 0 ? -1 : 0;
}

int
session_delete_user(struct db *db, int64_t user_id, int64_t except)
{
	return db_run(db, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", "ii",
	    user_id, except) < 0 ? -1 : 0;
}

int
ratelimit_over(struct db *db, const char *key, int64_t now, int64_t window, int64_t max)
{
	struct db_stmt *st;
	int rc, over = 0;

	st = db_query(db, "SELECT window_start, count FROM ratelimit WHERE key = ?", &rc, "s", key);
	if (rc == 1)
		over = db_col_int(st, 0) > now - window && db_col_int(st, 1) >= max;
	if (st)
		db_reset(st);
	return rc < 0 ? -1 : over;
}

int
ratelimit_hit(struct db *db, const char *key, int64_t now, int64_t window)
{
	/* A window that has passed restarts at 1; otherwise count up. */
	return db_run(db, "INSERT INTO ratelimit (key, window_start, count) VALUES (?, ?, 1)"
	    " ON CONFLICT (key) DO UPDATE SET"
	    " count = CASE WHEN ratelimit.window_start <= ? THEN 1 ELSE ratelimit.count + 1 END,"
	    " window_start = CASE WHEN ratelimit.window_start <= ? THEN ? ELSE ratelimit.window_start END",
	    "siiii", key, now, now - window, now - window, now) < 0 ? -1 : 0;
}

int
ratelimit_clear(struct db *db, const char *key)
{
	return db_run(db, "DELETE FROM ratelimit WHERE key = ?", "s", key) < 0 ? -1 : 0;
}

/*
 * Checks pw against hash with the login rate limits of the account (keyed by
 * e-mail) and the client address. The account limit refuses even a right
 * password, so a guessed account stays locked; the address limit refuses only
 * wrong ones, so that many people behind one proxy or school NAT are not
 * locked out by someone else's failures.
 */
static int
check_limited(struct db *db, const char *email, const char *hash, const char *pw,
    const char *addr, int64_t now)
{
	char kacct[300], kaddr[100];
	int a, b, ok;

	snprintf(kacct, sizeof(kacct), "login:acct:%s", email ? email : "");
	snprintf(kaddr, sizeof(kaddr), "login:addr:%s", addr);
	a = ratelimit_over(db, kacct, now, LOGIN_WINDOW, LOGIN_MAX_ACCOUNT);
	b = ratelimit_over(db, kaddr, now, LOGIN_WINDOW, LOGIN_MAX_ADDR);
	if (a < 0 || b < 0)
		return -1;
	if (a)
		return 2;
	ok = auth_check_password(hash ? hash : dummy_hash, pw) && hash != NULL;
	if (!ok) {
		if (ratelimit_hit(db, kacct, now, LOGIN_WINDOW) ||
		    ratelimit_hit(db, kaddr, now, LOGIN_WINDOW))
			return -1;
		return b ? 2 : 0;
	}
	return ratelimit_clear(db, kacct) ? -1 : 1;
}

/* Looks up a user by e-mail or id; copies the hash when the user can log in. */
static int
lookup(struct db *db, const char *email, int64_t id, int64_t *uid, char *mail,
    size_t maillen, char *hash, size_t hashlen)
{
	struct db_stmt *st;
	int rc;

	st = email ?
	    db_query(db, "SELECT id, pwhash, email FROM users WHERE email = ? AND disabled = 0",
	    &rc, "s", email) :
	    db_query(db, "SELECT id, pwhash, email FROM users WHERE id = ? AND disabled = 0",
	    &rc, "i", id);
	if (rc == 1 && db_col_text(st, 1)) {
		*uid = db_col_int(st, 0);
		snprintf(hash, hashlen, "%s", db_col_text(st, 1));
		snprintf(mail, maillen, "%s", db_col_text(st, 2));
	} else
		rc = rc < 0 ? -1 : 0;
	if (st)
		db_reset(st);
	return rc;
}

int
auth_login(struct db *db, const char *email, const char *pw, const char *addr,
    int64_t now, int64_t *user_id)
{
	char hash[128], mail[300];
	int64_t uid = 0;
	int rc = lookup(db, email, 0, &uid, mail, sizeof(mail), hash, sizeof(hash));

	if (rc < 0)
		return -1;
	rc = check_limited(db, email, rc == 1 ? hash : NULL, pw, addr, now);
	if (rc == 1)
		*user_id = uid;
	return rc;
}

int
auth_verify_user(struct db *db, int64_t user_id, const char *pw, const char *addr, int64_t now)
{
	char hash[128], mail[300];
	int64_t uid = 0;
	int rc = lookup(db, NULL, user_id, &uid, mail, sizeof(mail), hash, sizeof(hash));

	if (rc < 0)
		return -1;
	return check_limited(db, rc == 1 ? mail : NULL, rc == 1 ? hash : NULL, pw, addr, now);
}
