/*
 * cookie.h - reading one cookie from a Cookie header, and writing Set-Cookie
 * values with the project's secure defaults (HttpOnly, SameSite=Lax, Secure,
 * Path=/).
 */
#ifndef SKOLESEC_COOKIE_H
#define SKOLESEC_COOKIE_H

#include <stddef.h>

struct arena;

/* The value of cookie `name` in header `h` (NULL when absent, malformed or
 * longer than maxlen). Values are tokens: only visible ASCII without
 * ';', ',', '"', '\\' and space are accepted. */
const char *cookie_get(struct arena *a, const char *h, const char *name, size_t maxlen);

/* "name=value; Path=/; HttpOnly; SameSite=Lax; Secure[; Max-Age=n]".
 * max_age < 0 means a session cookie; 0 deletes. */
const char *cookie_set(struct arena *a, const char *name, const char *value,
    long max_age, int secure);

#endif
