/*
 * fuzz_cookie.c - cookie_get on arbitrary Cookie headers. The header is
 * attacker-controlled on every request; the parser must stay inside the
 * string and only ever return a non-empty token within the length limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"
#include "core/arena.h"
#include "core/buf.h"

static void
check(const char *v, size_t maxlen)
{
	size_t n;

	if (v == NULL)
		return;
	n = strlen(v);
	if (n == 0 || n > maxlen)
		abort();
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == ';' || *p == ',' || *p == '"' || *p == '\\')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	char *h;
	size_t maxlen;

	if (size < 1)
		return 0;
	/* The first byte picks the length limit; the rest is the header. */
	maxlen = data[0] % 80;
	h = malloc(size);
	if (h == NULL)
		return 0;
	memcpy(h, data + 1, size - 1);
	h[size - 1] = '\0';
	arena_init(&a, 1 << 20);
	check(cookie_get(&a, h, "skolesec_sid", maxlen), maxlen);
	check(cookie_get(&a, h, "skolesec_pre", maxlen), maxlen);
	check(cookie_get(&a, h, "skolesec_lang", maxlen), maxlen);
	check(cookie_get(&a, h, "a", maxlen), maxlen);
	arena_free(&a);
	free(h);
	return 0;
}
