/*
 * num.c - strict integer parsing on top of strtoll, and the one parser of
 * ISO dates (YYYY-MM-DD) every form and module uses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

int
num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	/* strtoll skips leading space and accepts '+'; we want digits only. */
	if (!(*s == '-' || (*s >= '0' && *s <= '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
num_parse_date(const char *s, int min_year, int *y, int *m, int *d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int yy, mm, dd, leap;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	mm = (s[5] - '0') * 10 + (s[6] - '0');
	dd = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
	if (yy < min_year || yy > 2999 || mm < 1 || mm > 12 || dd < 1 ||
	    dd > mdays[mm - 1] + (mm == 2 && leap))
		return -1;
	*y = yy, *m = mm, *d = dd;
	return 0;
}

long
num_day_number(int y, int m, int d)
{
	/* Civil date to days (Howard Hinnant's algorithm, proleptic Gregorian). */
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}
