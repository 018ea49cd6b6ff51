/*
 * host_grafana.c - Grafana's configuration on the audited system:
 *
 *   grafana.config-*  grafana.ini plus the GF_* variables of its unit and
 *                     environment file: anonymous access, the default admin
 *                     password, all-interfaces http_addr without the policy's
 *                     reverse proxy, sign-up, public snapshots, /metrics
 *                     without basic auth, insecure cookies behind HTTPS
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conffile.h"
#include "host_common.h"
#include "hostfs.h"
#include "http.h"
#include "leakscan.h"

struct ini {
	char anon[16], admin_pw[2], http_addr[128], signup[16], public_mode[16], metrics_enabled[16], metrics_user[2],
	        cookie_secure[16];
	int have_admin_pw_default; /* admin_password = admin */
};

static void set_ini(struct ini *g, const char *section, const char *key, const char *value)
{
	if (strcmp(section, "auth.anonymous") == 0 && strcmp(key, "enabled") == 0) {
		snprintf(g->anon, sizeof(g->anon), "%s", value);
	} else if (strcmp(section, "security") == 0 && strcmp(key, "admin_password") == 0) {
		g->admin_pw[0] = *value ? 'y' : '\0';
		g->have_admin_pw_default = strcmp(value, "admin") == 0;
	} else if (strcmp(section, "server") == 0 && strcmp(key, "http_addr") == 0) {
		snprintf(g->http_addr, sizeof(g->http_addr), "%s", value);
	} else if (strcmp(section, "users") == 0 && strcmp(key, "allow_sign_up") == 0) {
		snprintf(g->signup, sizeof(g->signup), "%s", value);
	} else if (strcmp(section, "snapshots") == 0 && strcmp(key, "public_mode") == 0) {
		snprintf(g->public_mode, sizeof(g->public_mode), "%s", value);
	} else if (strcmp(section, "metrics") == 0 && strcmp(key, "enabled") == 0) {
		snprintf(g->metrics_enabled, sizeof(g->metrics_enabled), "%s", value);
	} else if (strcmp(section, "metrics") == 0 && strcmp(key, "basic_auth_username") == 0) {
		g->metrics_user[0] = *value ? 'y' : '\0';
	} else if (strcmp(section, "security") == 0 && strcmp(key, "cookie_secure") == 0) {
		snprintf(g->cookie_secure, sizeof(g->cookie_secure), "%s", value);
	}
}

static void on_ini(void *arg, const char *section, const char *key, const char *value, long line)
{
	(void)line;
	set_ini(arg, section, key, value);
}

/* GF_<SECTION>_<KEY>: the section's dots become underscores */
static void apply_gf(struct ini *g, const char *name, const char *value)
{
	static const char *const map[][3] = {
	        {"GF_AUTH_ANONYMOUS_ENABLED", "auth.anonymous", "enabled"},
	        {"GF_SECURITY_ADMIN_PASSWORD", "security", "admin_password"},
	        {"GF_SERVER_HTTP_ADDR", "server", "http_addr"},
	        {"GF_USERS_ALLOW_SIGN_UP", "users", "allow_sign_up"},
	        {"GF_SNAPSHOTS_PUBLIC_MODE", "snapshots", "public_mode"},
	        {"GF_METRICS_ENABLED", "metrics", "enabled"},
	        {"GF_METRICS_BASIC_AUTH_USERNAME", "metrics", "basic_auth_username"},
	        {"GF_SECURITY_COOKIE_SECURE", "security", "cookie_secure"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(name, map[i][0]) == 0)
			set_ini(g, map[i][1], map[i][2], value);
}

static int truthy(const char *v)
{
	return strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0 ||
	       strcasecmp(v, "on") == 0;
}

/* unseen: why some of Grafana's settings were not read (NULL: all were);
 * then what was read can fail the check but not pass it. */
static void verdict(struct probe_ctx *ctx, const char *unseen, enum check_id check, const char *target, int bad,
                    const char *fail_msg, const char *pass_msg)
{
	long t0;
	struct za_result *r = ha_begin(ctx, check, target, &t0);

	if (!r)
		return;
	if (!bad && unseen)
		result_status(ctx->rs, r, ZA_ERROR, "not judged: %s (what was read: %s)", unseen, pass_msg);
	else
		result_status(ctx->rs, r, bad ? ZA_FAIL : ZA_PASS, "%s", bad ? fail_msg : pass_msg);
	probe_end(ctx, r, t0);
}

struct env_collect {
	char (*env)[2][256];
	size_t *nenv;
	size_t over; /* GF_* assignments past ZA_MAX_UNIT_ENV: not kept */
};

static void on_envfile(void *arg, const char *section, const char *key, const char *value, long line)
{
	struct env_collect *e = arg;

	(void)section;
	(void)line;
	if (strncmp(key, "GF_", 3) != 0)
		return; /* only GF_* settings override grafana.ini */
	if (*e->nenv < ZA_MAX_UNIT_ENV) {
		snprintf(e->env[*e->nenv][0], sizeof(e->env[0][0]), "%s", key);
		snprintf(e->env[*e->nenv][1], sizeof(e->env[0][1]), "%s", value);
		(*e->nenv)++;
	} else {
		e->over++;
	}
}

static void grafana(struct probe_ctx *ctx, const struct unit_scan *unit, char env[][2][256], size_t nenv,
                    const char *unseen)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;
	struct ini g;
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	const char *ini = ha->grafana_ini;
	static const enum check_id ids[] = {CK_GRAFANA_CONFIG_ANONYMOUS, CK_GRAFANA_CONFIG_ADMIN_PASSWORD,
	                                    CK_GRAFANA_CONFIG_HTTP_ADDR, CK_GRAFANA_CONFIG_SIGNUP,
	                                    CK_GRAFANA_CONFIG_SNAPSHOTS, CK_GRAFANA_CONFIG_METRICS,
	                                    CK_GRAFANA_CONFIG_COOKIE};

	memset(&g, 0, sizeof(g));
	if (hostfs_read(ctx->hostfs, ini, ZA_MAX_HOST_TEXT, &text, &len, err, sizeof(err)) != ZA_OK) {
		struct stat st;
		int absent = hostfs_stat(ctx->hostfs, ini, &st) != 0 && errno == ENOENT;
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			long t0;
			struct za_result *r = ha_begin(ctx, ids[i], ini, &t0);
			if (!r)
				continue;
			if (absent)
				result_skip(ctx->rs, r, "no Grafana configuration on this system (%s)", err);
			else /* there, but not readable as a text file: the check could not see */
				result_status(ctx->rs, r, ZA_ERROR, "cannot read the Grafana configuration: %s", err);
			probe_end(ctx, r, t0);
		}
		return;
	}
	conf_ini(text, len, on_ini, &g);
	free(text);
	/* the unit's and the environment file's GF_* variables override the file */
	for (size_t i = 0; unit && i < unit->nenv; i++)
		apply_gf(&g, unit->env[i][0], unit->env[i][1]);
	for (size_t i = 0; i < nenv; i++)
		apply_gf(&g, env[i][0], env[i][1]);
	verdict(ctx, unseen, ids[0], ini, truthy(g.anon),
	        "anonymous access is enabled ([auth.anonymous] enabled = true)", "anonymous access is off");
	verdict(ctx, unseen, ids[1], ini, !g.admin_pw[0] || g.have_admin_pw_default,
	        g.admin_pw[0]
	                ? "admin_password is Grafana's default (admin)"
	                : "admin_password is not set, so Grafana created its admin user with the password admin; if "
	                  "it was changed in Grafana since, waive this check saying so (or opt in to "
	                  "grafana.default-login to try it)",
	        "the admin password is not the default");
	/* behind the policy's reverse proxy, the listen address cannot fail: nothing unseen matters */
	verdict(ctx, ha->grafana_behind_proxy ? NULL : unseen, ids[2], ini,
	        (!*g.http_addr || http_addr_is_wildcard(g.http_addr)) && !ha->grafana_behind_proxy,
	        "Grafana listens on every interface (http_addr empty) and the policy names no reverse proxy in front",
	        "Grafana listens on a restricted address, or only a reverse proxy publishes it");
	verdict(ctx, unseen, ids[3], ini, truthy(g.signup), "self sign-up is enabled ([users] allow_sign_up = true)",
	        "self sign-up is off");
	verdict(ctx, unseen, ids[4], ini, truthy(g.public_mode),
	        "public snapshots are on ([snapshots] public_mode: anyone can create and delete snapshots)",
	        "snapshots are not public");
	verdict(ctx, unseen, ids[5], ini, (!*g.metrics_enabled || truthy(g.metrics_enabled)) && !g.metrics_user[0],
	        "/metrics is enabled without basic auth ([metrics] basic_auth_username/password)",
	        "/metrics is off or needs basic auth");
	/* without HTTPS, cookie_secure is not judged: nothing unseen matters */
	verdict(ctx, ha->grafana_https ? unseen : NULL, ids[6], ini, ha->grafana_https && !truthy(g.cookie_secure),
	        "served over HTTPS but cookies are not marked secure ([security] cookie_secure = false)",
	        ha->grafana_https ? "session cookies are secure"
	                          : "not served over HTTPS by the policy: not applicable");
}

void host_grafana_run(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;

	/* Grafana's configuration, with its unit's and environment file's GF_* */
	{
		char env[ZA_MAX_UNIT_ENV][2][256];
		size_t nenv = 0;
		const char *defpath = ha_kv_get(ha->defaults, ha->ndefaults, "grafana");
		char *text = NULL, err[ZA_MAX_ERR], unseen[ZA_MAX_ERR + 64] = "";
		size_t len = 0;
		const struct unit_scan *gu = NULL;
		struct env_collect ec = {env, &nenv, 0};
		size_t cut = 0;
		int rc = defpath ? ha_read(ctx, defpath, &text, &len, err, sizeof(err)) : 0;
		for (size_t i = 0; i < nunits; i++)
			if (strcmp(ha->units[i].key, "grafana") == 0 && (units[i].loaded || units[i].unread))
				gu = &units[i];
		if (rc > 0) {
			cut = conf_env(text, len, on_envfile, &ec);
			explicit_bzero(text, len);
			free(text);
		}
		/* GF_* settings that were not read override what was: nothing may pass on a partial view */
		if (rc < 0)
			snprintf(unseen, sizeof(unseen), "%s", err);
		else if (gu && gu->unread)
			snprintf(unseen, sizeof(unseen), "the unit %s could not be read", gu->path);
		else if (cut || (gu && gu->cut))
			snprintf(unseen, sizeof(unseen), "%zu lines over %u bytes read only in part",
			         cut + (gu ? gu->cut : 0), ZA_MAX_LINE);
		else if (ec.over || (gu && gu->gf_over))
			snprintf(unseen, sizeof(unseen), "%zu GF_* settings past the cap of %u",
			         ec.over + (gu ? gu->gf_over : 0), ZA_MAX_UNIT_ENV);
		grafana(ctx, gu && gu->loaded ? gu : NULL, env, nenv, *unseen ? unseen : NULL);
		explicit_bzero(env, sizeof(env));
	}
}
