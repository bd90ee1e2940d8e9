/*
 * cookie.c - Cookie header parsing per RFC 6265 section 5.2 (lenient about
 * spaces, strict about the value's bytes); see cookie.h.
 */
#include <stdio.h>
#include <string.h>

#include "cookie.h"
#include "../core/arena.h"
#include "../core/buf.h"

static int
tokchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"' && c != '\\';
}

const char *
cookie_get(struct arena *a, const char *h, const char *name, size_t maxlen)
{
	size_t nlen = strlen(name);
	const char *p = h;

	if (h == NULL)
		return NULL;
	while (*p) {
		const char *k, *v, *e;

		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		k = p;
		while (*p && *p != '=' && *p != ';')
			p++;
		if (*p != '=') {
			continue;	/* a pair without '=': skip it */
		}
		v = ++p;
		while (*p && *p != ';')
			p++;
		e = p;
		while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if ((size_t)(v - 1 - k) == nlen && memcmp(k, name, nlen) == 0) {
			const char *q;
			if (e > v + 1 && *v == '"' && e[-1] == '"') {
				v++;
				e--;
			}
			if ((size_t)(e - v) > maxlen || e == v)
				return NULL;
			for (q = v; q < e; q++)
				if (!tokchar((unsigned char)*q))
					return NULL;
			return arena_strndup(a, v, (size_t)(e - v));
		}
	}
	return NULL;
}

const char *
cookie_set(struct arena *a, const char *name, const char *value, long max_age,
    int secure)
{
	struct buf b;

	buf_init(&b, 4096, a);
	buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Lax", name, value);
	if (secure)
		buf_puts(&b, "; Secure");
	if (max_age >= 0)
		buf_printf(&b, "; Max-Age=%ld", max_age);
	return buf_str(&b);
}
