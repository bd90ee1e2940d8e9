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
void arena_free(struct arena *a);

#endif
