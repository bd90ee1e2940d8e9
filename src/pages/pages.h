/*
 * pages.h - the screens, one file per group (after cgit's ui-*.c). Handlers
 * run after app.c has checked session, CSRF and authz for their route.
 */
#ifndef SKOLESEC_PAGES_H
#define SKOLESEC_PAGES_H

struct req;
struct org;

void page_home(struct req *);
void page_healthz(struct req *);
void page_static(struct req *);
void page_login(struct req *);
void page_login_post(struct req *);
void page_logout(struct req *);
void page_account(struct req *);
void page_password_post(struct req *);
void page_lang(struct req *);
void page_switch(struct req *);
void page_invite(struct req *);
void page_invite_post(struct req *);
void page_org(struct req *);
void page_schools(struct req *);
void page_school(struct req *);
void page_users(struct req *);
void page_invite_create(struct req *);
void page_roles_post(struct req *);
void page_led_schools(struct req *);
void page_led_schools_post(struct req *);
void page_audit(struct req *);

/* The tab bar of an organisation's pages; `current` is its path suffix. */
void org_nav(struct req *r, const char *org_name, const char *current);
/* Loads the organisation of the URL's :org into *o. Returns 0, or -1 after
 * answering 404 (no such organisation) or 500 (database error). */
int page_load_org(struct req *r, struct org *o);
/* A local redirect target from user input: must start with one '/'. */
const char *safe_next(const char *next);

#endif
