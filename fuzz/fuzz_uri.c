/*
 * fuzz_uri.c - url_decode (with and without '+' as space) and utf8_valid on
 * arbitrary request paths and query strings, which app.c checks before any
 * routing. Also checks that html_urlarg's percent-encoding decodes back to
 * the same bytes, since links built from data rely on that.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"
#include "http/request.h"
#include "html/html.h"
#include "core/arena.h"
#include "core/buf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r;
	size_t n = 0, n2 = 0;
	const char *s = (const char *)data;
	char *d;

	memset(&r, 0, sizeof(r));
	arena_init(&r.arena, 8u << 20);
	buf_init(&r.out, 1u << 20, &r.arena);

	(void)utf8_valid(s, size);
	d = url_decode(&r.arena, s, size, 0, &n);
	if (d != NULL) {
		if (n > size || d[n] != '\0')
			abort();
		(void)utf8_valid(d, n);
		/* Encode the decoded text (up to a NUL) and decode it again. */
		html_urlarg(&r, d);
		if (buf_str(&r.out) != NULL) {
			char *back = url_decode(&r.arena, r.out.p ? r.out.p : "", r.out.len, 0, &n2);
			if (back == NULL || n2 != strlen(d) || memcmp(back, d, n2) != 0)
				abort();
		}
	}
	d = url_decode(&r.arena, s, size, 1, &n);
	if (d != NULL && (n > size || d[n] != '\0'))
		abort();
	arena_free(&r.arena);
	return 0;
}
