/*
 * arena.h - memory that lives exactly as long as one request (after h2o's
 * req->pool). Handlers allocate from it and never free; the server frees the
 * whole arena when the response has been queued. Not thread-safe: one arena
 * belongs to one request on one thread.
 */
#ifndef SKOLESEC_ARENA_H
#define SKOLESEC_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t total, limit;
};

void arena_init(struct arena *a, size_t limit);
/* Returns zeroed memory, or NULL when the limit is reached or malloc fails. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* For arrays built row by row: returns v when it has room for element n,
 * else a copy with twice the capacity (*cap updated), or NULL. */
void *arena_grow(struct arena *a, void *v, int n, int *cap, size_t elem);
void arena_free(struct arena *a);

#endif
