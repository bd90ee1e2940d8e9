/*
 * fuzz_po.c - i18n_parse on arbitrary .po text, then lookups, then
 * i18n_free. Catalogues are edited by translators with many tools; a broken
 * file must not crash start-up or leave a lookup returning NULL.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html/i18n.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ids[] = { "", "Log in", "Save", "A", "msgid", "\n" };
	static const char *const langs[] = { "nb", "nn", "en" };
	int n;

	/* The first byte picks the catalogue, so fallbacks between them run too. */
	if (size < 1)
		return 0;
	n = i18n_parse(langs[data[0] % 3], (const char *)data + 1, size - 1);
	if (n < 0)
		abort();
	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
			if (i18n_get(langs[l], ids[i]) == NULL)
				abort();
	i18n_free();
	return 0;
}
