/*
 * host_units.c - the policy's systemd units (host.units), read once for the
 * whole host family:
 *
 *   host.unit-inline-secret  no token, password or secret written into a unit
 *                            (Environment=NAME=value)
 *   host.token-file          for what a unit loads: LoadCredential= sources,
 *                            and an EnvironmentFile= that holds a secret
 *
 * What the other parts need (ExecStart=, Environment=) is kept in struct
 * unit_scan; secret values are counted, never kept.
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
#include "leakscan.h"

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
		u->gf_over += strncmp(key, "GF_", 3) == 0; /* a Grafana setting not kept */
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

	int rc = ha_read(ctx, path, &text, &len, err, sizeof(err));

	if (rc <= 0)
		return rc < 0; /* there but not read: judged by its mode like a credential file */
	if (conf_env(text, len, on_env_secret, &found))
		found = 1; /* a line not read whole could hold a secret: judged by its mode */
	explicit_bzero(text, len);
	free(text);
	return found;
}

void host_units_run(struct probe_ctx *ctx, struct unit_scan *units, size_t nunits)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;

	for (size_t i = 0; i < nunits; i++) {
		struct unit_scan *u = &units[i];
		char *text = NULL, err[ZA_MAX_ERR];
		size_t len = 0;
		long t0;
		u->ctx = ctx;
		u->path = ha->units[i].value;
		int rc = ha_read(ctx, u->path, &text, &len, err, sizeof(err));
		if (rc == 0)
			continue; /* not installed here */
		if (rc < 0) {
			u->unread = 1;
			if ((u->r = ha_begin(ctx, CK_HOST_UNIT_INLINE_SECRET, u->path, &t0))) {
				result_status(ctx->rs, u->r, ZA_ERROR, "the unit is there but was not read: %s", err);
				probe_end(ctx, u->r, t0);
				u->r = NULL;
			}
			continue;
		}
		u->loaded = 1;
		u->r = ha_begin(ctx, CK_HOST_UNIT_INLINE_SECRET, u->path, &t0);
		u->cut = conf_unit(text, len, on_unit, u);
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
			struct za_result *rcred = ha_begin(ctx, CK_HOST_TOKEN_FILE, u->path, &t1);
			if (rcred) {
				result_status(ctx->rs, rcred, ZA_ERROR,
				              "%zu credential files of the unit past the cap of %u were not judged",
				              u->creds_over, ZA_MAX_UNIT_CREDS);
				probe_end(ctx, rcred, t1);
			}
		}
		if (u->r) {
			if (u->inline_secrets)
				result_status(ctx->rs, u->r, ZA_FAIL,
				              "%zu secret%s written into the unit: use LoadCredential= or a private "
				              "EnvironmentFile=",
				              u->inline_secrets, u->inline_secrets == 1 ? "" : "s");
			else if (u->cut)
				result_status(ctx->rs, u->r, ZA_ERROR,
				              "%zu lines of the unit over %u bytes were read only in part", u->cut,
				              ZA_MAX_LINE);
			else
				result_status(ctx->rs, u->r, ZA_PASS, "no secret written into the unit");
			probe_end(ctx, u->r, t0);
		}
	}
}

void host_units_credentials(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits)
{
	for (size_t i = 0; i < nunits; i++)
		for (size_t k = 0; k < units[i].ncreds; k++) {
			if (!units[i].envfile[k])
				ha_token_file(ctx, units[i].creds[k], "a systemd credential (LoadCredential=)");
			else if (envfile_holds_secret(ctx, units[i].creds[k]))
				ha_token_file(ctx, units[i].creds[k], "an EnvironmentFile= that holds a secret");
		}
}
