/*
 * banned.h - poison the C library calls that have no bound.
 *
 * Include this after every system header (buf.h does it for you). Any later
 * use of these names fails to compile, so unbounded copies cannot creep back
 * in; use struct buf and strtoll with full-parse checks (see num.h) instead.
 */
#ifndef SKOLESEC_BANNED_H
#define SKOLESEC_BANNED_H
#pragma GCC poison strcpy strcat sprintf vsprintf gets strtok atoi atol
#endif
