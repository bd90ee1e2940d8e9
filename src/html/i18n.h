/*
 * i18n.h - user-visible text through standard gettext .po catalogues.
 *
 * Source strings (msgids) are English; po/nb.po is complete and is the
 * interface's first language, po/nn.po and po/en.po may be partial. A
 * missing nynorsk text falls back to bokmål (closer to the reader than
 * English), a missing bokmål text to the msgid. Catalogues are read once at
 * start-up and are read-only afterwards, so lookups need no locking.
 */
#ifndef SKOLESEC_I18N_H
#define SKOLESEC_I18N_H

#include <stddef.h>

struct req;

#include "../core/msgid.h"

int i18n_load(const char *podir, char *err, int errlen) __attribute__((warn_unused_result));
/* Parses one .po text into the catalogue of lang; returns entries or -1. */
int i18n_parse(const char *lang, const char *text, size_t len);
const char *i18n_get(const char *lang, const char *msgid);
const char *T(struct req *r, const char *msgid);
/* "nb", "nn" or "en" when s names one of them, else NULL. */
const char *i18n_lang(const char *s);
void i18n_free(void);

#endif
