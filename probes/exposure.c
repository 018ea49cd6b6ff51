/*
 * exposure.c - the exposure family: is a monitoring service reachable from
 * this vantage, and what is it?
 *
 * For each host and service port of the policy: the fingerprint's read-only
 * GETs, in order. The first one establishes reachability (a TCP connection
 * accepted = reachable, whatever follows: 401/403, a TLS alert, silence);
 * refused, filtered and ICMP-unreachable = unreachable. The rest identify the
 * service and its version for the evidence. A name that does not resolve, or
 * a vantage without a route, is `error`: it proves nothing either way.
 *
 * The policy states per service and vantage role what is expected
 * (unreachable / reachable); no expectation for the role = skipped.
 */
#include <stdio.h>
#include <string.h>

#include "http.h"
#include "probes.h"

struct seen {
	int reachable;  /* 1 reachable, 0 unreachable, -1 could not tell */
	int identified; /* a fingerprint request matched */
	char version[65];
	char how[256];             /* "GET /-/healthy -> 200" of the identifying request */
	char why[ZA_MAX_ERR + 64]; /* for unreachable / error */
};

static void probe_service(struct probe_ctx *ctx, struct za_result *r, const struct policy_host *h,
                          const struct policy_service *ps, const struct fp_service *fs, struct seen *out)
{
	char ip[64], err[ZA_MAX_ERR], origin[512], url[1024];
	struct http_resp resp;

	memset(out, 0, sizeof(*out));
	out->reachable = -1;
	if (http_resolve(h->address, ip, sizeof(ip), err, sizeof(err)) != ZA_OK) {
		result_evidence(ctx->rs, r, "dns", h->address, "%s", err);
		snprintf(out->why, sizeof(out->why), "%s", err);
		return;
	}
	http_origin(origin, sizeof(origin), ps->https, h->address, ps->port);
	for (size_t i = 0; i < fs->nreq; i++) {
		const struct fp_request *q = &fs->req[i];
		struct http_req req = {0};
		char ver[65];

		snprintf(url, sizeof(url), "%s%s", origin, q->path);
		req.url = url;
		req.pin_ip = strcmp(ip, h->address) == 0 ? NULL : ip;
		req.connect_ms = ctx->policy->connect_ms;
		req.timeout_ms = ctx->policy->transfer_ms;
		if (http_run(&req, &resp) != ZA_OK) {
			snprintf(out->why, sizeof(out->why), "out of memory");
			http_resp_free(&resp);
			out->reachable = -1;
			return;
		}
		if (i == 0 && http_outcome_unreachable(resp.outcome)) {
			out->reachable = 0;
			snprintf(out->why, sizeof(out->why), "%s", http_outcome_name(resp.outcome));
			result_evidence(ctx->rs, r, "tcp", url, "connect to %s port %ld: %s (after %ld ms)", ip,
			                ps->port, http_outcome_name(resp.outcome), resp.total_ms);
			http_resp_free(&resp);
			return;
		}
		if (!http_outcome_reachable(resp.outcome)) {
			/* no route from here, local failure, or a later request failed */
			if (i == 0) {
				out->reachable = -1;
				snprintf(out->why, sizeof(out->why), "%s: %s", http_outcome_name(resp.outcome),
				         resp.detail);
			}
			result_evidence(ctx->rs, r, "tcp", url, "GET %s: %s (%s)", url, http_outcome_name(resp.outcome),
			                resp.detail);
			http_resp_free(&resp);
			continue;
		}
		out->reachable = 1;
		if (resp.outcome != HTTP_ANSWERED) {
			result_evidence(ctx->rs, r, "tcp", url, "connect to %s port %ld accepted; %s (%s)", ip,
			                ps->port, http_outcome_name(resp.outcome), resp.detail);
			http_resp_free(&resp);
			continue;
		}
		if (fp_match(q, resp.status, resp.body, resp.body_len, ver, sizeof(ver))) {
			result_evidence(ctx->rs, r, "http", url, "GET %s -> %ld, identified as %s%s%s", url,
			                resp.status, fs->name, ver[0] ? " " : "", ver);
			if (!out->identified)
				snprintf(out->how, sizeof(out->how), "GET %s with %ld", q->path, resp.status);
			out->identified = 1;
			if (ver[0] && !out->version[0])
				snprintf(out->version, sizeof(out->version), "%s", ver);
		} else {
			result_evidence(ctx->rs, r, "http", url, "GET %s -> %ld%s%s, %zu bytes, no %s marker", url,
			                resp.status, resp.content_type ? " " : "",
			                resp.content_type ? resp.content_type : "", resp.body_len, fs->name);
			if (!out->how[0])
				snprintf(out->how, sizeof(out->how), "GET %s with %ld", q->path, resp.status);
		}
		http_resp_free(&resp);
		if (out->identified && (out->version[0] || i + 1 == fs->nreq))
			break;
	}
}

static void judge(struct probe_ctx *ctx, struct za_result *r, const struct fp_service *fs,
                  const struct policy_service *ps, enum expect exp, const struct seen *s)
{
	const char *role = role_name(ctx->role);
	char what[200];

	if (s->identified)
		snprintf(what, sizeof(what), "%s%s%s", fs->name, s->version[0] ? " " : "", s->version);
	else
		snprintf(what, sizeof(what), "an unidentified service on the %s port", fs->name);
	if (s->reachable < 0) {
		result_status(ctx->rs, r, ZA_ERROR, "could not tell whether port %ld is reachable: %s", ps->port,
		              s->why);
		return;
	}
	if (exp == EXPECT_UNREACHABLE) {
		if (s->reachable == 0)
			result_status(ctx->rs, r, ZA_PASS, "port %ld is not reachable from this %s vantage: %s",
			              ps->port, role, s->why);
		else if (s->how[0])
			result_status(ctx->rs, r, ZA_FAIL, "%s answered %s from this %s vantage", what, s->how, role);
		else
			result_status(ctx->rs, r, ZA_FAIL, "port %ld accepts connections from this %s vantage (%s)",
			              ps->port, role, what);
		return;
	}
	/* EXPECT_REACHABLE: the trusted path must work and be the right service */
	if (s->reachable == 0)
		result_status(ctx->rs, r, ZA_FAIL, "%s should be reachable from this %s vantage but is not: %s",
		              fs->name, role, s->why);
	else if (!s->identified)
		result_status(ctx->rs, r, ZA_FAIL, "port %ld answers but not as %s", ps->port, fs->name);
	else
		result_status(ctx->rs, r, ZA_PASS, "%s is reachable from this %s vantage as expected (%s)", what, role,
		              s->how);
}

void exposure_run(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;

	for (size_t i = 0; i < p->nhosts; i++) {
		const struct policy_host *h = &p->hosts[i];
		for (size_t j = 0; j < h->nsvc; j++) {
			const struct policy_service *ps = &h->svc[j];
			const struct check_def *c = checks_for_service(ps->service);
			const struct fp_service *fs = fp_find(ctx->fp, ps->service);
			enum expect exp = policy_expectation(p, ps->service, ctx->role);
			char target[300];
			long t0 = probe_now_ms();
			struct za_result *r;
			struct seen s;

			snprintf(target, sizeof(target), "%s%s%s:%ld", strchr(h->address, ':') ? "[" : "", h->address,
			         strchr(h->address, ':') ? "]" : "", ps->port);
			r = probe_begin(ctx, c, h, target);
			if (!r)
				continue;
			if (exp == EXPECT_UNSET || exp == EXPECT_NOT_APPLICABLE) {
				result_skip(ctx->rs, r, "the policy expects nothing of %s from a %s vantage",
				            ps->service, role_name(ctx->role));
				probe_end(ctx, r, t0);
				continue;
			}
			if (!fs) {
				result_status(ctx->rs, r, ZA_ERROR, "no fingerprint for service '%s' in %s",
				              ps->service, ctx->fp ? ctx->fp->path : "(none)");
				probe_end(ctx, r, t0);
				continue;
			}
			probe_service(ctx, r, h, ps, fs, &s);
			judge(ctx, r, fs, ps, exp, &s);
			probe_end(ctx, r, t0);
		}
	}
}
