/*
 * host_alloy.c - the game/dev agent contract (policy host.agent):
 *
 *   alloy.default-file         /etc/default/alloy's CONFIG_FILE
 *   alloy.listen               Alloy's HTTP server on 127.0.0.1:12345
 *   alloy.config               /etc/alloy/config.alloy exists, no literal
 *                              secrets, container_type not ctype
 *   alloy.legacy-node-exporter no legacy node-exporter installed
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

void host_alloy_run(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits)
{
	char *text = NULL, err[ZA_MAX_ERR], addr[256] = "", where[600] = "";
	size_t len = 0;
	struct alloy_default a;
	long t0;
	struct za_result *r;
	struct stat st;
	int have_default, listen;

	memset(&a, 0, sizeof(a));
	have_default = ha_read(ctx, "/etc/default/alloy", &text, &len, err, sizeof(err));
	if (have_default > 0) {
		size_t cut = conf_env(text, len, on_alloy_default, &a);
		free(text);
		if (cut) { /* CONFIG_FILE or the listen flag could sit in what was not read */
			have_default = -1;
			snprintf(err, sizeof(err), "%zu lines over %u bytes", cut, ZA_MAX_LINE);
		}
	}
	/* the listen flag where Alloy takes it from: /etc/default/alloy, else the unit's ExecStart= */
	listen = ha_service_flag(ctx, units, nunits, "alloy", "--server.http.listen-addr", addr, sizeof(addr), where,
	                         sizeof(where));
	r = ha_begin(ctx, CK_ALLOY_DEFAULT_FILE, "/etc/default/alloy", &t0);
	if (r) {
		if (have_default < 0)
			result_status(ctx->rs, r, ZA_ERROR, "/etc/default/alloy is there but was not read: %s", err);
		else if (!have_default)
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
		if (listen < 0 || have_default < 0)
			result_status(ctx->rs, r, ZA_ERROR, "the listen address could not be read: %s",
			              listen < 0 ? where : err);
		else if (!*addr)
			result_status(ctx->rs, r, ZA_PASS,
			              "no --server.http.listen-addr%s: Alloy's default 127.0.0.1:12345",
			              have_default ? " in CUSTOM_ARGS" : " (no /etc/default/alloy)");
		else if (!strstr(addr, ":12345"))
			result_status(ctx->rs, r, ZA_FAIL, "the HTTP server listens on %s, not port 12345", addr);
		else if (!http_addr_is_loopback(addr))
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
		int rc = ha_read(ctx, "/etc/alloy/config.alloy", &text, &len, err, sizeof(err));
		if (rc <= 0) {
			result_status(ctx->rs, r, rc < 0 ? ZA_ERROR : ZA_FAIL, "%s /etc/alloy/config.alloy (%s)",
			              rc < 0 ? "could not read" : "no", err);
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
