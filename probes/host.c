/*
 * host.c - the host family's runner (vantage role host, or --root DIR): reads
 * the policy's units once and runs the parts in order; each part decides its
 * checks in its own file (host_common.h lists them).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host_common.h"
#include "hostfs.h"

void host_run(struct probe_ctx *ctx)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;
	struct unit_scan *units;
	size_t nunits = ha->nunits;

	if (!ctx->hostfs || ctx->role != ZA_ROLE_HOST)
		return;
	units = calloc(nunits + 1, sizeof(*units));
	if (!units)
		return;
	host_units_run(ctx, units, nunits);
	host_token_files_run(ctx);
	host_units_credentials(ctx, units, nunits);
	host_listeners_run(ctx, units, nunits);
	host_grafana_run(ctx, units, nunits);
	host_dashboards_run(ctx);
	host_walk_run(ctx);
	{
		/* systemd credential sources hold a secret by design: judged by mode */
		struct stat *homes = calloc(nunits * ZA_MAX_UNIT_CREDS + 1, sizeof(*homes));
		size_t nhomes = 0;
		for (size_t i = 0; homes && i < nunits; i++)
			for (size_t k = 0; k < units[i].ncreds; k++)
				if (!units[i].envfile[k] &&
				    hostfs_stat(ctx->hostfs, units[i].creds[k], &homes[nhomes]) == 0)
					nhomes++;
		host_token_run(ctx, homes, nhomes); /* out of memory: no home, every copy searched (fails closed) */
		free(homes);
	}
	if (ha->agent)
		host_alloy_run(ctx, units, nunits);
	for (size_t i = 0; i < nunits; i++)
		explicit_bzero(units[i].env, sizeof(units[i].env));
	free(units);
}
