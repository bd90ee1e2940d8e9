/*
 * arena.c - chunked bump allocator. Chunks are 16 KiB or the size of a large
 * request, whichever is bigger, so big bodies cost one malloc each.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

#define CHUNK 16384
#define ALIGN (_Alignof(max_align_t))

void
arena_init(struct arena *a, size_t limit)
{
	a->head = NULL;
	a->total = 0;
	a->limit = limit;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t sz;
	void *p;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2)	/* before rounding up, which could wrap to 0 */
		return NULL;
	n = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (c == NULL || c->size - c->used < n) {
		sz = n > CHUNK ? n : CHUNK;
		if (a->total + sz > a->limit)
			return NULL;
		c = malloc(sizeof(*c) + sz);
		if (c == NULL)
			return NULL;
		c->size = sz;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		a->total += sz;
	}
	p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p)
		memcpy(p, s, n);
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b, a->limit, a);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return (char *)buf_str(&b);
}

void *
arena_grow(struct arena *a, void *v, int n, int *cap, size_t elem)
{
	void *nv;

	if (v != NULL && n < *cap)
		return v;
	if (*cap < 8)
		*cap = 8;
	else if (v != NULL)
		*cap *= 2;
	if ((size_t)*cap > SIZE_MAX / 2 / elem)
		return NULL;
	nv = arena_alloc(a, (size_t)*cap * elem);
	if (nv && v && n)
		memcpy(nv, v, (size_t)n * elem);
	return nv;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *n;

	for (c = a->head; c; c = n) {
		n = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}
