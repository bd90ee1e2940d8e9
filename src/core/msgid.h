/*
 * msgid.h - N_() marks a user-visible English string as a msgid for
 * xgettext without translating it where it stands; it is translated later,
 * where it is shown (html_t, T). Kept in core so domain code that returns
 * messages needs no dependency on the HTML layer.
 */
#ifndef SKOLESEC_MSGID_H
#define SKOLESEC_MSGID_H
#define N_(s) (s)
#endif
