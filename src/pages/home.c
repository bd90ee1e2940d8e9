/*
 * home.c - the front page, the health check and static files.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pages.h"
#include "../app.h"
#include "../db/db.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/request.h"
#include "../core/buf.h"

void
page_home(struct req *r)
{
	if (r->who && r->who->nm > 0) {
		req_redirect(r, arena_printf(&r->arena, "/o/%lld",
		    (long long)r->who->m[0].org_id));
		return;
	}
	layout_begin(r, T(r, "Privacy and information security in schools"));
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"xl\">");
	html_t(r, "Privacy and information security in schools");
	html_lit(r, "</h1><p class=\"ds-paragraph\" data-size=\"lg\">");
	html_t(r, "skolesec helps Norwegian school owners map the digital tools their"
	    " schools use, assess them (ROS, DPIA, data processing agreements) and share"
	    " the work, so that the same tool is not assessed alone by every municipality.");
	html_lit(r, "</p>");
	if (r->who) {
		html_lit(r, "<p class=\"ds-paragraph\">");
		html_t(r, "Your account is not a member of any organisation yet."
		    " Ask your organisation's administrator for an invitation.");
		html_lit(r, "</p>");
	} else {
		html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-button\" data-variant=\"primary\" href=\"/login\">");
		html_t(r, "Log in");
		html_lit(r, "</a></p>");
	}
	layout_end(r);
}

void
page_healthz(struct req *r)
{
	int rc = db_run(r->db, "SELECT 1", "");

	r->ctype = "text/plain; charset=utf-8";
	if (rc == 1) {
		html_lit(r, "ok\n");
	} else {
		r->status = 503;
		html_lit(r, "database unavailable\n");
	}
}

static const char *
mime(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL)
		return "application/octet-stream";
	if (!strcmp(dot, ".css"))
		return "text/css; charset=utf-8";
	if (!strcmp(dot, ".js"))
		return "text/javascript; charset=utf-8";
	if (!strcmp(dot, ".svg"))
		return "image/svg+xml";
	if (!strcmp(dot, ".png"))
		return "image/png";
	if (!strcmp(dot, ".woff2"))
		return "font/woff2";
	if (!strcmp(dot, ".txt"))
		return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

void
page_static(struct req *r)
{
	const char *rel = r->path + strlen("/static/");
	const char *inm = req_header(r, "If-None-Match");
	struct stat st;
	char *full, *etag;
	int fd;

	/* Only plain names below the static folder: no dot-dot, no hidden
	 * files, no odd bytes. */
	for (const char *p = rel; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '/')) {
			page_error(r, 404, "There is no page at this address.");
			return;
		}
	if (*rel == '\0' || *rel == '.' || strstr(rel, "/.") || strstr(rel, "//")) {
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	full = arena_printf(&r->arena, "%s/%s", r->app->static_dir, rel);
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		page_error(r, 404, "There is no page at this address.");
		return;
	}
	etag = arena_printf(&r->arena, "\"%llx-%llx\"", (unsigned long long)st.st_size,
	    (unsigned long long)st.st_mtime);
	req_add_header(r, "ETag", etag);
	req_add_header(r, "Cache-Control", "public, max-age=3600");
	r->ctype = mime(rel);
	if (inm && strcmp(inm, etag) == 0) {
		close(fd);
		r->status = 304;
		return;
	}
	r->file_fd = fd;
	r->file_size = st.st_size;
}
