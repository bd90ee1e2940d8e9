/*
 * fuzz_csv.c - the csv_next loop over arbitrary bytes, with ',' and ';' as
 * separators. Every CSV upload passes through this reader; it must stay in
 * bounds, always make progress, and never return more fields than asked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/arena.h"
#include "core/buf.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct csv c;
	char *f[8];
	int n;

	if (size < 1)
		return 0;
	arena_init(&a, 256u << 20);
	csv_init(&c, (const char *)data + 1, size - 1, (data[0] & 1) ? ';' : ',');
	for (;;) {
		size_t before = c.pos;
		int line = c.line;
		n = csv_next(&c, &a, f, 8);
		if (n == 0 || n < 0) {
			if (n < 0 && c.err == NULL)
				abort();
			break;
		}
		if (n > 8 || c.pos <= before || c.pos > c.len || c.line <= line)
			abort();
		for (int i = 0; i < n; i++)
			if (f[i] == NULL)
				abort();
	}
	arena_free(&a);
	return 0;
}
