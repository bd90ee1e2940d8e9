/*
 * share.c - an organisation's sharing page: what it has adopted (with a
 * notice when the source has published a new version), what it has
 * published, publishing an approved assessment, its networks, importing a
 * bundle; and one adoption: local fields still to complete, and the update
 * view that takes upstream changes (three-way merge, domain/merge.h).
 *
 * The update form's fields are declared from the merge plan itself: one
 * required choice "c-<uid>" (mine|theirs|edit) and one optional text
 * "e-<uid>" per conflicting item. They are still declared, typed and
 * limited before anything is read; a plan that changed between showing and
 * sending (a newer version) is refused through the hidden "target".
 */
#include <string.h>

#include "pages.h"
#include "share.h"
#include "share_ui.h"
#include "../app.h"
#include "../core/msgid.h"
#include "../db/db.h"
#include "../domain/authz.h"
#include "../domain/org.h"
#include "../domain/share.h"
#include "../html/html.h"
#include "../html/i18n.h"
#include "../html/layout.h"
#include "../http/form.h"
#include "../http/request.h"

static const char *const scope_keys[] = { "national", "network", NULL };
static const char *const scope_labels[] = { N_("National"), N_("Network") };

static void
adoptions_table(struct req *r, const struct share_adoption *ad, int n)
{
	html_lit(r, "<table class=\"ds-table\"><caption>");
	html_t(r, "Adopted assessments");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Title");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Adopted from");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Based on version");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Newest version");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "Status");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_lit(r, "<tr><th scope=\"row\"><a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/sharing/adoptions/");
		html_int(r, ad[i].id);
		html_lit(r, "\">");
		html_text(r, ad[i].title);
		html_lit(r, "</a></th><td>");
		html_text(r, ad[i].publisher);
		html_lit(r, "</td><td>");
		html_int(r, ad[i].base_version);
		html_lit(r, "</td><td>");
		html_int(r, ad[i].latest_version);
		if (ad[i].latest_version > ad[i].base_version)
			sh_tag(r, "warning", N_("Update available"));
		html_lit(r, "</td><td>");
		html_t(r, assessment_status_label(ad[i].status));
		html_lit(r, "</td></tr>");
	}
	html_lit(r, "</tbody></table>");
}

static void
publish_form(struct req *r, const struct share_network *nets, int nnets)
{
	struct assessment *as;
	int n = assessment_list(r->db, &r->arena, r->org_id, NULL, &as), k = 0;
	const char **keys = arena_alloc(&r->arena, sizeof(*keys) * (size_t)(n > 0 ? n : 1));
	const char **labels = arena_alloc(&r->arena, sizeof(*labels) * (size_t)(n > 0 ? n : 1));
	const char **nkeys = arena_alloc(&r->arena, sizeof(*nkeys) * (size_t)(nnets + 1));
	const char **nlabels = arena_alloc(&r->arena, sizeof(*nlabels) * (size_t)(nnets + 1));

	page_heading(r, 2, N_("Publish an approved assessment"));
	if (n < 0 || !keys || !labels || !nkeys || !nlabels)
		return;
	for (int i = 0; i < n; i++)
		if (as[i].version > 0) {
			keys[k] = arena_printf(&r->arena, "%lld", (long long)as[i].id);
			labels[k++] = arena_printf(&r->arena, "%s (v%d)", as[i].title, as[i].version);
		}
	if (k == 0) {
		page_para(r, N_("Your organisation has no approved assessment yet. Only an approved version can be published."));
		return;
	}
	for (int i = 0; i < nnets; i++) {
		nkeys[i] = arena_printf(&r->arena, "%lld", (long long)nets[i].id);
		nlabels[i] = nets[i].name;
	}
	page_para(r, N_("The last approved version is published, never your draft. Local fields, the DPO's"
	    " advice and the risk acceptance are never published with their content."));
	sh_form_org(r, "/sharing/publish");
	sh_select_data(r, "assessment", N_("Assessment"), keys, labels, k, NULL, NULL);
	sh_select(r, "scope", N_("Publish to"), scope_keys, scope_labels, 2, "national", NULL, NULL);
	if (nnets)
		sh_select_data(r, "network", N_("Network (when publishing to a network)"), nkeys, nlabels,
		    nnets, NULL, N_("No network"));
	sh_textarea(r, "withhold", N_("Item ids to withhold (optional, separated by commas)"), NULL, NULL, 2);
	sh_submit(r, N_("Publish"));
}

static void
networks_section(struct req *r, const struct share_network *nets, int n)
{
	page_heading(r, 2, N_("Networks"));
	if (n == 0)
		page_para(r, N_("Your organisation is not in any sharing network."));
	else {
		html_lit(r, "<ul class=\"ds-list\">");
		for (int i = 0; i < n; i++) {
			html_lit(r, "<li>");
			html_text(r, nets[i].name);
			html_lit(r, " (");
			html_text(r, nets[i].owner_name);
			html_lit(r, ", ");
			html_int(r, nets[i].nmembers);
			html_lit(r, " ");
			html_t(r, "members");
			html_lit(r, ")</li>");
		}
		html_lit(r, "</ul>");
	}
	if (!authz_allows(r->who, A_SHARE_NETWORK, r->org_id, 0))
		return;
	sh_form_org(r, "/sharing/networks");
	form_input(r, "name", N_("Name of the new network"), "text", NULL, NULL, 1, "off");
	sh_textarea(r, "members", N_("Members: municipality or county numbers, separated by commas"),
	    NULL, NULL, 2);
	sh_submit(r, N_("Create the network"));
}

/* The sharing page, with a notice (msgid) after a refused action. */
static void
sharing_page(struct req *r, const char *notice)
{
	struct org o;
	struct share_adoption *ad = NULL;
	struct share_network *nets = NULL;
	struct pub_row *pubs = NULL;
	int nad = 0, nnets, npubs = 0, view = authz_allows(r->who, A_ASSESS_VIEW, r->org_id, 0);

	if (page_load_org(r, &o))
		return;
	if ((nnets = share_networks(r->db, &r->arena, r->org_id, &nets)) < 0 ||
	    (view && ((nad = share_adoptions(r->db, &r->arena, r->org_id, &ad)) < 0 ||
	    (npubs = share_pubs_of(r->db, &r->arena, r->org_id, &pubs)) < 0))) {
		sh_server_error(r, "sharing page");
		return;
	}
	layout_begin(r, T(r, "Sharing"));
	org_nav(r, o.name, "/sharing");
	page_heading(r, 1, N_("Sharing"));
	if (notice)
		alert(r, "danger", notice);
	for (int i = 0; i < nad; i++)
		if (ad[i].latest_version > ad[i].base_version) {
			html_lit(r, "<div class=\"ds-alert\" data-color=\"warning\"><p class=\"ds-paragraph\">");
			html_text(r, ad[i].publisher);
			html_lit(r, " ");
			html_t(r, "has published a new version of");
			html_lit(r, " <a class=\"ds-link\" href=\"/o/");
			html_int(r, r->org_id);
			html_lit(r, "/sharing/adoptions/");
			html_int(r, ad[i].id);
			html_lit(r, "\">");
			html_text(r, ad[i].title);
			html_lit(r, "</a>.</p></div>");
		}
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/library\">");
	html_t(r, "Library of shared assessments");
	html_lit(r, "</a> &middot; <a class=\"ds-link\" href=\"/resources\">");
	html_t(r, "Resource bank");
	html_lit(r, "</a>");
	if (authz_allows(r->who, A_RESOURCE_EDIT, r->org_id, 0)) {
		html_lit(r, " &middot; <a class=\"ds-link\" href=\"/o/");
		html_int(r, r->org_id);
		html_lit(r, "/resources/new\">");
		html_t(r, "Write a resource");
		html_lit(r, "</a>");
	}
	html_lit(r, "</p>");
	if (view) {
		page_heading(r, 2, N_("Adopted assessments"));
		if (nad == 0)
			page_para(r, N_("Your organisation has not adopted any shared assessment yet."));
		else
			adoptions_table(r, ad, nad);
		page_heading(r, 2, N_("Published by your organisation"));
		if (npubs == 0)
			page_para(r, N_("Your organisation has not published anything yet."));
		else
			sh_pub_table(r, pubs, npubs, N_("Published by your organisation"));
	}
	if (authz_allows(r->who, A_SHARE_PUBLISH, r->org_id, 0))
		publish_form(r, nets, nnets);
	networks_section(r, nets, nnets);
	if (authz_allows(r->who, A_SHARE_ADOPT, r->org_id, 0)) {
		page_heading(r, 2, N_("Import a bundle"));
		page_para(r, N_("Paste a bundle downloaded from another installation. It becomes your own draft."));
		sh_form_org(r, "/sharing/import");
		sh_textarea(r, "bundle", N_("Bundle (JSON)"), NULL, NULL, 6);
		sh_submit(r, N_("Import"));
	}
	layout_end(r);
}

void
page_sharing(struct req *r)
{
	sharing_page(r, NULL);
}

/* After a write: redirect, refuse with the page (400/404) or 500. */
static void
write_result(struct req *r, int ok, const char *err, const char *location, const char *what)
{
	if (ok) {
		req_redirect(r, location);
		return;
	}
	if (err == NULL) {
		sh_server_error(r, what);
		return;
	}
	r->status = strcmp(err, SHARE_E_NOPUB) == 0 ? 404 : 400;
	sharing_page(r, err);
}

static const struct field publish_fields[] = {
	{ "assessment", F_INT, 1, 20, 1, INT64_MAX, NULL },
	{ "scope", F_ENUM, 1, 0, 0, 0, scope_keys },
	{ "network", F_INT, 0, 20, 1, INT64_MAX, NULL },
	{ "withhold", F_MULTILINE, 0, 4000, 0, 0, NULL },
};

void
page_share_publish(struct req *r)
{
	struct fval v[4];
	struct share_publish in;
	const char *err = NULL;
	int64_t id;

	if (form_read(r, publish_fields, 4, v)) {
		r->status = 400;
		sharing_page(r, N_("Choose an approved assessment and where to publish it."));
		return;
	}
	in.assessment_id = v[0].i;
	in.scope = v[1].s;
	in.network_id = v[2].s ? v[2].i : 0;
	in.withheld = v[3].s ? v[3].s : "";
	id = share_publish(r->db, &r->arena, r->who->user_id, r->org_id, &in, &err);
	write_result(r, id > 0, err, arena_printf(&r->arena, "/library/%lld", (long long)id), "publish");
}

static const struct field network_fields[] = {
	{ "name", F_TEXT, 1, 200, 0, 0, NULL },
	{ "members", F_MULTILINE, 1, 4000, 0, 0, NULL },
};

void
page_share_network(struct req *r)
{
	struct fval v[2];
	const char *err = NULL;
	int64_t id;

	if (form_read(r, network_fields, 2, v)) {
		r->status = 400;
		sharing_page(r, N_("Give the network a name and at least one member."));
		return;
	}
	id = share_network_create(r->db, &r->arena, r->who->user_id, r->org_id, v[0].s, v[1].s, &err);
	write_result(r, id > 0, err, arena_printf(&r->arena, "/o/%lld/sharing", (long long)r->org_id),
	    "network");
}

static const struct field adopt_fields[] = {
	{ "pub", F_INT, 1, 20, 1, INT64_MAX, NULL },
};

void
page_share_adopt(struct req *r)
{
	struct fval v[1];
	const char *err = NULL;
	int64_t id;

	if (form_read(r, adopt_fields, 1, v)) {
		page_error(r, 400, "The form could not be read. Go back and try again.");
		return;
	}
	id = share_adopt(r->db, &r->arena, r->who->user_id, r->org_id, v[0].i, &err);
	write_result(r, id > 0, err, arena_printf(&r->arena, "/o/%lld/assessments/%lld",
	    (long long)r->org_id, (long long)id), "adopt");
}

static const struct field import_fields[] = {
	{ "bundle", F_MULTILINE, 1, 900000, 0, 0, NULL },
};

void
page_share_import(struct req *r)
{
	struct fval v[1];
	struct share_bundle b;
	char perr[256];
	const char *err = NULL;
	int64_t id;

	if (form_read(r, import_fields, 1, v)) {
		r->status = 400;
		sharing_page(r, N_("Paste the bundle's JSON text."));
		return;
	}
	if (share_bundle_parse(&r->arena, v[0].s, strlen(v[0].s), &b, perr, (int)sizeof(perr))) {
		r->status = 400;
		/* The reader's message names the key; it is technical text from
		 * the program, shown after the translated sentence. */
		sharing_page(r, arena_printf(&r->arena, "%s (%s)",
		    T(r, "The bundle could not be read. Nothing was imported."), perr));
		return;
	}
	id = share_bundle_import(r->db, &r->arena, r->who->user_id, r->org_id, &b, &err);
	write_result(r, id > 0, err, arena_printf(&r->arena, "/o/%lld/assessments/%lld",
	    (long long)r->org_id, (long long)id), "import");
}

/* ---- one adoption: local fields and the update view --------------------- */

static int
load_adoption(struct req *r, struct share_adoption *ad)
{
	int64_t id = param_id(r, "id");
	int rc = id ? share_adoption_get(r->db, &r->arena, r->org_id, id, ad) : 0;

	if (rc == 0)
		page_error(r, 404, "There is no page at this address.");
	else if (rc < 0)
		sh_server_error(r, "adoption");
	return rc == 1 ? 0 : -1;
}

static const char *
action_label(enum mg_action a)
{
	switch (a) {
	case MA_TAKE: return N_("Take the new text");
	case MA_ADD: return N_("Add the new item");
	case MA_REMOVE: return N_("Remove the item");
	case MA_CONFLICT: return N_("Changed on both sides: choose");
	default: return N_("No change");
	}
}

static void
item_link(struct req *r, const struct share_adoption *ad, const char *uid)
{
	html_lit(r, "<a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/assessments/");
	html_int(r, ad->assessment_id);
	html_lit(r, "/items/");
	html_urlarg(r, uid);
	html_lit(r, "\"><code>");
	html_text(r, uid);
	html_lit(r, "</code></a>");
}

static void
local_fields(struct req *r, const struct share_adoption *ad)
{
	struct as_item *it;
	int n = assessment_items(r->db, &r->arena, ad->assessment_id, &it), open = 0;

	page_heading(r, 2, N_("Local fields to complete"));
	for (int i = 0; i < n; i++) {
		const char *b = it[i].local ? share_blank_data(&r->arena, it[i].data) : NULL;
		if (b == NULL || strcmp(b, it[i].data) != 0)
			continue;
		if (!open++)
			html_lit(r, "<ul class=\"ds-list local-todo\">");
		html_lit(r, "<li>");
		item_link(r, ad, it[i].uid);
		sh_tag(r, "warning", N_("Not completed"));
		html_lit(r, "</li>");
	}
	if (open)
		html_lit(r, "</ul>");
	else
		page_para(r, N_("Every local field has been completed."));
}

static void
choice_radio(struct req *r, const char *uid, const char *value, const char *label, int checked)
{
	html_lit(r, "<div class=\"ds-field\"><input class=\"ds-input\" type=\"radio\"");
	html_attrkv(r, "name", arena_printf(&r->arena, "c-%s", uid));
	html_attrkv(r, "id", arena_printf(&r->arena, "c-%s-%s", uid, value));
	html_attrkv(r, "value", value);
	if (checked)
		html_lit(r, " checked");
	html_lit(r, "><label class=\"ds-label\"");
	html_attrkv(r, "for", arena_printf(&r->arena, "c-%s-%s", uid, value));
	html_lit(r, ">");
	html_t(r, label);
	html_lit(r, "</label></div>");
}

static void
plan_row(struct req *r, const struct share_adoption *ad, const struct mg_row *row)
{
	html_lit(r, "<tr><th scope=\"row\">");
	item_link(r, ad, row->uid);
	html_lit(r, "</th><td>");
	html_t(r, merge_side_label(row->upstream));
	html_lit(r, "</td><td>");
	html_t(r, merge_side_label(row->local));
	html_lit(r, "</td><td>");
	html_t(r, action_label(row->action));
	if (row->action == MA_TAKE || row->action == MA_ADD || row->action == MA_CONFLICT) {
		html_lit(r, "<div class=\"theirs\"><strong>");
		html_t(r, "Theirs");
		html_lit(r, ":</strong>");
		sh_item_data(r, row->theirs ? row->theirs->data : "{}");
		html_lit(r, "</div>");
	}
	if (row->action == MA_CONFLICT) {
		const char *field = arena_printf(&r->arena, "e-%s", row->uid);
		html_lit(r, "<div class=\"mine\"><strong>");
		html_t(r, "Yours");
		html_lit(r, ":</strong>");
		sh_item_data(r, row->ours ? row->ours->data : "{}");
		html_lit(r, "</div><fieldset class=\"ds-fieldset\"><legend>");
		html_t(r, "Resolve");
		html_lit(r, " <code>");
		html_text(r, row->uid);
		html_lit(r, "</code></legend>");
		choice_radio(r, row->uid, "mine", N_("Keep mine"), 1);
		choice_radio(r, row->uid, "theirs", N_("Take theirs"), 0);
		if (row->theirs && strcmp(row->theirs->kind, "field") == 0) {
			choice_radio(r, row->uid, "edit", N_("Write a new text"), 0);
			sh_textarea(r, field, N_("New text"), NULL, NULL, 3);
		}
		html_lit(r, "</fieldset>");
	}
	html_lit(r, "</td></tr>");
}

static void
update_page(struct req *r, const struct share_adoption *ad, const struct mg_plan *plan,
    const char *notice)
{
	struct org o;
	int changes = ad->latest_pub_id != ad->base_pub_id;

	if (page_load_org(r, &o))
		return;
	layout_begin(r, ad->title);
	org_nav(r, o.name, "/sharing");
	html_lit(r, "<h1 class=\"ds-heading\" data-size=\"lg\">");
	html_text(r, ad->title);
	html_lit(r, "</h1>");
	if (notice)
		alert(r, "danger", notice);
	sh_fact(r, N_("Adopted from"), ad->publisher);
	sh_fact(r, N_("Based on version"), arena_printf(&r->arena, "%d", ad->base_version));
	html_lit(r, "<p class=\"ds-paragraph\"><a class=\"ds-link\" href=\"/o/");
	html_int(r, r->org_id);
	html_lit(r, "/assessments/");
	html_int(r, ad->assessment_id);
	html_lit(r, "\">");
	html_t(r, "Open the assessment");
	html_lit(r, "</a> &middot; <a class=\"ds-link\" href=\"/library/");
	html_int(r, ad->base_pub_id);
	html_lit(r, "\">");
	html_t(r, "The version you are based on");
	html_lit(r, "</a></p>");
	local_fields(r, ad);
	page_heading(r, 2, N_("Changes from the source"));
	if (!changes) {
		page_para(r, N_("You are based on the newest version. There is nothing to take."));
		layout_end(r);
		return;
	}
	html_lit(r, "<p class=\"ds-paragraph\">");
	html_t(r, "Newest version");
	html_lit(r, ": ");
	html_int(r, ad->latest_version);
	html_lit(r, ". ");
	html_int(r, plan->nauto);
	html_lit(r, " ");
	html_t(r, "changes can be taken automatically;");
	html_lit(r, " ");
	html_int(r, plan->nconflicts);
	html_lit(r, " ");
	html_t(r, "items were changed both by the source and by you.");
	html_lit(r, "</p>");
	sh_form_org(r, arena_printf(&r->arena, "/sharing/adoptions/%lld", (long long)ad->id));
	html_lit(r, "<input type=\"hidden\" name=\"target\" value=\"");
	html_int(r, ad->latest_pub_id);
	html_lit(r, "\"><table class=\"ds-table\"><caption>");
	html_t(r, "Item by item");
	html_lit(r, "</caption><thead><tr><th scope=\"col\">");
	html_t(r, "Item");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "At the source");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "In your copy");
	html_lit(r, "</th><th scope=\"col\">");
	html_t(r, "What happens");
	html_lit(r, "</th></tr></thead><tbody>");
	for (int i = 0; i < plan->n; i++)
		if (plan->rows[i].upstream != MG_SAME || plan->rows[i].action != MA_KEEP)
			plan_row(r, ad, &plan->rows[i]);
	html_lit(r, "</tbody></table>");
	if (authz_allows(r->who, A_SHARE_ADOPT, r->org_id, 0))
		sh_submit(r, N_("Take the changes"));
	else
		html_lit(r, "</form>");
	layout_end(r);
}

void
page_share_update(struct req *r)
{
	struct share_adoption ad;
	struct mg_plan plan;

	if (load_adoption(r, &ad))
		return;
	if (share_update_plan(r->db, &r->arena, r->org_id, &ad, &plan)) {
		sh_server_error(r, "update plan");
		return;
	}
	update_page(r, &ad, &plan, NULL);
}

static const char *const choice_keys[] = { "mine", "theirs", "edit", NULL };

void
page_share_update_post(struct req *r)
{
	struct share_adoption ad;
	struct mg_plan plan;
	struct field *f;
	struct fval *v;
	enum mg_choice *choice;
	const char **edit;
	const char *err = NULL;
	int nf = 1, *row_of;

	if (load_adoption(r, &ad))
		return;
	if (share_update_plan(r->db, &r->arena, r->org_id, &ad, &plan)) {
		sh_server_error(r, "update plan");
		return;
	}
	f = arena_alloc(&r->arena, sizeof(*f) * (size_t)(2 * plan.n + 1));
	v = arena_alloc(&r->arena, sizeof(*v) * (size_t)(2 * plan.n + 1));
	row_of = arena_alloc(&r->arena, sizeof(*row_of) * (size_t)(2 * plan.n + 1));
	choice = arena_alloc(&r->arena, sizeof(*choice) * (size_t)(plan.n + 1));
	edit = arena_alloc(&r->arena, sizeof(*edit) * (size_t)(plan.n + 1));
	if (!f || !v || !row_of || !choice || !edit) {
		sh_server_error(r, "update alloc");
		return;
	}
	f[0] = (struct field){ "target", F_INT, 1, 20, 1, INT64_MAX, NULL };
	for (int i = 0; i < plan.n; i++) {
		if (plan.rows[i].action != MA_CONFLICT)
			continue;
		row_of[nf] = i;
		f[nf++] = (struct field){ arena_printf(&r->arena, "c-%s", plan.rows[i].uid), F_ENUM, 1,
		    0, 0, 0, choice_keys };
		row_of[nf] = i;
		f[nf++] = (struct field){ arena_printf(&r->arena, "e-%s", plan.rows[i].uid), F_MULTILINE,
		    0, 20000, 0, 0, NULL };
	}
	if (form_read(r, f, nf, v)) {
		r->status = 400;
		update_page(r, &ad, &plan, N_("Choose how to resolve every item changed on both sides."));
		return;
	}
	for (int k = 1; k < nf; k += 2) {
		int i = row_of[k];
		const char *c = v[k].s;
		choice[i] = strcmp(c, "mine") == 0 ? MC_MINE : strcmp(c, "theirs") == 0 ? MC_THEIRS : MC_EDIT;
		edit[i] = v[k + 1].s ? v[k + 1].s : "";
		if (choice[i] == MC_EDIT && !(plan.rows[i].theirs &&
		    strcmp(plan.rows[i].theirs->kind, "field") == 0)) {
			r->status = 400;
			update_page(r, &ad, &plan, N_("Only a text field can be given a new text here."));
			return;
		}
	}
	if (share_update_apply(r->db, &r->arena, r->who->user_id, r->org_id, &ad, v[0].i, &plan,
	    choice, edit, &err)) {
		if (err == NULL) {
			sh_server_error(r, "update apply");
			return;
		}
		r->status = 409;
		update_page(r, &ad, &plan, err);
		return;
	}
	req_redirect(r, arena_printf(&r->arena, "/o/%lld/sharing/adoptions/%lld",
	    (long long)r->org_id, (long long)ad.id));
}
