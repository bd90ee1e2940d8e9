/*
 * server.c - libmicrohttpd glue. Thread pool with epoll; one struct req per
 * request, created in the URI-log callback (which sees the raw URI, so we
 * parse the query ourselves) and freed in the completion callback, after the
 * response bytes have been sent: the response body can therefore point into
 * the request arena without a copy.
 *
 * Limits are enforced here: body size (413), header size (MHD answers 431),
 * connections per address, idle timeout for slow clients.
 *
 * Each connection belongs to one pool thread, so a request that computes an
 * argon2id hash for a few hundred milliseconds would stall every other
 * connection of that thread. Such requests (r->defer set by the handler
 * pipeline) are suspended and handed to a small worker pool; the worker
 * resumes the connection when the response is ready.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "request.h"
#include "server.h"
#include "../core/log.h"
#include "../core/buf.h"

#define ARENA_LIMIT (64u << 20)

static const struct server_config *cfg;
static atomic_int inflight;

/* The deferred-work queue: a FIFO guarded by one mutex. */
struct job {
	struct req *r;
	struct job *next;
};
static pthread_mutex_t qmu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t qcv = PTHREAD_COND_INITIALIZER;
static struct job *qhead, *qtail;
static int qstop, qlen;

/* More queued password checks than this and new ones get 503 at once: the
 * queue is bounded so a burst of logins cannot hold 1000 connections. */
#define QUEUE_MAX 256

static void *
worker(void *arg)
{
	(void)arg;
	for (;;) {
		struct job *j;
		pthread_mutex_lock(&qmu);
		while (qhead == NULL && !qstop)
			pthread_cond_wait(&qcv, &qmu);
		if (qhead == NULL) {
			pthread_mutex_unlock(&qmu);
			return NULL;
		}
		j = qhead;
		qhead = j->next;
		if (qhead == NULL)
			qtail = NULL;
		qlen--;
		pthread_mutex_unlock(&qmu);
		cfg->run_deferred(j->r);
		j->r->deferred_done = 1;
		MHD_resume_connection(j->r->conn);
		free(j);
	}
}

static int
enqueue(struct req *r)
{
	struct job *j = calloc(1, sizeof(*j));

	if (j == NULL)
		return -1;
	j->r = r;
	pthread_mutex_lock(&qmu);
	if (qstop || qlen >= QUEUE_MAX) {
		pthread_mutex_unlock(&qmu);
		free(j);
		return -1;
	}
	qlen++;
	if (qtail)
		qtail->next = j;
	else
		qhead = j;
	qtail = j;
	pthread_cond_signal(&qcv);
	pthread_mutex_unlock(&qmu);
	return 0;
}

int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void *
uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct req *r = calloc(1, sizeof(*r));
	const union MHD_ConnectionInfo *ci;
	char addr[INET6_ADDRSTRLEN] = "?";

	(void)cls;
	if (r == NULL)
		return NULL;
	arena_init(&r->arena, ARENA_LIMIT);
	r->t0_us = now_us();
	r->conn = c;
	r->app = cfg->app;
	r->file_fd = -1;
	r->raw_uri = arena_strdup(&r->arena, uri ? uri : "/");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof(addr));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, sizeof(addr));
	}
	r->remote = arena_strdup(&r->arena, addr);
	buf_init(&r->body, cfg->max_body, &r->arena);
	buf_init(&r->out, 32u << 20, &r->arena);
	atomic_fetch_add(&inflight, 1);
	return r;
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req *r = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (r == NULL)
		return;
	if (r->file_fd >= 0)
		close(r->file_fd);
	arena_free(&r->arena);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

const char *
req_header(struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

/* The URI as logged: control bytes escaped (no forged log lines) and the
 * secret part of invitation links masked (the database keeps only hashes
 * of them; the log must not undo that). */
static const char *
loggable_uri(struct req *r)
{
	struct buf b;
	const char *p = r->raw_uri;

	buf_init(&b, 8192, &r->arena);
	if (strncmp(p, "/invite/", 8) == 0) {
		buf_puts(&b, "/invite/***");
		p += strcspn(p, "?");
	}
	for (; *p && b.len < 2048; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x20 || ch == 0x7f || ch == '\\' || ch == ' ')
			buf_printf(&b, "\\x%02x", ch);
		else
			buf_putc(&b, (char)ch);
	}
	return buf_str(&b) ? buf_str(&b) : "?";
}

static enum MHD_Result
send_response(struct req *r, struct MHD_Connection *c)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	size_t bytes = r->file_fd >= 0 ? (size_t)r->file_size : r->out.len;
	int i;

	if (r->file_fd >= 0) {
		resp = MHD_create_response_from_fd64((uint64_t)r->file_size, r->file_fd);
		r->file_fd = -1;	/* MHD owns it now */
	} else
		resp = MHD_create_response_from_buffer(r->out.len,
		    r->out.p ? r->out.p : (char *)"", MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	if (r->ctype)
		MHD_add_response_header(resp, "Content-Type", r->ctype);
	for (i = 0; i < r->nhdrs; i++)
		MHD_add_response_header(resp, r->hdrs[i].k, r->hdrs[i].v);
	ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	log_info("%s %s %d %.2fms %zuB %s", r->method, loggable_uri(r), r->status,
	    (double)(now_us() - r->t0_us) / 1000.0, bytes, r->remote);
	return ret;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct req *r = *con_cls;
	enum MHD_Result ret;

	(void)cls;
	(void)url;
	(void)version;
	if (r == NULL)
		return MHD_NO;
	if (r->deferred_done)
		return send_response(r, c);	/* resumed after the worker */
	if (r->method == NULL) {
		/* First call: headers are in, no body yet. */
		const char *cl;
		r->method = arena_strdup(&r->arena, method);
		if (cfg->max_body_for)
			r->body.max = cfg->max_body_for(cfg->app, r->method, url);
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > cfg->max_body) {
			/* Beyond what any route accepts: answer 413 now rather than
			 * read it; libmicrohttpd closes the connection after it. */
			r->body_too_large = 1;
			cfg->begin(r);
			cfg->handle(r);
			ret = send_response(r, c);
			cfg->end(r);
			return ret;
		}
		/* Over this route's limit but within the largest: the body is read
		 * and dropped (below) so the client, still sending, reliably
		 * receives the 413 instead of a reset connection. */
		if (cl && strtoull(cl, NULL, 10) > r->body.max)
			r->body_too_large = 1;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!r->body_too_large) {
			buf_put(&r->body, upload_data, *upload_data_size);
			if (buf_err(&r->body))
				r->body_too_large = 1;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	cfg->begin(r);
	cfg->handle(r);
	if (r->defer) {
		cfg->end(r);	/* the worker takes its own database connection */
		MHD_suspend_connection(c);
		if (enqueue(r) == 0)
			return MHD_YES;
		MHD_resume_connection(c);
		r->defer = NULL;
		r->status = 503;
		buf_reset(&r->out);
		return send_response(r, c);
	}
	ret = send_response(r, c);
	cfg->end(r);
	return ret;
}

void
req_add_header(struct req *r, const char *k, const char *v)
{
	if (r->nhdrs >= REQ_MAX_HDRS) {
		/* A broken invariant: the limit is far above what any route sets. */
		log_err("header %s dropped: more than %d headers", k, REQ_MAX_HDRS);
		return;
	}
	r->hdrs[r->nhdrs].k = k;
	r->hdrs[r->nhdrs].v = v;
	r->nhdrs++;
}

int
server_run(const struct server_config *c)
{
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *di;
	struct sockaddr_in sa;
	sigset_t set;
	pthread_t tids[16];
	int sig, waited, idle, nw = c->workers < 1 ? 1 : c->workers > 16 ? 16 : c->workers;

	cfg = c;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)c->port);
	if (inet_pton(AF_INET, c->bind, &sa.sin_addr) != 1) {
		log_err("bad bind address %s (IPv4 expected)", c->bind);
		return -1;
	}
	/* Block the stop signals before MHD starts threads, so only sigwait
	 * below receives them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (int i = 0; i < nw; i++)
		if (pthread_create(&tids[i], NULL, worker, NULL)) {
			log_err("cannot start worker threads");
			return -1;
		}
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL, access_cb, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)c->threads,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)c->per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)c->timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, c->max_header,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	if (d == NULL) {
		log_err("cannot listen on %s:%d", c->bind, c->port);
		return -1;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("skolesec: listening on http://%s:%u\n", c->bind,
	    di ? (unsigned)di->port : (unsigned)c->port);
	fflush(stdout);

	sigwait(&set, &sig);
	log_info("signal %d: stopping, %d request(s) in flight", sig,
	    atomic_load(&inflight));
	MHD_quiesce_daemon(d);
	/* Requests in flight, queued password checks included, finish; the
	 * workers drain the queue and resume each suspended connection, so none
	 * is left suspended when the daemon stops (libmicrohttpd aborts then). */
	/* Idle means no request for 300 ms in a row: a request already sent on an
	 * open connection may not have been read the instant the count is 0. */
	for (waited = 0, idle = 0; idle < 3 && waited < 300; waited++) {
		idle = atomic_load(&inflight) > 0 ? 0 : idle + 1;
		usleep(100000);
	}
	pthread_mutex_lock(&qmu);
	qstop = 1;
	pthread_cond_broadcast(&qcv);
	pthread_mutex_unlock(&qmu);
	for (int i = 0; i < nw; i++)
		pthread_join(tids[i], NULL);
	if (atomic_load(&inflight) > 0)
		log_err("stopping with %d request(s) unfinished", atomic_load(&inflight));
	MHD_stop_daemon(d);
	return 0;
}
