/*
 * secrets.c - the secrets family (vantage role host or admin): leaked
 * tokens in the logs the contract names, in configuration files and in
 * Grafana's provisioned dashboards (policy "secrets").
 *
 *   logs.leaked-token        one result per configured log glob
 *   files.leaked-token       one per configuration path
 *   dashboards.leaked-token  one per dashboards path
 *
 * The engine is secretscan.h; the known secrets are the policy's token files
 * and its known_secret_files. Findings go to the report's findings array by
 * fingerprint; the result fails when there are any.
 */
#define _GNU_SOURCE
#include "secrets.h"

#include "hostfs.h"
#include "http.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonv.h"

struct collect {
	struct result_set *rs;
	struct za_result *r;
	size_t n, listed;
	size_t notes; /* shaped like a token but failing its checksum: not a leak */
};

static void on_finding(void *arg, const struct ss_finding *f)
{
	struct collect *c = arg;

	if (f->malformed) {
		/* a token whose checksum fails is no working credential: an info
		 * note in the evidence, never a finding that fails the check */
		if (c->notes++ < 4)
			result_evidence(c->rs, c->r, "note", f->path,
			                "info: %s-shaped value at %s:%ld:%ld is not a leak: %s", f->rule, f->path,
			                f->line, f->column, f->note);
		return;
	}
	result_finding_fp(c->rs, c->r, f->rule, f->path, f->line, f->column, f->fingerprint, f->preview,
	                  f->known_secret, f->note, -1);
	if (c->listed < 12) {
		result_evidence(c->rs, c->r, "finding", f->path, "%s at %s:%ld:%ld%s%s%s", f->rule, f->path, f->line,
		                f->column, f->known_secret ? " (one of the deployment's own secrets)" : "",
		                f->note[0] ? "; " : "", f->note);
		c->listed++;
	}
	c->n++;
}

/* The status of a finished scan: findings fail; anything that could not be
 * read is an error (a scanner that could not see must not pass). */
static void judge_scan(struct result_set *rs, struct za_result *r, const struct collect *c, const struct ss_stats *st,
                       enum za_err rc, const char *err)
{
	result_evidence(rs, r, "scan", NULL,
	                "%zu files, %llu bytes read; %zu binary files skipped, %zu symbolic links not followed, %zu "
	                "unreadable",
	                st->files, st->bytes, st->skipped_binary, st->skipped_links, st->unreadable);
	if (c->notes > 4)
		result_evidence(rs, r, "note", NULL, "info: %zu more checksum-failing token shapes (not leaks)",
		                c->notes - 4);
	if (st->dropped)
		result_evidence(rs, r, "scan", NULL,
		                "%zu more findings over the per-file cap of %u were counted, not listed", st->dropped,
		                ZA_MAX_FINDINGS_PER_FILE);
	if (c->n + st->dropped)
		result_status(rs, r, ZA_FAIL, "%zu leaked secret%s found", c->n + st->dropped,
		              c->n + st->dropped == 1 ? "" : "s");
	else if (rc != ZA_OK)
		result_status(rs, r, ZA_ERROR, "the scan did not finish: %s", err);
	else if (st->unreadable)
		result_status(rs, r, ZA_ERROR, "%zu file%s or director%s could not be read (%zu files scanned)",
		              st->unreadable, st->unreadable == 1 ? "" : "s", st->unreadable == 1 ? "y" : "ies",
		              st->files);
	else if (!st->files)
		result_skip(rs, r, "no file to scan");
	else
		result_status(rs, r, ZA_PASS, "no leaked secret in %zu file%s (%llu bytes)", st->files,
		              st->files == 1 ? "" : "s", st->bytes);
}

void secrets_scan_into(struct result_set *rs, struct za_result *r, const struct ss_engine *e, char *const *paths,
                       size_t n, const struct ss_opts *o)
{
	struct collect c = {rs, r, 0, 0, 0};
	struct ss_stats st;
	char err[ZA_MAX_ERR] = "";
	enum za_err rc;

	memset(&st, 0, sizeof(st));
	rc = ss_scan_paths(e, paths, n, o, on_finding, &c, &st, err, sizeof(err));
	judge_scan(rs, r, &c, &st, rc, err);
}

/* ---- the same over the audited system's files (hostfs: --root, role host/admin) ---- */

struct hscan {
	const struct hostfs *h;
	const struct ss_engine *e;
	const struct ss_opts *o;
	struct collect *c;
	struct ss_stats st;
	enum za_err rc;
	char err[ZA_MAX_ERR];
};

static void hscan_file(struct hscan *x, const char *path)
{
	int fd = hostfs_open(x->h, path, O_RDONLY | O_NONBLOCK, 1);
	char err[ZA_MAX_ERR] = "";

	if (fd < 0) {
		x->st.unreadable++;
		return;
	}
	x->st.files++;
	if (ss_scan_fd(x->e, fd, path, ss_is_gz(path, fd), x->o, on_finding, x->c, &x->st, err, sizeof(err)) != ZA_OK &&
	    x->rc == ZA_OK) {
		x->rc = ZA_ERR_IO;
		snprintf(x->err, sizeof(x->err), "%s", err);
	}
	close(fd);
}

static int hscan_entry(void *arg, int dirfd, const char *name, const char *path, const struct stat *st)
{
	struct hscan *x = arg;

	(void)dirfd;
	(void)name;
	if (S_ISLNK(st->st_mode))
		x->st.skipped_links++;
	else if (S_ISREG(st->st_mode))
		hscan_file(x, path);
	return 0;
}

static void hscan_match(void *arg, const char *path, const struct stat *st)
{
	struct hscan *x = arg;
	size_t unreadable = 0;

	if (S_ISLNK(st->st_mode))
		x->st.skipped_links++;
	else if (S_ISDIR(st->st_mode)) {
		if (hostfs_walk(x->h, path, ZA_MAX_WALK_DEPTH, hscan_entry, x, &unreadable) < 0)
			x->st.unreadable++;
		x->st.unreadable += unreadable;
	} else if (S_ISREG(st->st_mode))
		hscan_file(x, path);
}

/* One result over a glob resolved inside the audited system's root. */
static void secrets_scan_glob(struct probe_ctx *ctx, struct za_result *r, const char *pattern, const char *what,
                              const struct ss_opts *o)
{
	struct collect c = {ctx->rs, r, 0, 0, 0};
	struct hscan x;
	long n;

	memset(&x, 0, sizeof(x));
	x.h = ctx->hostfs;
	x.e = ctx->secrets;
	x.o = o;
	x.c = &c;
	x.rc = ZA_OK;
	n = hostfs_glob(ctx->hostfs, pattern, hscan_match, &x, &x.st.unreadable);
	if (n == 0 && !x.st.unreadable) {
		result_skip(ctx->rs, r, "no file matches %s (%s)", pattern, what);
		return;
	}
	if (n < 0) {
		result_status(ctx->rs, r, ZA_ERROR, "cannot list %s: %s", pattern, strerror(errno));
		return;
	}
	judge_scan(ctx->rs, r, &c, &x.st, x.rc, x.err);
}

/* Scan one HTTP answer's body into the result (findings at path): how many
 * secrets it holds; a scan that failed adds to *unread. */
static size_t scan_body(struct probe_ctx *ctx, struct za_result *r, const char *body, size_t len, const char *path,
                        size_t *unread)
{
	struct collect c = {ctx->rs, r, 0, 0, 0};
	struct ss_stats st;
	char err[ZA_MAX_ERR];

	memset(&st, 0, sizeof(st));
	if (ss_scan_buffer(ctx->secrets, body, len, path, on_finding, &c, &st, err, sizeof(err)) != ZA_OK) {
		result_evidence(ctx->rs, r, "scan", path, "%s", err);
		(*unread)++;
	}
	if (st.dropped)
		result_evidence(ctx->rs, r, "scan", path,
		                "%zu more findings past the cap of %u were counted, not listed", st.dropped,
		                ZA_MAX_FINDINGS_PER_FILE);
	return c.n + st.dropped;
}

static void judge(struct probe_ctx *ctx, struct za_result *r, size_t n, size_t items, const char *what)
{
	if (n)
		result_status(ctx->rs, r, ZA_FAIL, "%zu leaked secret%s in %s", n, n == 1 ? "" : "s", what);
	else
		result_status(ctx->rs, r, ZA_PASS, "no leaked secret in %zu %s", items, what);
}

/* Grafana's dashboards as Grafana serves them (provisioned or not). */
static void grafana_dashboards(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;
	const char *base = p->secrets.grafana_api;
	char url[ZA_MAX_URL + 256], why[ZA_MAX_ERR + 64],
	        *auth = probe_auth_for(ctx, base, p->secrets.grafana_token, why, sizeof(why));
	const char *sep = base[strlen(base) - 1] == '/' ? "" : "/";
	long t0 = probe_now_ms();
	struct http_resp resp;
	struct za_result *r;
	cJSON *list = NULL;
	size_t n = 0, items = 0, unread = 0, over = 0, listed = 0;

	snprintf(url, sizeof(url), "%s%sapi/dashboards", base, sep);
	r = probe_begin(ctx, check_get(CK_DASHBOARDS_LEAKED_TOKEN), NULL, url);
	snprintf(url, sizeof(url), "%s%sapi/search?type=dash-db&limit=5000", base, sep);
	if (!r)
		goto out;
	if (p->secrets.grafana_token && !auth) {
		result_status(ctx->rs, r, ZA_ERROR, "could not list Grafana's dashboards: %s", why);
		probe_end(ctx, r, t0);
		goto out;
	}
	if (http_fetch(url, auth, http_url_is_https(base), p->tls_ca_file, p->connect_ms, p->transfer_ms, &resp) !=
	            ZA_OK ||
	    resp.outcome != HTTP_ANSWERED || resp.incomplete || resp.body_truncated || resp.status != 200 ||
	    !(list = jsonv_parse_untrusted(resp.body, resp.body_len, NULL)) || !cJSON_IsArray(list)) {
		result_status(ctx->rs, r, ZA_ERROR, "could not list Grafana's dashboards: %s %ld",
		              http_outcome_name(resp.outcome), resp.status);
		http_resp_free(&resp);
		probe_end(ctx, r, t0);
		goto out;
	}
	http_resp_free(&resp);
	if (cJSON_GetArraySize(list) >= 5000) /* the search's own limit: more may exist than it listed */
		over++;
	for (const cJSON *d = list->child; d; d = d->next) {
		listed++;
		if (items + unread >= ZA_MAX_API_DASHBOARDS) {
			over++; /* counted, not read: the result cannot pass */
			continue;
		}
		const cJSON *uid = cJSON_GetObjectItemCaseSensitive(d, "uid");
		char durl[ZA_MAX_URL + 256], where[300];
		if (!cJSON_IsString(uid) || strpbrk(uid->valuestring, "/?#%") || strlen(uid->valuestring) > 64) {
			unread++;
			continue;
		}
		snprintf(durl, sizeof(durl), "%s%sapi/dashboards/uid/%s", base, sep, uid->valuestring);
		snprintf(where, sizeof(where), "grafana dashboard %s", uid->valuestring);
		if (http_fetch(durl, auth, http_url_is_https(base), p->tls_ca_file, p->connect_ms, p->transfer_ms,
		               &resp) == ZA_OK &&
		    resp.outcome == HTTP_ANSWERED && resp.status == 200) {
			n += scan_body(ctx, r, resp.body, resp.body_len, where, &unread);
			items++;
			if (resp.incomplete || resp.body_truncated) {
				unread++; /* what arrived is scanned; the rest is not seen */
				result_evidence(ctx->rs, r, "http", durl, "the dashboard's answer was %s",
				                resp.incomplete ? "cut short" : "over the cap this scanner reads");
			}
		} else {
			unread++;
			result_evidence(ctx->rs, r, "http", durl, "could not read the dashboard (%s %ld)",
			                http_outcome_name(resp.outcome), resp.status);
		}
		http_resp_free(&resp);
	}
	if (over)
		result_evidence(ctx->rs, r, "scan", NULL,
		                "%zu of %zu listed dashboards past the cap of %u were not read, or more exist than the "
		                "search lists (5000)",
		                over, listed, ZA_MAX_API_DASHBOARDS);
	if (!n && (unread || over)) {
		/* a leak could sit in what was not read: never a pass */
		result_status(ctx->rs, r, ZA_ERROR, "%zu of %zu dashboards could not be read whole (%zu over the cap)",
		              unread + over, listed, over);
		probe_end(ctx, r, t0);
		goto out;
	}
	judge(ctx, r, n, items, "Grafana dashboards (read through the API)");
	probe_end(ctx, r, t0);
out:
	cJSON_Delete(list);
	secret_wipe_free(auth);
}

/* Prometheus's running configuration, rendered (admin or host vantage). */
static void prometheus_config(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;
	char url[ZA_MAX_URL + 64], why[ZA_MAX_ERR + 64], *auth = NULL;
	long t0 = probe_now_ms();
	struct http_resp resp;
	struct za_result *r;
	cJSON *d = NULL;
	const cJSON *yaml;

	snprintf(url, sizeof(url), "%s%sapi/v1/status/config", p->prometheus_url,
	         p->prometheus_url[strlen(p->prometheus_url) - 1] == '/' ? "" : "/");
	r = probe_begin(ctx, check_get(CK_FILES_LEAKED_TOKEN), NULL, url);
	if (!r)
		goto out;
	auth = probe_auth_for(ctx, url, p->prometheus_token, why, sizeof(why));
	if (p->prometheus_token && !auth) {
		result_status(ctx->rs, r, ZA_ERROR, "could not read the running configuration: %s", why);
		probe_end(ctx, r, t0);
		goto out;
	}
	if (http_fetch(url, auth, http_url_is_https(url), p->tls_ca_file, p->connect_ms, p->transfer_ms, &resp) ==
	            ZA_OK &&
	    resp.outcome == HTTP_ANSWERED && resp.status == 200 && !resp.incomplete && !resp.body_truncated &&
	    (d = jsonv_parse_untrusted(resp.body, resp.body_len, NULL)) &&
	    cJSON_IsString(
	            yaml = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(d, "data"), "yaml"))) {
		size_t unread = 0, n = scan_body(ctx, r, yaml->valuestring, strlen(yaml->valuestring), url, &unread);
		if (!n && unread)
			result_status(ctx->rs, r, ZA_ERROR, "the running configuration could not be scanned");
		else
			judge(ctx, r, n, 1, "Prometheus's running configuration");
	} else {
		result_status(ctx->rs, r, ZA_ERROR, "could not read the running configuration: %s %ld%s",
		              http_outcome_name(resp.outcome), resp.status,
		              resp.incomplete || resp.body_truncated ? " (the answer was cut short or over the cap)"
		                                                     : "");
	}
	http_resp_free(&resp);
	probe_end(ctx, r, t0);
out:
	cJSON_Delete(d);
	secret_wipe_free(auth);
}

/* A source that needs the network, in a --root scan: skipped, with why. */
static void offline_skip(struct probe_ctx *ctx, enum check_id check, const char *target, const char *what)
{
	struct za_result *r = probe_begin(ctx, check_get(check), NULL, target);

	if (r) {
		result_skip(ctx->rs, r, "%s needs the network: a --root scan reads files only", what);
		probe_end(ctx, r, probe_now_ms());
	}
}

/* The checks a policy path feeds (secrets.logs, .files, .dashboards): a
 * root naming any other is a scanner bug, never judged. */
static const enum check_id path_checks[] = {CK_LOGS_LEAKED_TOKEN, CK_FILES_LEAKED_TOKEN, CK_DASHBOARDS_LEAKED_TOKEN};

static int path_check(enum check_id id)
{
	for (size_t i = 0; i < sizeof(path_checks) / sizeof(path_checks[0]); i++)
		if (path_checks[i] == id)
			return 1;
	return 0;
}

void secrets_run(struct probe_ctx *ctx)
{
	const struct policy_secrets *ps = &ctx->policy->secrets;
	struct ss_opts o = {ps->scan_binary, 0, 0};

	if (!ps->present || !ctx->secrets || (ctx->role != ZA_ROLE_HOST && ctx->role != ZA_ROLE_ADMIN))
		return;
	for (size_t i = 0; ctx->role == ZA_ROLE_HOST && i < ps->nroots; i++) {
		/* files: the monitoring host's own (role host, or --root) */
		const struct policy_scanroot *root = &ps->roots[i];
		long t0 = probe_now_ms();
		struct za_result *r;
		glob_t g;
		int rc;

		if (!path_check(root->check)) {
			ctx->rs->internal = 1;
			continue;
		}
		r = probe_begin(ctx, check_get(root->check), NULL, root->glob);
		if (!r)
			continue;
		if (ctx->hostfs) {
			char what[ZA_MAX_NAME + 32];
			snprintf(what, sizeof(what), "log '%s'", root->name);
			secrets_scan_glob(ctx, r, root->glob, what, &o);
			probe_end(ctx, r, t0);
			continue;
		}
		rc = glob(root->glob, GLOB_NOSORT, NULL, &g);
		if (rc == GLOB_NOMATCH)
			result_skip(ctx->rs, r, "no file matches %s (log '%s')", root->glob, root->name);
		else if (rc != 0)
			result_status(ctx->rs, r, ZA_ERROR, "cannot list %s", root->glob);
		else
			secrets_scan_into(ctx->rs, r, ctx->secrets, g.gl_pathv, g.gl_pathc, &o);
		if (rc == 0)
			globfree(&g);
		probe_end(ctx, r, t0);
	}
	if (ps->grafana_api && !ctx->offline)
		grafana_dashboards(ctx);
	else if (ps->grafana_api)
		offline_skip(ctx, CK_DASHBOARDS_LEAKED_TOKEN, ps->grafana_api, "Grafana's dashboards through its API");
	if (ps->prometheus_config && ctx->policy->prometheus_url && !ctx->offline)
		prometheus_config(ctx);
	else if (ps->prometheus_config && ctx->policy->prometheus_url)
		offline_skip(ctx, CK_FILES_LEAKED_TOKEN, ctx->policy->prometheus_url,
		             "Prometheus's rendered configuration through its API");
}

void secrets_scan_paths(struct result_set *rs, const struct ss_engine *e, char *const *paths, size_t n,
                        const struct ss_opts *o)
{
	for (size_t i = 0; i < n; i++) {
		long t0 = probe_now_ms();
		struct stat pst;
		struct za_result *r = results_new(rs, check_get(CK_FILES_LEAKED_TOKEN),
		                                  strcmp(paths[i], "-") == 0 ? "(stdin)" : paths[i]);
		if (!r)
			break;
		if (strcmp(paths[i], "-") != 0 && lstat(paths[i], &pst) == 0 && !S_ISREG(pst.st_mode) &&
		    !S_ISDIR(pst.st_mode)) {
			/* named on the command line and not scanned: say so, never a clean pass */
			result_status(rs, r, ZA_ERROR, "%s is %s: not scanned (name the file itself)", paths[i],
			              S_ISLNK(pst.st_mode)    ? "a symbolic link"
			              : S_ISFIFO(pst.st_mode) ? "a FIFO (use - and a pipe for streams)"
			                                      : "not a regular file or directory");
			continue;
		}
		secrets_scan_into(rs, r, e, &paths[i], 1, o);
		r->duration_ms = probe_now_ms() - t0;
	}
}
