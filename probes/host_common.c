/* host_common.c - the host family's shared helpers (see host_common.h). */
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

const char *ha_kv_get(const struct policy_kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].value;
	return NULL;
}

int ha_read(struct probe_ctx *ctx, const char *path, char **text, size_t *len, char *err, size_t errlen)
{
	enum za_err r = hostfs_read(ctx->hostfs, path, ZA_MAX_HOST_TEXT, text, len, err, errlen);

	if (r == ZA_OK)
		return 1;
	return r == ZA_ERR_IO && (errno == ENOENT || errno == ENOTDIR) ? 0 : -1;
}

struct za_result *ha_begin(struct probe_ctx *ctx, enum check_id check, const char *target, long *t0)
{
	struct policy_host h;

	memset(&h, 0, sizeof(h));
	h.kind = ctx->policy->hostaudit.kind;
	*t0 = probe_now_ms();
	return probe_begin(ctx, check_get(check), &h, target);
}

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

int ha_service_flag(struct probe_ctx *ctx, const struct unit_scan *units, size_t nunits, const char *service,
                    const char *flag, char *out, size_t outlen, char *where, size_t wherelen)
{
	const struct policy_hostaudit *ha = &ctx->policy->hostaudit;
	const char *defpath = ha_kv_get(ha->defaults, ha->ndefaults, service);
	const struct unit_scan *u = NULL;
	char *text = NULL, err[ZA_MAX_ERR];
	size_t len = 0;
	int present = 0;

	*out = '\0';
	for (size_t i = 0; i < nunits; i++)
		if (strcmp(ha->units[i].key, service) == 0 && (units[i].loaded || units[i].unread)) {
			if (units[i].unread) {
				snprintf(where, wherelen, "the unit %s could not be read", units[i].path);
				return -1;
			}
			u = &units[i];
		}
	if (defpath && (present = ha_read(ctx, defpath, &text, &len, err, sizeof(err))) < 0) {
		snprintf(where, wherelen, "%s", err);
		return -1;
	}
	if (present) {
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
