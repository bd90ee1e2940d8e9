/*
 * app.c - the request pipeline. For every request, in this order:
 *   1. limits: body size, URI syntax (percent-encoding, UTF-8, no NULs);
 *   2. the route from the table (404 / 405);
 *   3. who is asking: session cookie -> principal with memberships;
 *   4. for state changes: urlencoded body only (RF_UPLOAD routes may also
 *      send multipart/form-data), Origin check, CSRF token;
 *   5. authz: the route's action, against the :org of the URL;
 *   6. the handler; then security headers on every response.
 * Handlers can therefore assume an authorised caller and a checked body, and
 * only need to scope their queries by r->org_id.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/msgid.h"
#include "app.h"
#include "db/db.h"
#include "domain/auth.h"
#include "domain/authz.h"
#include "domain/programme.h"
#include "html/html.h"
#include "html/i18n.h"
#include "html/layout.h"
#include "http/cookie.h"
#include "http/form.h"
#include "http/multipart.h"
#include "http/request.h"
#include "http/server.h"
#include "core/log.h"
#include "core/num.h"
#include "core/buf.h"

#define SID_COOKIE "skolesec_sid"
#define PRE_COOKIE "skolesec_pre"
#define LANG_COOKIE "skolesec_lang"
#define MAX_PAIRS 256
#define MAX_PARTS 32	/* multipart uploads: a file and a few fields */

int64_t
now_s(void)
{
	return (int64_t)time(NULL);
}

int
app_cookie_secure(struct req *r)
{
	return r->app->cookie_secure;
}

const char *
req_param(struct req *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].k, name) == 0)
			return r->params[i].v;
	return NULL;
}

int64_t
param_id(struct req *r, const char *name)
{
	int64_t v;

	if (num_parse_i64(req_param(r, name), 1, INT64_MAX, &v))
		return 0;
	return v;
}

void
req_redirect(struct req *r, const char *location)
{
	r->status = 303;
	req_add_header(r, "Location", location);
}

int
route_match(const char *pat, const char *path, struct req *r)
{
	r->nparams = 0;
	while (*pat && *path) {
		if (*pat == '*')
			return 1;
		if (*pat == ':') {
			const char *ne = pat + 1, *ve = path;
			while (*ne && *ne != '/')
				ne++;
			while (*ve && *ve != '/')
				ve++;
			if (ve == path || r->nparams >= REQ_MAX_PARAMS)
				return 0;
			r->params[r->nparams].k = arena_strndup(&r->arena, pat + 1, (size_t)(ne - pat - 1));
			r->params[r->nparams].v = arena_strndup(&r->arena, path, (size_t)(ve - path));
			r->nparams++;
			pat = ne;
			path = ve;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	return *pat == *path || (*pat == '*' && pat[1] == '\0');
}

size_t
app_max_body(void *appv, const char *method, const char *path)
{
	struct app *app = appv;
	struct req probe;

	memset(&probe, 0, sizeof(probe));
	arena_init(&probe.arena, 1 << 16);
	for (int i = 0; i < nroutes; i++)
		if ((routes[i].flags & RF_UPLOAD) && strcmp(routes[i].method, method) == 0 &&
		    route_match(routes[i].pattern, path, &probe)) {
			arena_free(&probe.arena);
			return app->max_upload;
		}
	arena_free(&probe.arena);
	return app->max_body;
}

void
app_begin(struct req *r)
{
	/* Behind the configured reverse proxy, the client is the last address
	 * the proxy appended to X-Forwarded-For (earlier ones are the client's
	 * own claims and are not trusted). */
	if (r->app->trusted_proxy && strcmp(r->remote, r->app->trusted_proxy) == 0) {
		const char *xff = req_header(r, "X-Forwarded-For");
		if (xff) {
			const char *last = strrchr(xff, ',');
			last = last ? last + 1 : xff;
			while (*last == ' ')
				last++;
			if (*last && strlen(last) < 64)
				r->remote = arena_strdup(&r->arena, last);
		}
	}
	r->db = db_pool_get(r->app->pool);
	r->lang = "nb";
	r->status = 200;
	r->ctype = "text/html; charset=utf-8";
}

void
app_end(struct req *r)
{
	if (r->db)
		db_pool_put(r->app->pool, r->db);
	r->db = NULL;
}

void
page_error(struct req *r, int status, const char *msgid)
{
	const char *title;

	switch (status) {
	case 400: title = N_("Bad request"); break;
	case 401: title = N_("Log in required"); break;
	case 403: title = N_("Access denied"); break;
	case 404: title = N_("Not found"); break;
	case 405: title = N_("Method not allowed"); break;
	case 413: title = N_("Too much data"); break;
	case 415: title = N_("Unsupported form encoding"); break;
	case 429: title = N_("Too many attempts"); break;
	default: title = N_("Something went wrong"); status = status ? status : 500; break;
	}
	buf_reset(&r->out);
	r->status = status;
	r->ctype = "text/html; charset=utf-8";
	r->file_fd = -1;
	/* Drop what described the page we meant to send (Location, ETag...),
	 * keep cookies: a session or CSRF cookie set earlier still holds. */
	{
		int k = 0;
		for (int i = 0; i < r->nhdrs; i++)
			if (strcmp(r->hdrs[i].k, "Set-Cookie") == 0)
				r->hdrs[k++] = r->hdrs[i];
		r->nhdrs = k;
	}
	layout_begin(r, T(r, title));
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_t(r, title);
	html_lit(r, "</h1><p class=\"ds-paragraph\">");
	html_t(r, msgid);
	html_lit(r, "</p><p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/\">");
	html_t(r, "Go to the front page");
	html_lit(r, "</a></p>");
	layout_end(r);
}

int
form_read(struct req *r, const struct field *f, int n, struct fval *v)
{
	if (strcmp(r->method, "POST") == 0)
		return form_check(&r->arena, r->form, r->nform, f, n, v);
	return form_check(&r->arena, r->qs, r->nqs, f, n, v);
}

void
app_login(struct req *r, int64_t user_id)
{
	char token[TOKEN_LEN + 1], csrf[TOKEN_LEN + 1];

	/* A new session id at every login (no fixation) and a new CSRF token. */
	if (r->who && r->who->session_id)
		if (session_delete(r->db, r->who->session_id))
			log_err("session delete: %s", db_errmsg(r->db));
	if (session_create(r->db, user_id, now_s(), token, csrf)) {
		page_error(r, 500, "The session could not be stored. Try again.");
		return;
	}
	req_add_header(r, "Set-Cookie", cookie_set(&r->arena, SID_COOKIE, token, -1,
	    r->app->cookie_secure));
	r->csrf = arena_strdup(&r->arena, csrf);
}

void
app_logout(struct req *r)
{
	if (r->who && r->who->session_id)
		if (session_delete(r->db, r->who->session_id))
			log_err("session delete: %s", db_errmsg(r->db));
	req_add_header(r, "Set-Cookie", cookie_set(&r->arena, SID_COOKIE, "x", 0,
	    r->app->cookie_secure));
	r->who = NULL;
}

static void
security_headers(struct req *r)
{
	req_add_header(r, "Content-Security-Policy", "default-src 'none'; style-src 'self';"
	    " img-src 'self' data:; font-src 'self'; script-src 'self'; connect-src 'self';"
	    " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	req_add_header(r, "X-Content-Type-Options", "nosniff");
	req_add_header(r, "Referrer-Policy", "same-origin");
	req_add_header(r, "X-Frame-Options", "DENY");
	req_add_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	req_add_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	if (r->file_fd < 0 && strncmp(r->ctype ? r->ctype : "", "text/html", 9) == 0)
		req_add_header(r, "Cache-Control", "no-store");
}

/* Step 1: split and check the URI. Returns 0 or sets an error page. */
static int
parse_uri(struct req *r)
{
	const char *q = strchr(r->raw_uri, '?');
	size_t plen = q ? (size_t)(q - r->raw_uri) : strlen(r->raw_uri);
	size_t dlen;
	char *path;

	path = url_decode(&r->arena, r->raw_uri, plen, 0, &dlen);
	if (path == NULL || dlen != strlen(path) || !utf8_valid(path, dlen) || path[0] != '/') {
		page_error(r, 400, "The address is malformed.");
		return -1;
	}
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			page_error(r, 400, "The address is malformed.");
			return -1;
		}
	r->path = path;
	r->query = q ? q + 1 : "";
	r->qs = arena_alloc(&r->arena, sizeof(struct kv) * MAX_PAIRS);
	r->nqs = r->qs ? form_decode(&r->arena, r->query, strlen(r->query), r->qs, MAX_PAIRS) : -1;
	if (r->nqs < 0) {
		r->nqs = 0;
		page_error(r, 400, "The address has malformed parameters.");
		return -1;
	}
	return 0;
}

/* Step 3: who is asking. */
static void
load_principal(struct req *r)
{
	const char *tok = cookie_get(&r->arena, req_header(r, "Cookie"), SID_COOKIE, 64);
	const char *lang = i18n_lang(cookie_get(&r->arena, req_header(r, "Cookie"), LANG_COOKIE, 4));
	int64_t uid = 0, sid = 0;
	const char *csrf = NULL;

	if (tok && session_lookup(r->db, &r->arena, tok, now_s(), &uid, &sid, &csrf) == 1) {
		r->who = principal_load(r->db, &r->arena, uid);
		if (r->who) {
			r->who->session_id = sid;
			r->csrf = csrf;
			if (i18n_lang(r->who->lang))
				r->lang = i18n_lang(r->who->lang);
		}
	}
	if (lang)
		r->lang = lang;
	if (r->who == NULL)
		r->csrf = cookie_get(&r->arena, req_header(r, "Cookie"), PRE_COOKIE, 64);
}

const char *
app_csrf(struct req *r)
{
	char t[TOKEN_LEN + 1];

	if (r->csrf && strlen(r->csrf) == TOKEN_LEN)
		return r->csrf;
	/* Not logged in and no token yet: forms carry a token bound to a
	 * cookie (double submit), set only on pages that show a form, so that
	 * cacheable responses (static files) never carry it. */
	auth_random_token(t);
	r->csrf = arena_strdup(&r->arena, t);
	req_add_header(r, "Set-Cookie", cookie_set(&r->arena, PRE_COOKIE, t, -1,
	    r->app->cookie_secure));
	return r->csrf;
}

/* Same-origin check for state changes: a browser always sends Origin on a
 * cross-site POST, so a mismatch is refused even before the token check. */
static int
origin_ok(struct req *r)
{
	const char *o = req_header(r, "Origin"), *h = req_header(r, "Host");
	const char *p;

	if (o == NULL || strcmp(o, "null") == 0)
		return o == NULL;
	if (h == NULL)
		return 0;
	p = strstr(o, "://");
	return p && strcmp(p + 3, h) == 0;
}

/* Step 4 for RF_UPLOAD routes sent as multipart/form-data: the text parts
 * become the form pairs (so _csrf and declared fields work as they do for
 * urlencoded bodies), every part stays in r->parts for the handler. */
static int
read_multipart(struct req *r, const char *ct)
{
	const char *err, *b = multipart_boundary(&r->arena, ct, &err);
	struct mpart *parts = arena_alloc(&r->arena, sizeof(*parts) * MAX_PARTS);
	int n = -1;

	if (b && parts)
		n = multipart_parse(&r->arena, r->body.p, r->body.len, b, parts, MAX_PARTS, &err);
	r->form = arena_alloc(&r->arena, sizeof(struct kv) * MAX_PARTS);
	if (n < 0 || r->form == NULL) {
		page_error(r, 400, err ? err : "The upload is too large to process.");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (parts[i].filename)
			continue;
		if (memchr(parts[i].data, '\0', parts[i].len)) {
			page_error(r, 400, "The form data is malformed or has too many fields.");
			return -1;
		}
		r->form[r->nform].k = parts[i].name;
		r->form[r->nform++].v = arena_strndup(&r->arena, parts[i].data, parts[i].len);
	}
	r->parts = parts;
	r->nparts = n;
	return 0;
}

/* Step 4: the body of a state change. */
static int
check_post(struct req *r, const struct route *rt)
{
	const char *ct = req_header(r, "Content-Type");
	const char *tok = NULL;

	if ((rt->flags & RF_UPLOAD) && multipart_is(ct)) {
		if (read_multipart(r, ct))
			return -1;
	} else if (ct == NULL || strncmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
		page_error(r, 415, "Forms must be sent as application/x-www-form-urlencoded.");
		return -1;
	} else {
		r->form = arena_alloc(&r->arena, sizeof(struct kv) * MAX_PAIRS);
		r->nform = r->form ? form_decode(&r->arena, r->body.p ? r->body.p : "",
		    r->body.len, r->form, MAX_PAIRS) : -1;
	}
	if (r->nform < 0) {
		r->nform = 0;
		page_error(r, 400, "The form data is malformed or has too many fields.");
		return -1;
	}
	for (int i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].k, "_csrf") == 0) {
			if (tok) {
				tok = NULL;	/* sent twice: refuse */
				break;
			}
			tok = r->form[i].v ? r->form[i].v : "";
		}
	if (!origin_ok(r) || tok == NULL || r->csrf == NULL || !auth_token_eq(tok, r->csrf)) {
		page_error(r, 403, "The form has expired or did not come from this site."
		    " Go back, reload the page and try again.");
		return -1;
	}
	return 0;
}

void
app_handle(struct req *r)
{
	const struct route *rt = NULL;
	int is_get;
	unsigned allow = 0;	/* 1 GET, 2 POST: methods of routes with this path */

	if (r->body_too_large) {
		page_error(r, 413, "The request is larger than the server accepts.");
		goto out;
	}
	if (parse_uri(r))
		goto out;
	is_get = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
	for (int i = 0; i < nroutes; i++) {
		if (!route_match(routes[i].pattern, r->path, r))
			continue;
		allow |= strcmp(routes[i].method, "GET") == 0 ? 1 : 2;
		if (!strcmp(routes[i].method, r->method) ||
		    (is_get && !strcmp(routes[i].method, "GET"))) {
			rt = &routes[i];
			break;
		}
	}
	load_principal(r);
	if (rt == NULL) {
		if (allow) {
			page_error(r, 405, "This address does not accept that kind of request.");
			req_add_header(r, "Allow", allow == 1 ? "GET, HEAD" : allow == 2 ? "POST" :
			    "GET, HEAD, POST");
		} else
			page_error(r, 404, "There is no page at this address.");
		goto out;
	}
	route_match(rt->pattern, r->path, r);
	if (!is_get && check_post(r, rt))
		goto out;
	if (rt->act != A_PUBLIC && r->who == NULL) {
		if (is_get) {
			struct buf b;
			buf_init(&b, 4096, &r->arena);
			buf_puts(&b, "/login?next=");
			for (const unsigned char *p = (const unsigned char *)r->raw_uri; *p; p++)
				if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				    (*p >= '0' && *p <= '9') || *p == '/' || *p == '-' || *p == '_')
					buf_putc(&b, (char)*p);
				else
					buf_printf(&b, "%%%02X", *p);
			req_redirect(r, buf_str(&b) ? buf_str(&b) : "/login");
		} else
			page_error(r, 401, "You must log in first.");
		goto out;
	}
	if (rt->flags & RF_ORG) {
		r->org_id = param_id(r, "org");
		if (r->org_id == 0) {
			page_error(r, 404, "There is no page at this address.");
			goto out;
		}
		if (!authz_allows(r->who, rt->act, r->org_id, 0)) {
			page_error(r, 403, "You do not have access to this page.");
			goto out;
		}
		/* Issue 7: access granted only by a programme consent is recorded
		 * in the municipality's own audit chain, which it can see. */
		if (authz_via_consent(r->who, rt->act, r->org_id) &&
		    programme_audit_access(r->db, r->who->user_id, r->org_id, r->method, r->path,
		    now_s())) {
			page_error(r, 500, "Something went wrong. Try again.");
			goto out;
		}
	} else if (!authz_allows_any(r->who, rt->act)) {
		page_error(r, 403, "You do not have access to this page.");
		goto out;
	}
	if (rt->flags & RF_SLOW) {
		r->defer = rt->handler;	/* app_run_deferred() finishes it */
		return;
	}
	rt->handler(r);
	if (buf_err(&r->out)) {
		log_err("response too large for %s", r->raw_uri);
		page_error(r, 500, "The page could not be produced.");
	}
out:
	security_headers(r);
}

void
app_run_deferred(struct req *r)
{
	void (*fn)(struct req *) = r->defer;

	r->defer = NULL;
	r->db = db_pool_get(r->app->pool);
	fn(r);
	if (buf_err(&r->out)) {
		log_err("response too large for %s", r->raw_uri);
		page_error(r, 500, "The page could not be produced.");
	}
	security_headers(r);
	app_end(r);
}
