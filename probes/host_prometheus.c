/*
 * host_prometheus.c - Prometheus's configuration on the audited system (see
 * host.h): literal secrets where a *_file would do, tokens in
 * http_sd_configs URLs, the files secrets are read from, and the web
 * configuration (basic auth with bcrypt hashes, TLS) of a listener that is
 * not on loopback. Secret values are never copied into results.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_common.h"
#include "hostfs.h"
#include "http.h"
#include "leakscan.h"
#include "promconf.h"

struct prom_visit {
	struct probe_ctx *ctx;
	const char *config;
	struct za_result *lit, *sd;
	size_t nlit, nsd;
	char files[ZA_MAX_CONFIG_FILES][512];
	char why[ZA_MAX_CONFIG_FILES][600];
	size_t nfiles, files_over;
};

static void on_literal(void *arg, const char *ypath, long line)
{
	struct prom_visit *pv = arg;

	pv->nlit++;
	if (pv->lit)
		result_evidence(pv->ctx->rs, pv->lit, "config", pv->config, "line %ld: %s holds the secret itself",
		                line, ypath);
}

static void on_file(void *arg, const char *ypath, const char *path, long line)
{
	struct prom_visit *pv = arg;
	const char *slash;

	if (pv->nfiles == ZA_MAX_CONFIG_FILES && ++pv->files_over)
		return;
	/* relative paths are relative to the configuration file's directory */
	slash = strrchr(pv->config, '/');
	if (path[0] == '/' || !slash)
		snprintf(pv->files[pv->nfiles], sizeof(pv->files[0]), "%s", path);
	else
		snprintf(pv->files[pv->nfiles], sizeof(pv->files[0]), "%.*s/%s", (int)(slash - pv->config), pv->config,
		         path);
	snprintf(pv->why[pv->nfiles], sizeof(pv->why[0]), "read by Prometheus (%s line %ld: %s)", pv->config, line,
	         ypath);
	pv->nfiles++;
}

static void on_url_leak(void *arg, const char *rule, long line, long column, const char *value, size_t len)
{
	int *n = arg;

	(void)rule;
	(void)line;
	(void)column;
	(void)value;
	(void)len;
	(*n)++;
}

static void on_sd_url(void *arg, const char *ypath, const char *url, long line)
{
	struct prom_visit *pv = arg;
	int hits = 0;

	leakscan_text(url, strlen(url), on_url_leak, &hits);
	if (!hits)
		return;
	pv->nsd++;
	if (pv->sd)
		result_evidence(pv->ctx->rs, pv->sd, "config", pv->config,
		                "line %ld: %s.url carries a credential (it ends up in access logs and __meta_url)",
		                line, ypath);
}

static int systemd_credential(const char *path)
{
	return strncmp(path, "/run/credentials/", 17) == 0 || strstr(path, "CREDENTIALS_DIRECTORY");
}

static void web_config(struct probe_ctx *ctx, const char *addr, const char *web, const char *unread)
{
	long t0;
	struct za_result *r = ha_begin(ctx, CK_PROMETHEUS_WEB_CONFIG, *web ? web : "prometheus", &t0);
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	struct webconf wc;

	if (!r)
		return;
	if (unread) {
		result_status(ctx->rs, r, ZA_ERROR, "where Prometheus listens could not be read: %s", unread);
	} else if (!addr) {
		result_skip(
		        ctx->rs, r,
		        "no Prometheus unit or /etc/default/prometheus says where it listens: the web configuration "
		        "is judged with them (prometheus.yml alone is audited)");
	} else if (!*web) {
		if (http_addr_is_loopback(addr))
			result_status(ctx->rs, r, ZA_PASS,
			              "Prometheus listens on loopback (%s): no web configuration needed", addr);
		else
			result_status(ctx->rs, r, ZA_FAIL,
			              "Prometheus listens on %s with no --web.config.file: neither basic auth nor TLS",
			              addr);
	} else if (hostfs_read(ctx->hostfs, web, ZA_MAX_HOST_TEXT, &text, &len, err, sizeof(err)) != ZA_OK) {
		result_status(ctx->rs, r, ZA_ERROR, "cannot read the web configuration: %s", err);
	} else {
		enum za_err e = webconf_parse(text, len, &wc, err, sizeof(err));
		explicit_bzero(text, len);
		free(text);
		if (e != ZA_OK)
			result_status(ctx->rs, r, ZA_ERROR, "%s: %s", web, err);
		else if (wc.non_bcrypt)
			result_status(
			        ctx->rs, r, ZA_FAIL,
			        "%zu of %zu basic_auth_users are not bcrypt hashes (Prometheus accepts only bcrypt)",
			        wc.non_bcrypt, wc.users);
		else if (!wc.users && !wc.tls && !http_addr_is_loopback(addr))
			result_status(ctx->rs, r, ZA_FAIL,
			              "Prometheus listens on %s and %s sets neither basic auth nor TLS", addr, web);
		else
			result_status(ctx->rs, r, ZA_PASS, "%zu basic auth user%s (bcrypt), TLS %s", wc.users,
			              wc.users == 1 ? "" : "s", wc.tls ? "on" : "off");
	}
	probe_end(ctx, r, t0);
}

void host_prometheus_run(struct probe_ctx *ctx, const char *addr, const char *config, const char *web,
                         const char *unread)
{
	struct prom_visit pv;
	struct promconf_visit v = {on_literal, on_file, on_sd_url, &pv};
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	long t0, t1;
	enum za_err e;

	memset(&pv, 0, sizeof(pv));
	pv.ctx = ctx;
	pv.config = config;
	web_config(ctx, addr, web, unread);
	pv.lit = ha_begin(ctx, CK_PROMETHEUS_CONFIG_LITERAL_SECRETS, config, &t0);
	pv.sd = ha_begin(ctx, CK_PROMETHEUS_SD_URL_TOKEN, config, &t1);
	if (hostfs_read(ctx->hostfs, config, ZA_MAX_HOST_TEXT, &text, &len, err, sizeof(err)) != ZA_OK) {
		e = ZA_ERR_IO;
	} else {
		e = promconf_walk(text, len, &v, err, sizeof(err));
		explicit_bzero(text, len);
		free(text);
	}
	if (pv.lit) {
		if (e != ZA_OK)
			result_status(ctx->rs, pv.lit, ZA_ERROR, "cannot read %s: %s", config, err);
		else if (pv.nlit)
			result_status(
			        ctx->rs, pv.lit, ZA_FAIL,
			        "%zu secret%s written into %s: use bearer_token_file, credentials_file, password_file "
			        "or client_secret_file",
			        pv.nlit, pv.nlit == 1 ? "" : "s", config);
		else
			result_status(ctx->rs, pv.lit, ZA_PASS, "no literal secrets in %s", config);
		probe_end(ctx, pv.lit, t0);
	}
	if (pv.sd) {
		if (e != ZA_OK)
			result_status(ctx->rs, pv.sd, ZA_ERROR, "cannot read %s: %s", config, err);
		else if (pv.nsd)
			result_status(ctx->rs, pv.sd, ZA_FAIL,
			              "%zu http_sd_configs URL%s carry a credential: send it with "
			              "authorization.credentials_file",
			              pv.nsd, pv.nsd == 1 ? "" : "s");
		else
			result_status(ctx->rs, pv.sd, ZA_PASS, "no credentials in http_sd_configs URLs");
		probe_end(ctx, pv.sd, t1);
	}
	if (e == ZA_OK && pv.files_over) {
		long t2;
		struct za_result *r = ha_begin(ctx, CK_HOST_TOKEN_FILE, config, &t2);
		if (r) {
			result_status(ctx->rs, r, ZA_ERROR,
			              "%zu secret files %s names past the cap of %u were not judged", pv.files_over,
			              config, ZA_MAX_CONFIG_FILES);
			probe_end(ctx, r, t2);
		}
	}
	for (size_t i = 0; e == ZA_OK && i < pv.nfiles; i++) {
		if (systemd_credential(pv.files[i])) {
			long t2;
			struct za_result *r = ha_begin(ctx, CK_HOST_TOKEN_FILE, pv.files[i], &t2);
			if (r) {
				result_status(ctx->rs, r, ZA_PASS, "a systemd credential (the preferred form): %s",
				              pv.why[i]);
				probe_end(ctx, r, t2);
			}
			continue;
		}
		ha_token_file(ctx, pv.files[i], pv.why[i]);
	}
}
