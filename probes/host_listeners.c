/*
 * host_listeners.c - listeners.config: where each monitoring service is
 * configured to listen (its /etc/default file's flag, else its unit's
 * ExecStart=, else the program's default). Loopback passes, every interface
 * fails, one address passes (the untrusted vantages' exposure checks prove
 * who reaches it). Prometheus's own files are judged on the way
 * (host_prometheus.c), with the flags that name them.
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

void host_listeners_run(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;
	int prom_done = 0;

	/* listen addresses, and Prometheus's files named by its flags */
	for (size_t s = 0; s < sizeof(listen_flags) / sizeof(listen_flags[0]); s++) {
		const struct svc_listen *sl = &listen_flags[s];
		char addr[256] = "", where[600] = "";
		long t0;
		struct za_result *r;
		if (ha->agent && strcmp(sl->service, "alloy") == 0)
			continue; /* the agent contract judges Alloy's listen address: alloy.listen */
		int present = ha_service_flag(ctx, units, nunits, sl->service, sl->flag, addr, sizeof(addr), where,
		                              sizeof(where));
		if (!present)
			continue; /* the service is not on this system */
		if (present < 0) {
			if (strcmp(sl->service, "prometheus") ==
			    0) { /* its files are judged, its web config is an error */
				host_prometheus_run(ctx, NULL, ha->prometheus_yml, "", where);
				prom_done = 1;
			}
			if ((r = ha_begin(ctx, CK_LISTENERS_CONFIG, sl->service, &t0))) {
				result_status(ctx->rs, r, ZA_ERROR, "%s's listen address could not be read: %s",
				              sl->service, where);
				probe_end(ctx, r, t0);
			}
			continue;
		}
		if (!*addr) {
			snprintf(addr, sizeof(addr), "%s", sl->default_addr);
			snprintf(where, sizeof(where), "the program's default (no %s)", sl->flag);
		}
		if (strcmp(sl->service, "prometheus") == 0) {
			char conf[512] = "", web[512] = "", w2[600];
			ha_service_flag(ctx, units, nunits, "prometheus", "--config.file", conf, sizeof(conf), w2,
			                sizeof(w2));
			ha_service_flag(ctx, units, nunits, "prometheus", "--web.config.file", web, sizeof(web), w2,
			                sizeof(w2));
			host_prometheus_run(ctx, addr, *conf ? conf : ha->prometheus_yml, web, NULL);
			prom_done = 1;
		}
		r = ha_begin(ctx, CK_LISTENERS_CONFIG, sl->service, &t0);
		if (!r)
			continue;
		result_evidence(ctx->rs, r, "config", where, "%s=%s", sl->flag, addr);
		if (http_addr_is_loopback(addr))
			result_status(ctx->rs, r, ZA_PASS, "%s is configured to listen on loopback (%s)", sl->service,
			              addr);
		else if (http_addr_is_wildcard(addr))
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
			host_prometheus_run(ctx, NULL, ha->prometheus_yml, "", NULL);
	}
}
