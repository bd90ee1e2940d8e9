/*
 * pool.c - a fixed set of connections shared by the request threads. Sized to
 * the thread pool, so a request normally gets one without waiting; each
 * connection keeps its own prepared-statement cache.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "../core/buf.h"

struct db_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int n, nfree;
	struct db **all, **free;
};

int
db_pool_open(const char *url, int n, struct db_pool **out, char *err, int errlen)
{
	struct db_pool *p = calloc(1, sizeof(*p));
	int i;

	if (p == NULL || n < 1)
		return -1;
	p->all = calloc((size_t)n, sizeof(*p->all));
	p->free = calloc((size_t)n, sizeof(*p->free));
	if (p->all == NULL || p->free == NULL) {
		free(p->all);
		free(p->free);
		free(p);
		return -1;
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (i = 0; i < n; i++) {
		if (db_open(url, &p->all[i], err, errlen)) {
			p->n = i;
			db_pool_close(p);
			return -1;
		}
		p->free[i] = p->all[i];
	}
	p->n = p->nfree = n;
	*out = p;
	return 0;
}

struct db *
db_pool_get(struct db_pool *p)
{
	struct db *db;

	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	db = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	/* A connection the server dropped is reopened here, before use; if that
	 * fails the request sees errors (healthz says 503) until it comes back. */
	(void)db_check(db);
	return db;
}

void
db_pool_put(struct db_pool *p, struct db *db)
{
	db_rollback(db);	/* a handler that failed mid-transaction */
	pthread_mutex_lock(&p->mu);
	p->free[p->nfree++] = db;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void
db_pool_close(struct db_pool *p)
{
	int i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		db_close(p->all[i]);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->all);
	free(p->free);
	free(p);
}
