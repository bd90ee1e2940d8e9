/*
 * app.h - the application behind the HTTP server: configuration, the route
 * table, and the central request pipeline (session, CSRF, authz) that runs
 * before every handler.
 */
#ifndef SKOLESEC_APP_H
#define SKOLESEC_APP_H

#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"

struct req;
struct db_pool;
struct field;
struct fval;

struct app {
	struct db_pool *pool;
	const char *static_dir;
	int cookie_secure;
	const char *trusted_proxy;	/* address whose X-Forwarded-For we believe */
	size_t max_body;		/* request body limit of ordinary routes */
	size_t max_upload;		/* ... of routes flagged RF_UPLOAD */
};

enum route_flag {
	RF_ORG = 1,		/* pattern has :org; authz is checked on it */
	RF_SLOW = 4,		/* hashes a password: run on a worker thread */
	RF_UPLOAD = 8,		/* takes a file's content: the larger body limit */
};

struct route {
	const char *method;
	const char *pattern;	/* "/o/:org/schools/:id"; "*" at the end matches a tail */
	void (*handler)(struct req *);
	enum action act;
	unsigned flags;
};

extern const struct route routes[];
extern const int nroutes;

void app_begin(struct req *r);
void app_handle(struct req *r);
void app_end(struct req *r);
void app_run_deferred(struct req *r);
/* The body limit for a request, decided by its route before the body is
 * read (so an oversized body is refused without reading it). */
size_t app_max_body(void *app, const char *method, const char *path);

/* Route matching, exposed for unit tests: 1 match, 0 no match. */
int route_match(const char *pattern, const char *path, struct req *r);

/* Helpers for handlers. */
int64_t now_s(void);
/* The :name parameter as a positive id, or 0 when it is not one. */
int64_t param_id(struct req *r, const char *name);
/* Validates r->form (POST) or r->qs (GET) against declared fields. */
int form_read(struct req *r, const struct field *f, int n, struct fval *v);
void page_error(struct req *r, int status, const char *msgid);
/* Sets the session cookie and rotates the CSRF token after login. */
void app_login(struct req *r, int64_t user_id);
void app_logout(struct req *r);
/* The CSRF token for a form on this page (sets the pre-login cookie when
 * the visitor has none yet). */
const char *app_csrf(struct req *r);
int app_cookie_secure(struct req *r);

#endif
