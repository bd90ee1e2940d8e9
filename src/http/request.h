/*
 * request.h - one HTTP request and its response, as handlers see them.
 *
 * Nothing here names libmicrohttpd: server.c fills a struct req and sends
 * what the handler left in it, so the HTTP library can be swapped by
 * rewriting one file. All memory hanging off a req comes from r->arena and
 * is freed by the server after the response has gone out.
 */
#ifndef SKOLESEC_REQUEST_H
#define SKOLESEC_REQUEST_H

#include <stdint.h>

#include "../core/arena.h"
#include "../core/buf.h"

struct kv {
	const char *k, *v;
};

struct app;
struct db;
struct principal;
struct mpart;

#define REQ_MAX_PARAMS 4
#define REQ_MAX_HDRS 24

struct req {
	struct arena arena;
	struct app *app;
	void *conn;			/* opaque, for server.c */

	/* Request. */
	const char *method;		/* "GET", "HEAD", "POST", ... */
	const char *raw_uri;		/* as sent: path plus query */
	const char *path;		/* percent-decoded path, validated UTF-8 */
	const char *query;		/* raw query string, "" when none */
	const char *remote;		/* client address as text */
	struct buf body;		/* request body, bounded */
	int body_too_large;
	struct kv params[REQ_MAX_PARAMS];	/* from the route pattern */
	int nparams;
	struct kv *qs;			/* decoded query pairs (undeclared) */
	int nqs;
	struct kv *form;		/* decoded urlencoded body pairs */
	int nform;
	/* RF_UPLOAD routes sent as multipart/form-data: every part, files
	 * included (the non-file parts are also in form). */
	const struct mpart *parts;
	int nparts;

	/* Decided centrally before the handler runs (app.c). */
	struct db *db;
	struct principal *who;		/* NULL when not logged in */
	const char *lang;		/* "nb", "nn" or "en" */
	const char *csrf;		/* token to put in forms */
	int64_t org_id;			/* the :org of the route, 0 if none */

	/* Response. */
	int status;
	const char *ctype;
	struct buf out;
	struct kv hdrs[REQ_MAX_HDRS];
	int nhdrs;
	int file_fd;			/* static files: send this fd */
	int64_t file_size;

	/* Slow work (argon2id): the handler runs on a worker thread while the
	 * connection is suspended, so it never stalls the connection threads. */
	void (*defer)(struct req *);
	int deferred_done;

	int64_t t0_us;
};

const char *req_header(struct req *r, const char *name);
const char *req_param(struct req *r, const char *name);
void req_add_header(struct req *r, const char *k, const char *v);
void req_redirect(struct req *r, const char *location);	/* 303 See Other */

#endif
