/*
 * log.h - one line per event on stderr, with a timestamp. The access log uses
 * the same channel so an operator reads one stream.
 */
#ifndef SKOLESEC_LOG_H
#define SKOLESEC_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A broken invariant: log and abort. */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
