/*
 * num.h - whole-string number and date parsing. A value parses only if every byte is
 * part of the number: "12", not "12abc", " 12" or "". This is the only way
 * user-supplied numbers enter the program (atoi is banned).
 */
#ifndef SKOLESEC_NUM_H
#define SKOLESEC_NUM_H

#include <stdint.h>

/* 0 on success; -1 when s is not a whole base-10 integer within [min, max]. */
int num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
	__attribute__((warn_unused_result));

/*
 * A calendar date written YYYY-MM-DD (the form <input type="date"> sends),
 * nothing before or after, that exists (30 February does not; 29 February
 * only in leap years) in the years min_year..2999. 0 with y/m/d set, or -1.
 */
int num_parse_date(const char *s, int min_year, int *y, int *m, int *d)
	__attribute__((warn_unused_result));
/* Days since 1970-01-01 of a valid date (negative before 1970). */
long num_day_number(int y, int m, int d);

#endif
