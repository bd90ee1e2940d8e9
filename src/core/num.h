/*
 * num.h - whole-string number parsing. A value parses only if every byte is
 * part of the number: "12", not "12abc", " 12" or "". This is the only way
 * user-supplied numbers enter the program (atoi is banned).
 */
#ifndef SKOLESEC_NUM_H
#define SKOLESEC_NUM_H

#include <stdint.h>

/* 0 on success; -1 when s is not a whole base-10 integer within [min, max]. */
int num_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out)
	__attribute__((warn_unused_result));

#endif
