/*
 * buf.c - bounded string builder; see buf.h for the contract.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"

void
buf_init(struct buf *b, size_t max, struct arena *a)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
	b->a = a;
}

static int
grow(struct buf *b, size_t need)
{
	size_t ncap;
	char *np;

	if (b->err)
		return -1;
	if (need > b->max || need + 1 < need) {
		b->err = 1;
		return -1;
	}
	if (need + 1 <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need + 1)
		ncap *= 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	if (b->a) {
		np = arena_alloc(b->a, ncap);
		if (np && b->len)
			memcpy(np, b->p, b->len);
	} else
		np = realloc(b->p, ncap);
	if (np == NULL) {
		b->err = 1;
		return -1;
	}
	b->p = np;
	b->cap = ncap;
	return 0;
}

void
buf_put(struct buf *b, const void *s, size_t n)
{
	if (n == 0 || grow(b, b->len + n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->err = 1;
		return;
	}
	if (grow(b, b->len + (size_t)n))
		return;
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->p)
		b->p[0] = '\0';
}

const char *
buf_str(const struct buf *b)
{
	if (b->err)
		return NULL;
	return b->p ? b->p : "";
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->err || b->a) {
		buf_free(b);
		return NULL;
	}
	p = b->p ? b->p : strdup("");
	if (len)
		*len = b->len;
	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	if (!b->a)
		free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

int
buf_read_fp(struct buf *b, FILE *fp)
{
	char chunk[16384];
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_put(b, chunk, n);
		if (b->err) {
			errno = EFBIG;
			return -1;
		}
	}
	if (ferror(fp)) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int
buf_load_file(struct buf *b, const char *path)
{
	FILE *fp = fopen(path, "rb");
	int rc, saved;

	if (fp == NULL)
		return -1;
	rc = buf_read_fp(b, fp);
	saved = errno;
	fclose(fp);
	errno = saved;
	return rc;
}
