/*
 * jsondir.c - list a data folder's *.json files in name order; see
 * jsondir.h. One copy of the readdir loop the three strict loaders had each
 * written out.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsondir.h"
#include "banned.h"

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
jsondir_list(const char *dir, char **names, int max, const char *hint, const char *what,
    char *err, size_t errlen)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: %s (%s)", dir, strerror(errno), hint);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 6 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (n == max) {
			snprintf(err, errlen, "%s: more than %d %s", dir, max, what);
			goto fail;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			goto fail;
		n++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	return n;
fail:
	closedir(d);
	jsondir_free(names, n);
	return -1;
}

void
jsondir_free(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
}
