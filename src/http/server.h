/*
 * server.h - the HTTP server: the only part of skolesec that knows
 * libmicrohttpd. It turns each request into a struct req, calls the
 * application's handler, sends the response and logs one access line.
 */
#ifndef SKOLESEC_SERVER_H
#define SKOLESEC_SERVER_H

#include <stddef.h>
#include <stdint.h>

struct req;

struct server_config {
	const char *bind;	/* address to listen on */
	int port;		/* 0: any free port (printed at start) */
	int threads;
	size_t max_body;	/* bytes: the largest any route accepts */
	/* The limit for one request, from its method and path; NULL: max_body. */
	size_t (*max_body_for)(void *app, const char *method, const char *path);
	size_t max_header;	/* bytes for request line + headers */
	int per_ip;		/* concurrent connections per address */
	int timeout;		/* seconds a connection may idle */
	void (*handle)(struct req *);	/* fills r->status, r->out ... */
	void (*begin)(struct req *);	/* per-request setup (db, lang) */
	void (*end)(struct req *);	/* per-request teardown */
	/* Runs r->defer on a worker thread (with its own setup/teardown). */
	void (*run_deferred)(struct req *);
	int workers;		/* threads for deferred (slow) requests */
	void *app;
};

/* Serves until SIGTERM or SIGINT, then stops accepting, lets in-flight
 * requests finish (up to a grace period) and returns 0. */
int server_run(const struct server_config *cfg) __attribute__((warn_unused_result));

int64_t now_us(void);

#endif
