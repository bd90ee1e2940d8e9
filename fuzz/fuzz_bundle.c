/*
 * fuzz_bundle.c - share_bundle_parse() over arbitrary bytes. A bundle is a
 * whole assessment from another installation (issue 5), read before any
 * human looks at it: the reader must never crash, read out of bounds or
 * leak, and whatever it accepts must satisfy the promises the importer
 * relies on (item count and uid shape, known item kinds, risk numbers 0-5,
 * unique uids, data that is a JSON object).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/share.h"
#include "core/arena.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct share_bundle b;
	char err[256];

	arena_init(&a, 256u << 20);
	err[0] = '\0';
	if (share_bundle_parse(&a, (const char *)data, size, &b, err, (int)sizeof(err)) == 0) {
		if (b.nitems < 0 || b.nitems > 2000 || b.ntools < 0 || b.ntools > 100 ||
		    b.kind == NULL || b.title == NULL || b.template_urn == NULL || b.template_version < 1)
			abort();
		for (int i = 0; i < b.nitems; i++) {
			json_t *d = json_loads(b.items[i].data, 0, NULL);
			if (!json_is_object(d) || b.items[i].uid[0] == '\0' || b.items[i].l > 5 ||
			    b.items[i].rc > 5 || b.items[i].l < 0)
				abort();
			json_decref(d);
			for (int k = 0; k < i; k++)
				if (strcmp(b.items[k].uid, b.items[i].uid) == 0)
					abort();
		}
	} else if (err[0] == '\0')
		abort();	/* every refusal says why */
	arena_free(&a);
	return 0;
}
