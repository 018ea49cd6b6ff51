/*
 * host_dashboards.c - Grafana's provisioning on the audited system (see
 * host.h): a Prometheus datasource provisioned, dashboard providers
 * that load the folders holding the dashboards (JSON on disk that no
 * provider loads is not visible in Grafana), the policy's required
 * dashboards among them, and their queries on the canonical labels.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grafprov.h"
#include "host_common.h"
#include "hostfs.h"
struct dash {
	char title[256];
	char path[512];
	int provisioned;
};

struct dash_state {
	struct probe_ctx *ctx;
	char providers[ZA_MAX_DASH_PROVIDERS][512];
	size_t nproviders;
	struct dash *d;
	size_t nd;
	int provisioned; /* the folder being walked is a provider's */
	struct za_result *labels;
	size_t ctype;
	const char *cur;
	size_t nds;    /* datasource files read */
	size_t nprom;  /* Prometheus datasources */
	size_t unread; /* provisioned dashboards (or their folders) not read or parsed */
	size_t over;   /* dashboards past ZA_MAX_DASHBOARDS: counted, not judged */
	char bad[512]; /* a provisioning file that did not parse */
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void on_provider(void *arg, const char *path)
{
	struct dash_state *s = arg;

	if (s->nproviders < ZA_MAX_DASH_PROVIDERS)
		snprintf(s->providers[s->nproviders++], sizeof(s->providers[0]), "%s", path);
	else
		s->unread++; /* a provider past the cap: its folder is not walked */
}

static int on_prov_file(void *arg, int dirfd, const char *name, const char *path, const struct stat *st)
{
	struct dash_state *s = arg;
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	enum za_err e;

	if (!S_ISREG(st->st_mode) || !(ends_with(name, ".yaml") || ends_with(name, ".yml")))
		return 0;
	if (hostfs_read_at(dirfd, name, ZA_MAX_HOST_TEXT, &text, &len) != ZA_OK) {
		if (!*s->bad) /* over the cap, not text or unreadable: what it provisions is unknown */
			snprintf(s->bad, sizeof(s->bad), "%.300s: not read (a text file under %u bytes is expected)",
			         path, ZA_MAX_HOST_TEXT);
		return 0;
	}
	if (strstr(path, "/datasources/")) {
		size_t n = 0;
		e = grafprov_datasources(text, len, &n, err, sizeof(err));
		s->nds++;
		s->nprom += n;
	} else {
		e = grafprov_providers(text, len, on_provider, s, err, sizeof(err));
	}
	if (e != ZA_OK && !*s->bad)
		snprintf(s->bad, sizeof(s->bad), "%.300s: %.200s", path, err);
	explicit_bzero(text, len);
	free(text);
	return 0;
}

static void on_ctype(void *arg, const char *panel)
{
	struct dash_state *s = arg;

	s->ctype++;
	if (s->labels)
		result_evidence(s->ctx->rs, s->labels, "dashboard", s->cur, "panel '%s': a query uses ctype", panel);
}

static int on_dash_file(void *arg, int dirfd, const char *name, const char *path, const struct stat *st)
{
	struct dash_state *s = arg;
	char *text = NULL, err[ZA_MAX_ERR], title[256];
	size_t len = 0;

	if (!S_ISREG(st->st_mode) || !ends_with(name, ".json"))
		return 0;
	if (s->nd == ZA_MAX_DASHBOARDS) {
		s->over++;
		return 0;
	}
	for (size_t i = 0; i < s->nd; i++)
		if (strcmp(s->d[i].path, path) == 0)
			return 0; /* seen through a provider already */
	if (hostfs_read_at(dirfd, name, ZA_MAX_DASHBOARD_BYTES, &text, &len) != ZA_OK) {
		s->unread++; /* over the cap or unreadable: it could hold ctype */
		if (s->labels)
			result_evidence(s->ctx->rs, s->labels, "dashboard", path,
			                "not read (over %u bytes or unreadable)", ZA_MAX_DASHBOARD_BYTES);
		return 0;
	}
	s->cur = path;
	int ok = grafprov_dashboard(text, len, title, sizeof(title), on_ctype, s, err, sizeof(err)) == ZA_OK;
	if (ok || *title) { /* a dashboard, walked whole or not: it is there, by its title */
		struct dash *d = &s->d[s->nd++];
		snprintf(d->title, sizeof(d->title), "%s", title);
		snprintf(d->path, sizeof(d->path), "%s", path);
		d->provisioned = s->provisioned;
	}
	if (!ok && (s->provisioned || *title)) { /* provisioned, or a dashboard not walked whole */
		s->unread++;
		if (s->labels)
			result_evidence(s->ctx->rs, s->labels, "dashboard", path, "not read: %s", err);
	}
	free(text);
	return 0;
}

static void skip_all(struct probe_ctx *ctx, const char *why)
{
	static const enum check_id ids[] = {CK_GRAFANA_DATASOURCE_PROVISIONED, CK_GRAFANA_DASHBOARDS_PROVISIONED,
	                                    CK_DASHBOARDS_CANONICAL_LABELS};
	for (size_t i = 0; i < 3; i++) {
		long t0;
		struct za_result *r = ha_begin(ctx, ids[i], ctx->policy->hostaudit.provisioning, &t0);
		if (r) {
			result_skip(ctx->rs, r, "%s", why);
			probe_end(ctx, r, t0);
		}
	}
}

void host_dashboards_run(struct probe_ctx *ctx)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;
	struct dash_state s;
	struct stat st;
	size_t unreadable = 0;
	long t0;
	struct za_result *r;

	if (hostfs_stat(ctx->hostfs, ha->grafana_ini, &st) != 0 &&
	    hostfs_stat(ctx->hostfs, ha->provisioning, &st) != 0) {
		skip_all(ctx, "no Grafana on this system (no grafana.ini, no provisioning directory)");
		return;
	}
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.d = calloc(ZA_MAX_DASHBOARDS, sizeof(*s.d));
	if (!s.d)
		return;
	hostfs_walk(ctx->hostfs, ha->provisioning, 2, on_prov_file, &s, &unreadable);

	r = ha_begin(ctx, CK_GRAFANA_DATASOURCE_PROVISIONED, ha->provisioning, &t0);
	if (r) {
		if (s.nprom)
			result_status(ctx->rs, r, ZA_PASS, "%zu Prometheus datasource%s provisioned", s.nprom,
			              s.nprom == 1 ? "" : "s");
		else if (*s.bad)
			result_status(ctx->rs, r, ZA_ERROR, "a provisioning file does not parse: %s", s.bad);
		else
			result_status(ctx->rs, r, ZA_FAIL,
			              "no datasource of type prometheus under %s/datasources (%zu file%s read)",
			              ha->provisioning, s.nds, s.nds == 1 ? "" : "s");
		probe_end(ctx, r, t0);
	}

	s.labels = ha_begin(ctx, CK_DASHBOARDS_CANONICAL_LABELS, ha->provisioning, &t0);
	s.provisioned = 1;
	for (size_t i = 0; i < s.nproviders; i++)
		hostfs_walk(ctx->hostfs, s.providers[i], ZA_MAX_WALK_DEPTH, on_dash_file, &s, &unreadable);
	s.unread += unreadable; /* folders of providers that could not be read */
	s.provisioned = 0;
	for (size_t i = 0; i < ha->ndashboard_dirs; i++)
		hostfs_walk(ctx->hostfs, ha->dashboard_dirs[i], ZA_MAX_WALK_DEPTH, on_dash_file, &s, &unreadable);
	if (s.labels) {
		size_t nprov = 0;
		for (size_t i = 0; i < s.nd; i++)
			nprov += s.d[i].provisioned;
		if (s.over)
			result_evidence(ctx->rs, s.labels, "scan", NULL,
			                "%zu dashboards past the cap of %u were not read", s.over, ZA_MAX_DASHBOARDS);
		if (s.ctype)
			result_status(ctx->rs, s.labels, ZA_FAIL,
			              "%zu quer%s in %zu dashboard%s (%zu provisioned) use ctype (container_type is "
			              "canonical)",
			              s.ctype, s.ctype == 1 ? "y" : "ies", s.nd, s.nd == 1 ? "" : "s", nprov);
		else if (s.unread || s.over) /* a dashboard not read could hold ctype: the check could not see */
			result_status(
			        ctx->rs, s.labels, ZA_ERROR,
			        "%zu provisioned dashboard%s or folder%s could not be read or parsed, %zu over the cap",
			        s.unread, s.unread == 1 ? "" : "s", s.unread == 1 ? "" : "s", s.over);
		else if (!s.nd)
			result_skip(ctx->rs, s.labels,
			            "no dashboard at all: none provisioned and none in the policy's dashboard_dirs");
		else
			result_status(ctx->rs, s.labels, ZA_PASS,
			              "the queries of %zu dashboard%s (%zu provisioned) use canonical labels", s.nd,
			              s.nd == 1 ? "" : "s", nprov);
		probe_end(ctx, s.labels, t0);
	}

	r = ha_begin(ctx, CK_GRAFANA_DASHBOARDS_PROVISIONED, ha->provisioning, &t0);
	if (r) {
		size_t missing = 0, nprov = 0, ondisk = 0;
		for (size_t i = 0; i < s.nd; i++) {
			nprov += s.d[i].provisioned;
			if (!s.d[i].provisioned) {
				ondisk++;
				result_evidence(
				        ctx->rs, r, "dashboard", s.d[i].path,
				        "'%s' is on disk but no provider loads its folder: not visible in Grafana",
				        s.d[i].title);
			}
		}
		for (size_t k = 0; k < ha->ndashboards_required; k++) {
			const struct dash *found = NULL;
			for (size_t i = 0; i < s.nd && !found; i++)
				if (s.d[i].provisioned && strcmp(s.d[i].title, ha->dashboards_required[k]) == 0)
					found = &s.d[i];
			if (found)
				result_evidence(ctx->rs, r, "dashboard", found->path, "'%s' provisioned", found->title);
			else {
				missing++;
				result_evidence(ctx->rs, r, "dashboard", ha->dashboards_required[k],
				                "required, not in any provisioned folder");
			}
		}
		if (missing || ondisk)
			result_status(ctx->rs, r, ZA_FAIL,
			              "%zu required dashboard%s not provisioned, %zu dashboard%s on disk only (%zu "
			              "provider%s)",
			              missing, missing == 1 ? "" : "s", ondisk, ondisk == 1 ? "" : "s", s.nproviders,
			              s.nproviders == 1 ? "" : "s");
		else if (!nprov)
			result_status(ctx->rs, r, ZA_FAIL, "no dashboards provisioned (%zu provider%s)", s.nproviders,
			              s.nproviders == 1 ? "" : "s");
		else
			result_status(ctx->rs, r, ZA_PASS, "%zu dashboard%s provisioned, every required one among them",
			              nprov, nprov == 1 ? "" : "s");
		probe_end(ctx, r, t0);
	}
	free(s.d);
}
