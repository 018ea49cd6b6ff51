/* family.c - the family table and the shared result preamble (see family.h). */
#include "family.h"

#include "http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The families that run on their own, in this order; the name is the
 * catalogue's family (checks.def) and the file that decides its checks,
 * probes/<name>.c. The other catalogue families run inside these: leaks and
 * grafana's follow-ups from exposure, labels from discovery, filesd and
 * livetargets; scan and merge are the pipeline's own (scan.c, merge.c). */
static const struct probe_family families[] = {
        {"exposure", exposure_run, 0},
        {"discovery", discovery_run, 0},
        {"listeners", listeners_run, 0},
        {"grafana", grafana_run, 0},
        {"tls", tls_run, 0},
        {"filesd", filesd_run, 1},
        {"livetargets", livetargets_run, 0},
        {"secrets", secrets_run, 1},
        {"host", host_run, 1},
        {"readiness", readiness_run, 0},
};

size_t probes_family_count(void)
{
	return sizeof(families) / sizeof(families[0]);
}

const struct probe_family *probes_family_at(size_t i)
{
	return i < probes_family_count() ? &families[i] : NULL;
}

long probe_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct za_result *probe_begin(struct probe_ctx *ctx, const struct check_def *check, const struct policy_host *host,
                              const char *target)
{
	const struct policy_profile *pr = ctx->profile;
	struct za_result *r;

	if (!check) {
		ctx->rs->internal = 1; /* a probe named a check id the catalogue lacks: a bug */
		return NULL;
	}
	r = results_new(ctx->rs, check, target);

	if (!r)
		return NULL;
	for (size_t i = 0; pr && i < pr->nseverity; i++)
		if (strcmp(pr->severity[i].key, check->id) == 0)
			r->severity = (enum za_severity)severity_parse(pr->severity[i].value);
	for (size_t i = 0; pr && i < pr->ndisable; i++)
		if (strcmp(pr->disable[i].key, check->id) == 0) {
			result_skip(ctx->rs, r, "disabled by profile '%s': %s", pr->name, pr->disable[i].value);
			probe_end(ctx, r, probe_now_ms());
			return NULL;
		}
	if (host) {
		const struct policy_exception *x = policy_exempts(ctx->policy, host, check->id);
		if (x) {
			result_skip(ctx->rs, r, "contract exception '%s' (host kind '%s'): %s", x->name, host->kind,
			            x->reason);
			probe_end(ctx, r, probe_now_ms());
			return NULL;
		}
	}
	return r;
}

void probe_tick(struct probe_ctx *ctx, const struct za_result *r)
{
	ctx->done++;
	if (ctx->progress)
		ctx->progress(ctx->progress_arg, ctx->done, r->check->id, r->target);
}

void probe_end(struct probe_ctx *ctx, struct za_result *r, long started_ms)
{
	r->duration_ms = probe_now_ms() - started_ms;
	probe_tick(ctx, r);
}

const struct probe_token *probe_token(const struct probe_ctx *ctx, const char *name)
{
	for (size_t i = 0; name && i < ctx->ntokens; i++)
		if (strcmp(ctx->tokens[i].name, name) == 0)
			return &ctx->tokens[i];
	return NULL;
}

void probe_keep_active(struct probe_ctx *ctx, const char *endpoint, struct sd_doc *doc)
{
	struct sd_doc *nd = realloc(ctx->active, (ctx->nactive + 1) * sizeof(*nd));
	const char **nn;

	if (!nd)
		return;
	ctx->active = nd;
	nn = realloc(ctx->active_names, (ctx->nactive + 1) * sizeof(*nn));
	if (!nn)
		return;
	ctx->active_names = nn;
	ctx->active[ctx->nactive] = *doc;
	ctx->active_names[ctx->nactive] = endpoint;
	ctx->nactive++;
	memset(doc, 0, sizeof(*doc)); /* moved */
}

const struct sd_doc *probe_active(const struct probe_ctx *ctx, const char *endpoint)
{
	for (size_t i = 0; endpoint && i < ctx->nactive; i++)
		if (strcmp(ctx->active_names[i], endpoint) == 0)
			return &ctx->active[i];
	return NULL;
}

void probe_ctx_free(struct probe_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nactive; i++)
		sd_doc_free(&ctx->active[i]);
	free(ctx->active);
	free(ctx->active_names);
	sd_doc_free(&ctx->live);
	ctx->live_read = 0;
	ctx->active = NULL;
	ctx->active_names = NULL;
	ctx->nactive = 0;
}

char *probe_auth_for(const struct probe_ctx *ctx, const char *url, const char *name, char *why, size_t whylen)
{
	const struct probe_token *tok = probe_token(ctx, name);
	char host[256];

	if (whylen)
		*why = '\0';
	if (!name)
		return NULL;
	if (!tok || !tok->secret) {
		snprintf(why, whylen, "the token '%s' could not be read: %s", name, tok ? tok->error : "not loaded");
		return NULL;
	}
	if (!http_url_is_https(url) && (http_url_host(url, host, sizeof(host)) != 0 || !http_addr_is_loopback(host))) {
		snprintf(why, whylen,
		         "the token '%s' is not sent over plain HTTP to a host other than loopback: use https", name);
		return NULL;
	}
	{
		char *h = secret_auth_header(tok->secret, "Bearer");
		if (!h)
			snprintf(why, whylen, "out of memory");
		return h;
	}
}
