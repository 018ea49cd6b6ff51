/*
 * host.c - the host family (vantage role host, or --root DIR): the
 * monitoring host's files, judged where they lie (hostfs.h keeps every path
 * inside the root; files are judged by descriptor).
 *
 *   host.token-file          every token/credential file (the policy's token
 *                            files and known-secret files, units' LoadCredential=
 *                            and EnvironmentFile=): nothing for others, group
 *                            only for an allowed group, parent directories not
 *                            writable by others
 *   host.unit-inline-secret  no token, password or secret written into a unit
 *                            (Environment=NAME=value)
 *   grafana.config-*         grafana.ini plus GF_* variables of its unit and
 *                            environment file: anonymous access, the default admin
 *                            password, all-interfaces http_addr without the
 *                            policy's reverse proxy, sign-up, public snapshots,
 *                            /metrics without basic auth, insecure cookies behind HTTPS
 *   listeners.config         listen addresses in /etc/default files and ExecStart
 *   alloy.*                  the game/dev agent contract (policy host.agent):
 *                            /etc/default/alloy's CONFIG_FILE (alloy.default-file) and
 *                            listen address (alloy.listen), /etc/alloy/config.alloy (exists, no
 *                            literal secrets, container_type not ctype), no
 *                            legacy node-exporter
 * Values of secrets are never read into results: findings and messages name
 * keys, files and lines only.
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
#include "hostfs.h"
#include "leakscan.h"
#include "host.h"
#include "family.h"

#define TEXT_CAP HA_TEXT_CAP

static const char *kv_get(const struct policy_kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].value;
	return NULL;
}

struct za_result *ha_begin(struct probe_ctx *ctx, enum check_id check, const char *target, long *t0)
{
	struct policy_host h;

	memset(&h, 0, sizeof(h));
	h.kind = ctx->policy->hostaudit.kind;
	*t0 = probe_now_ms();
	return probe_begin(ctx, check_get(check), &h, target);
}

/* ---- token files ---- */

static int group_allowed(const struct probe_ctx *ctx, gid_t gid)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	int ok = 0;

	if (!ha->nallowed_groups ||
	    hostfs_read(ctx->hostfs, "/etc/group", TEXT_CAP, &text, &len, err, sizeof(err)) != ZA_OK)
		return 0;
	for (char *line = text, *next; line && *line && !ok; line = next) {
		char *f2, *f3;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		f2 = strchr(line, ':');
		f3 = f2 ? strchr(f2 + 1, ':') : NULL;
		if (!f3 || (gid_t)strtoul(f3 + 1, NULL, 10) != gid)
			continue;
		*f2 = '\0';
		for (size_t i = 0; i < ha->nallowed_groups; i++)
			ok |= strcmp(ha->allowed_groups[i], line) == 0;
	}
	free(text);
	return ok;
}

void ha_token_file(struct probe_ctx *ctx, const char *path, const char *why)
{
	long t0;
	struct za_result *r = ha_begin(ctx, CK_HOST_TOKEN_FILE, path, &t0);
	struct stat st;
	char bad[600], how[200];
	int fd;

	if (!r)
		return;
	fd = hostfs_open(ctx->hostfs, path, O_RDONLY | O_NONBLOCK, 1);
	if (fd < 0 && errno == ENOENT) {
		result_skip(ctx->rs, r, "%s is not on this system (%s)", path, why);
		probe_end(ctx, r, t0);
		return;
	}
	if (fd < 0 && errno == ELOOP) {
		result_status(ctx->rs, r, ZA_ERROR,
		              "%s is a symbolic link: not followed (point the policy or unit at the file itself)",
		              path);
		probe_end(ctx, r, t0);
		return;
	}
	if (fd < 0 || fstat(fd, &st) != 0) {
		result_status(ctx->rs, r, ZA_ERROR, "cannot open %s (%s): %s", path, why, strerror(errno));
		if (fd >= 0)
			close(fd);
		probe_end(ctx, r, t0);
		return;
	}
	close(fd);
	result_evidence(ctx->rs, r, "file", path, "%s: mode %04o, uid %u, gid %u", why, (unsigned)(st.st_mode & 07777),
	                (unsigned)st.st_uid, (unsigned)st.st_gid);
	if (!S_ISREG(st.st_mode))
		result_status(ctx->rs, r, ZA_ERROR, "%s is not a regular file", path);
	else if (secret_mode_judge(st.st_mode, st.st_gid, (st.st_mode & 0060) && group_allowed(ctx, st.st_gid), how,
	                           sizeof(how)) != SECRET_MODE_TIGHT)
		result_status(ctx->rs, r, ZA_FAIL, "%s: %s", path, how);
	else if (hostfs_parents_safe(ctx->hostfs, path, bad, sizeof(bad)) != 0)
		result_status(ctx->rs, r, ZA_FAIL, "a directory above %s is writable by others: %s", path, bad);
	else
		result_status(ctx->rs, r, ZA_PASS, "%s is %s", path, how);
	probe_end(ctx, r, t0);
}

/* ---- units ---- */

struct unit_scan {
	struct probe_ctx *ctx;
	struct za_result *r; /* NULL when the profile skips the check */
	const char *path;
	int loaded; /* the unit exists on the audited system */
	size_t inline_secrets;
	char creds[ZA_MAX_UNIT_CREDS][512]; /* LoadCredential= / EnvironmentFile= paths */
	int envfile[ZA_MAX_UNIT_CREDS];     /* creds[i] came from EnvironmentFile= */
	size_t ncreds, creds_over;
	char exec[4096];                   /* ExecStart= */
	char env[ZA_MAX_UNIT_ENV][2][256]; /* Environment= assignments (GF_*, listen settings) */
	size_t nenv, env_over;
};

static int secret_name(const char *k)
{
	static const char *const words[] = {"TOKEN",   "PASSWORD", "PASSWD",     "SECRET",
	                                    "API_KEY", "APIKEY",   "CREDENTIAL", NULL};
	char up[256];
	size_t i = 0;

	for (; k[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)toupper((unsigned char)k[i]);
	up[i] = '\0';
	for (size_t w = 0; words[w]; w++)
		if (strstr(up, words[w]))
			return 1;
	return 0;
}

static void on_env_word(void *arg, const char *section, const char *key, const char *value, long line)
{
	struct unit_scan *u = arg;

	(void)section;
	if (u->nenv < ZA_MAX_UNIT_ENV) {
		snprintf(u->env[u->nenv][0], sizeof(u->env[0][0]), "%s", key);
		snprintf(u->env[u->nenv][1], sizeof(u->env[0][1]), "%s", value);
		u->nenv++;
	} else {
		u->env_over++;
	}
	if (secret_name(key) && *value && !leakscan_placeholder(value, strlen(value)) && value[0] != '%') {
		u->inline_secrets++;
		if (u->r)
			result_evidence(u->ctx->rs, u->r, "unit", u->path,
			                "line %ld: Environment=%s=... holds a literal value", line, key);
	}
}

static void on_unit(void *arg, const char *section, const char *key, const char *value, long line)
{
	struct unit_scan *u = arg;

	if (strcmp(section, "Service") != 0)
		return;
	if (strcmp(key, "Environment") == 0)
		conf_env_words(value, line, on_env_word, u);
	else if (strcmp(key, "ExecStart") == 0)
		snprintf(u->exec, sizeof(u->exec), "%s", value);
	else if ((strcmp(key, "LoadCredential") == 0 || strcmp(key, "LoadCredentialEncrypted") == 0) &&
	         u->ncreds == ZA_MAX_UNIT_CREDS)
		u->creds_over++;
	else if (strcmp(key, "LoadCredential") == 0 || strcmp(key, "LoadCredentialEncrypted") == 0) {
		const char *c = strchr(value, ':');
		if (c && c[1] == '/') {
			u->envfile[u->ncreds] = 0;
			snprintf(u->creds[u->ncreds++], sizeof(u->creds[0]), "%s", c + 1);
		}
	} else if (strcmp(key, "EnvironmentFile") == 0 && u->ncreds == ZA_MAX_UNIT_CREDS) {
		u->creds_over++;
	} else if (strcmp(key, "EnvironmentFile") == 0) {
		const char *p = value[0] == '-' ? value + 1 : value;
		if (p[0] == '/') {
			u->envfile[u->ncreds] = 1;
			snprintf(u->creds[u->ncreds++], sizeof(u->creds[0]), "%s", p);
		}
	}
}

static void on_env_secret(void *arg, const char *section, const char *key, const char *value, long line)
{
	int *found = arg;

	(void)section;
	(void)line;
	if (secret_name(key) && *value && !leakscan_placeholder(value, strlen(value)))
		*found = 1;
}

/* An EnvironmentFile= is a credential file when it sets a secret-named
 * variable to a value (Debian's /etc/default files usually hold flags only). */
static int envfile_holds_secret(struct probe_ctx *ctx, const char *path)
{
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	int found = 0;

	if (hostfs_read(ctx->hostfs, path, TEXT_CAP, &text, &len, err, sizeof(err)) != ZA_OK)
		return 0;
	conf_env(text, len, on_env_secret, &found);
	explicit_bzero(text, len);
	free(text);
	return found;
}

/* ---- listen addresses ---- */

const char *ha_flag_value(const char *text, const char *flag, char *out, size_t outlen)
{
	const char *p = text;
	size_t fl = strlen(flag);

	while ((p = strstr(p, flag))) {
		if ((p == text || isspace((unsigned char)p[-1]) || p[-1] == '"' || p[-1] == '\'') &&
		    (p[fl] == '=' || p[fl] == ' ')) {
			const char *v = p + fl + 1;
			size_t n = strcspn(v, " \t\"'");
			snprintf(out, outlen, "%.*s", (int)n, v);
			return out;
		}
		p += fl;
	}
	return NULL;
}

struct svc_listen {
	const char *service;
	const char *flag;
	const char *default_addr; /* when no flag: the program's default */
};

static const struct svc_listen listen_flags[] = {
        {"prometheus", "--web.listen-address", "0.0.0.0:9090"},    {"node_exporter", "--web.listen-address", ":9100"},
        {"alertmanager", "--web.listen-address", ":9093"},         {"loki", "-server.http-listen-address", ":3100"},
        {"alloy", "--server.http.listen-addr", "127.0.0.1:12345"},
};

int ha_wildcard(const char *addr)
{
	return addr[0] == ':' || strncmp(addr, "0.0.0.0", 7) == 0 || strncmp(addr, "[::]", 4) == 0 ||
	       strncmp(addr, "::", 2) == 0;
}

int ha_loopback(const char *addr)
{
	return strncmp(addr, "127.", 4) == 0 || strncmp(addr, "localhost", 9) == 0 || strncmp(addr, "[::1]", 5) == 0;
}

/* ---- grafana.ini ---- */

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

static void verdict(struct probe_ctx *ctx, enum check_id check, const char *target, int bad, const char *fail_msg,
                    const char *pass_msg)
{
	long t0;
	struct za_result *r = ha_begin(ctx, check, target, &t0);

	if (!r)
		return;
	result_status(ctx->rs, r, bad ? ZA_FAIL : ZA_PASS, "%s", bad ? fail_msg : pass_msg);
	probe_end(ctx, r, t0);
}

struct env_collect {
	char (*env)[2][256];
	size_t *nenv;
};

static void on_envfile(void *arg, const char *section, const char *key, const char *value, long line)
{
	struct env_collect *e = arg;

	(void)section;
	(void)line;
	if (*e->nenv < ZA_MAX_UNIT_ENV) {
		snprintf(e->env[*e->nenv][0], sizeof(e->env[0][0]), "%s", key);
		snprintf(e->env[*e->nenv][1], sizeof(e->env[0][1]), "%s", value);
		(*e->nenv)++;
	}
}

static void grafana(struct probe_ctx *ctx, const struct unit_scan *unit, char env[][2][256], size_t nenv)
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
	if (hostfs_read(ctx->hostfs, ini, TEXT_CAP, &text, &len, err, sizeof(err)) != ZA_OK) {
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
	verdict(ctx, ids[0], ini, truthy(g.anon), "anonymous access is enabled ([auth.anonymous] enabled = true)",
	        "anonymous access is off");
	verdict(ctx, ids[1], ini, !g.admin_pw[0] || g.have_admin_pw_default,
	        g.admin_pw[0]
	                ? "admin_password is Grafana's default (admin)"
	                : "admin_password is not set, so Grafana created its admin user with the password admin; if "
	                  "it was changed in Grafana since, waive this check saying so (or opt in to "
	                  "grafana.default-login to try it)",
	        "the admin password is not the default");
	verdict(ctx, ids[2], ini,
	        (!*g.http_addr || ha_wildcard(g.http_addr) || strcmp(g.http_addr, "0.0.0.0") == 0) &&
	                !ha->grafana_behind_proxy,
	        "Grafana listens on every interface (http_addr empty) and the policy names no reverse proxy in front",
	        "Grafana listens on a restricted address, or only a reverse proxy publishes it");
	verdict(ctx, ids[3], ini, truthy(g.signup), "self sign-up is enabled ([users] allow_sign_up = true)",
	        "self sign-up is off");
	verdict(ctx, ids[4], ini, truthy(g.public_mode),
	        "public snapshots are on ([snapshots] public_mode: anyone can create and delete snapshots)",
	        "snapshots are not public");
	verdict(ctx, ids[5], ini, (!*g.metrics_enabled || truthy(g.metrics_enabled)) && !g.metrics_user[0],
	        "/metrics is enabled without basic auth ([metrics] basic_auth_username/password)",
	        "/metrics is off or needs basic auth");
	verdict(ctx, ids[6], ini, ha->grafana_https && !truthy(g.cookie_secure),
	        "served over HTTPS but cookies are not marked secure ([security] cookie_secure = false)",
	        ha->grafana_https ? "session cookies are secure"
	                          : "not served over HTTPS by the policy: not applicable");
}

/* ---- the Alloy agent contract ---- */

struct alloy_default {
	char config_file[512];
};

static void on_alloy_default(void *arg, const char *section, const char *key, const char *value, long line)
{
	struct alloy_default *a = arg;

	(void)section;
	(void)line;
	if (strcmp(key, "CONFIG_FILE") == 0)
		snprintf(a->config_file, sizeof(a->config_file), "%s", value);
}

static int service_flag(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits, const char *service,
                        const char *flag, char *out, size_t outlen, char *where, size_t wherelen);

static void alloy_contract(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits)
{
	char *text = NULL, err[ZA_MAX_ERR], addr[256] = "", where[600] = "";
	size_t len = 0;
	struct alloy_default a;
	long t0;
	struct za_result *r;
	struct stat st;
	int have_default;

	memset(&a, 0, sizeof(a));
	have_default = hostfs_read(ctx->hostfs, "/etc/default/alloy", TEXT_CAP, &text, &len, err, sizeof(err)) == ZA_OK;
	if (have_default) {
		conf_env(text, len, on_alloy_default, &a);
		free(text);
	}
	/* the listen flag where Alloy takes it from: /etc/default/alloy, else the unit's ExecStart= */
	service_flag(ctx, units, nunits, "alloy", "--server.http.listen-addr", addr, sizeof(addr), where,
	             sizeof(where));
	r = ha_begin(ctx, CK_ALLOY_DEFAULT_FILE, "/etc/default/alloy", &t0);
	if (r) {
		if (!have_default)
			result_status(ctx->rs, r, ZA_FAIL, "no /etc/default/alloy (%s)", err);
		else if (strcmp(a.config_file, "/etc/alloy/config.alloy") != 0)
			result_status(ctx->rs, r, ZA_FAIL, "CONFIG_FILE is '%s', not /etc/alloy/config.alloy",
			              a.config_file);
		else
			result_status(ctx->rs, r, ZA_PASS, "CONFIG_FILE=/etc/alloy/config.alloy");
		probe_end(ctx, r, t0);
	}
	r = ha_begin(ctx, CK_ALLOY_LISTEN, "/etc/default/alloy", &t0);
	if (r) {
		if (!*addr)
			result_status(ctx->rs, r, ZA_PASS,
			              "no --server.http.listen-addr%s: Alloy's default 127.0.0.1:12345",
			              have_default ? " in CUSTOM_ARGS" : " (no /etc/default/alloy)");
		else if (!strstr(addr, ":12345"))
			result_status(ctx->rs, r, ZA_FAIL, "the HTTP server listens on %s, not port 12345", addr);
		else if (!ha_loopback(addr))
			result_status(
			        ctx->rs, r, ZA_FAIL,
			        "the HTTP server listens on %s: /-/reload and /-/support answer anyone who reaches it",
			        addr);
		else
			result_status(ctx->rs, r, ZA_PASS, "the HTTP server listens on %s", addr);
		probe_end(ctx, r, t0);
	}
	r = ha_begin(ctx, CK_ALLOY_CONFIG, "/etc/alloy/config.alloy", &t0);
	if (r) {
		if (hostfs_read(ctx->hostfs, "/etc/alloy/config.alloy", TEXT_CAP, &text, &len, err, sizeof(err)) !=
		    ZA_OK) {
			result_status(ctx->rs, r, ZA_FAIL, "no /etc/alloy/config.alloy (%s)", err);
		} else {
			size_t bad = 0;
			long line = 0;
			for (char *l = text, *next; l && *l; l = next) {
				char *p;
				next = strchr(l, '\n');
				if (next)
					*next++ = '\0';
				line++;
				/* password = "literal" (a string, not sys.env(...) or local.file) */
				if ((p = strstr(l, "password")) && (p = strchr(p, '=')) && strchr(p, '"') &&
				    !strstr(l, "sys.env") && !strstr(l, "env(") && !strstr(l, "local.file") &&
				    !strstr(l, "password_file")) {
					bad++;
					result_evidence(ctx->rs, r, "config", "/etc/alloy/config.alloy",
					                "line %ld: a password written as a string literal", line);
				}
				if (strstr(l, "ctype") && !strstr(l, "container_type")) {
					bad++;
					result_evidence(ctx->rs, r, "config", "/etc/alloy/config.alloy",
					                "line %ld: the label ctype (container_type is canonical)",
					                line);
				}
			}
			explicit_bzero(text, len);
			free(text);
			if (bad)
				result_status(ctx->rs, r, ZA_FAIL, "%zu problem%s in config.alloy", bad,
				              bad == 1 ? "" : "s");
			else
				result_status(ctx->rs, r, ZA_PASS,
				              "config.alloy exists, holds no literal secrets, uses container_type");
		}
		probe_end(ctx, r, t0);
	}
	r = ha_begin(ctx, CK_ALLOY_LEGACY_NODE_EXPORTER, "node-exporter", &t0);
	if (r) {
		static const char *const paths[] = {"/usr/bin/prometheus-node-exporter",
		                                    "/lib/systemd/system/prometheus-node-exporter.service",
		                                    "/var/lib/dpkg/info/prometheus-node-exporter.list",
		                                    "/usr/local/bin/node_exporter",
		                                    "/etc/systemd/system/node_exporter.service",
		                                    NULL};
		size_t found = 0;
		for (size_t i = 0; paths[i]; i++)
			if (hostfs_stat(ctx->hostfs, paths[i], &st) == 0) {
				found++;
				result_evidence(ctx->rs, r, "file", paths[i], "present");
			}
		if (found)
			result_status(ctx->rs, r, ZA_FAIL,
			              "the legacy node-exporter is still installed (Alloy is the standard collector)");
		else
			result_status(ctx->rs, r, ZA_PASS, "no legacy node-exporter");
		probe_end(ctx, r, t0);
	}
}

/* A service's command-line flag: its /etc/default file first, then its
 * unit's ExecStart=. 0 when neither exists (the service is not installed). */
static int service_flag(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits, const char *service,
                        const char *flag, char *out, size_t outlen, char *where, size_t wherelen)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;
	const char *defpath = kv_get(ha->defaults, ha->ndefaults, service);
	const struct unit_scan *u = NULL;
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	int present = 0;

	*out = '\0';
	for (size_t i = 0; i < nunits; i++)
		if (strcmp(ha->units[i].key, service) == 0 && units[i].loaded)
			u = &units[i];
	if (defpath && hostfs_read(ctx->hostfs, defpath, TEXT_CAP, &text, &len, err, sizeof(err)) == ZA_OK) {
		present = 1;
		if (ha_flag_value(text, flag, out, outlen))
			snprintf(where, wherelen, "%s", defpath);
		explicit_bzero(text, len);
		free(text);
	}
	if (u) {
		present = 1;
		if (!*out && ha_flag_value(u->exec, flag, out, outlen))
			snprintf(where, wherelen, "%s (ExecStart)", u->path);
	}
	return present;
}

void host_run(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;
	const struct policy_hostaudit *ha = &p->hostaudit;
	struct unit_scan *units;
	size_t nunits = ha->nunits;
	int prom_done = 0;

	if (!ctx->hostfs || ctx->role != ZA_ROLE_HOST)
		return;
	units = calloc(nunits + 1, sizeof(*units));
	if (!units)
		return;
	/* units: inline secrets, credentials they load, how they start */
	for (size_t i = 0; i < nunits; i++) {
		struct unit_scan *u = &units[i];
		char *text = NULL, err[ZA_MAX_ERR];
		size_t len = 0;
		long t0;
		u->ctx = ctx;
		u->path = ha->units[i].value;
		if (hostfs_read(ctx->hostfs, u->path, TEXT_CAP, &text, &len, err, sizeof(err)) != ZA_OK)
			continue; /* not installed here */
		u->loaded = 1;
		u->r = ha_begin(ctx, CK_HOST_UNIT_INLINE_SECRET, u->path, &t0);
		conf_unit(text, len, on_unit, u);
		explicit_bzero(text, len);
		free(text);
		if (u->r && u->env_over)
			result_evidence(
			        ctx->rs, u->r, "unit", u->path,
			        "%zu Environment= assignments past the cap of %u were checked for secrets but not "
			        "kept for the listen and Grafana checks",
			        u->env_over, ZA_MAX_UNIT_ENV);
		if (u->creds_over) {
			long t1;
			struct za_result *rc = ha_begin(ctx, CK_HOST_TOKEN_FILE, u->path, &t1);
			if (rc) {
				result_status(ctx->rs, rc, ZA_ERROR,
				              "%zu credential files of the unit past the cap of %u were not judged",
				              u->creds_over, ZA_MAX_UNIT_CREDS);
				probe_end(ctx, rc, t1);
			}
		}
		if (u->r) {
			if (u->inline_secrets)
				result_status(ctx->rs, u->r, ZA_FAIL,
				              "%zu secret%s written into the unit: use LoadCredential= or a private "
				              "EnvironmentFile=",
				              u->inline_secrets, u->inline_secrets == 1 ? "" : "s");
			else
				result_status(ctx->rs, u->r, ZA_PASS, "no secret written into the unit");
			probe_end(ctx, u->r, t0);
		}
	}
	/* token and credential files */
	for (size_t i = 0; i < p->ntoken_files; i++)
		ha_token_file(ctx, p->token_files[i].value, "the policy's token file");
	for (size_t i = 0; i < p->secrets.nknown_files; i++)
		ha_token_file(ctx, p->secrets.known_files[i].value, "a known-secret file of the policy");
	for (size_t i = 0; i < nunits; i++)
		for (size_t k = 0; k < units[i].ncreds; k++) {
			if (!units[i].envfile[k])
				ha_token_file(ctx, units[i].creds[k], "a systemd credential (LoadCredential=)");
			else if (envfile_holds_secret(ctx, units[i].creds[k]))
				ha_token_file(ctx, units[i].creds[k], "an EnvironmentFile= that holds a secret");
		}
	/* listen addresses, and Prometheus's files named by its flags */
	for (size_t s = 0; s < sizeof(listen_flags) / sizeof(listen_flags[0]); s++) {
		const struct svc_listen *sl = &listen_flags[s];
		char addr[256] = "", where[600] = "";
		long t0;
		struct za_result *r;
		if (ha->agent && strcmp(sl->service, "alloy") == 0)
			continue; /* the agent contract judges Alloy's listen address: alloy.listen */
		if (!service_flag(ctx, units, nunits, sl->service, sl->flag, addr, sizeof(addr), where, sizeof(where)))
			continue; /* the service is not on this system */
		if (!*addr) {
			snprintf(addr, sizeof(addr), "%s", sl->default_addr);
			snprintf(where, sizeof(where), "the program's default (no %s)", sl->flag);
		}
		if (strcmp(sl->service, "prometheus") == 0) {
			char conf[512] = "", web[512] = "", w2[600];
			service_flag(ctx, units, nunits, "prometheus", "--config.file", conf, sizeof(conf), w2,
			             sizeof(w2));
			service_flag(ctx, units, nunits, "prometheus", "--web.config.file", web, sizeof(web), w2,
			             sizeof(w2));
			host_prometheus_run(ctx, addr, *conf ? conf : ha->prometheus_yml, web);
			prom_done = 1;
		}
		r = ha_begin(ctx, CK_LISTENERS_CONFIG, sl->service, &t0);
		if (!r)
			continue;
		result_evidence(ctx->rs, r, "config", where, "%s=%s", sl->flag, addr);
		if (ha_loopback(addr))
			result_status(ctx->rs, r, ZA_PASS, "%s is configured to listen on loopback (%s)", sl->service,
			              addr);
		else if (ha_wildcard(addr))
			result_status(ctx->rs, r, ZA_FAIL, "%s is configured to listen on every interface (%s, %s)",
			              sl->service, addr, where);
		else /* one interface: the admin path; the untrusted vantages' exposure checks prove the rest */
			result_status(
			        ctx->rs, r, ZA_PASS,
			        "%s is configured to listen on %s only (not every interface): the exposure checks "
			        "from untrusted vantages show who reaches it",
			        sl->service, addr);
		probe_end(ctx, r, t0);
	}
	{
		/* prometheus.yml is audited where it lies, even with no unit or /etc/default file */
		struct stat pst;
		if (!prom_done && hostfs_stat(ctx->hostfs, ha->prometheus_yml, &pst) == 0)
			host_prometheus_run(ctx, NULL, ha->prometheus_yml, "");
	}
	/* Grafana's configuration, with its unit's and environment file's GF_* */
	{
		char env[ZA_MAX_UNIT_ENV][2][256];
		size_t nenv = 0;
		const char *defpath = kv_get(ha->defaults, ha->ndefaults, "grafana");
		char *text = NULL, err[ZA_MAX_ERR];
		size_t len = 0;
		const struct unit_scan *gu = NULL;
		struct env_collect ec = {env, &nenv};
		for (size_t i = 0; i < nunits; i++)
			if (strcmp(ha->units[i].key, "grafana") == 0 && units[i].loaded)
				gu = &units[i];
		if (defpath && hostfs_read(ctx->hostfs, defpath, TEXT_CAP, &text, &len, err, sizeof(err)) == ZA_OK) {
			conf_env(text, len, on_envfile, &ec);
			explicit_bzero(text, len);
			free(text);
		}
		grafana(ctx, gu, env, nenv);
		explicit_bzero(env, sizeof(env));
	}
	host_dashboards_run(ctx);
	host_walk_run(ctx);
	{
		/* systemd credential sources hold a secret by design: judged by mode */
		struct stat homes[64];
		size_t nhomes = 0;
		for (size_t i = 0; i < nunits; i++)
			for (size_t k = 0; k < units[i].ncreds && nhomes < 64; k++)
				if (!units[i].envfile[k] &&
				    hostfs_stat(ctx->hostfs, units[i].creds[k], &homes[nhomes]) == 0)
					nhomes++;
		host_token_run(ctx, homes, nhomes);
	}
	if (ha->agent)
		alloy_contract(ctx, units, nunits);
	for (size_t i = 0; i < nunits; i++)
		explicit_bzero(units[i].env, sizeof(units[i].env));
	free(units);
}
