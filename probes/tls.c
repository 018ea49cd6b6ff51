/*
 * tls.c - the tls family: the endpoints that are meant to be reachable
 * (Grafana's intended URL, the discovery endpoints) must protect what crosses
 * the network.
 *
 *   tls.required     http:// to a non-loopback host carries credentials in
 *                    clear (basic auth to Grafana, the monitoring bearer token)
 *   tls.version      the server negotiates TLS 1.2 or newer and refuses a
 *                    client that offers only TLS 1.0/1.1
 *   tls.certificate  the certificate verifies (system trust store or the
 *                    policy's tls.ca_file), matches the host name or IP, is
 *                    valid now and for at least tls.min_days more days
 *
 * TLS details come from tlsprobe.h (OpenSSL). Could not connect = `error`.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "family.h"
#include "tlsprobe.h"

static void check_endpoint(struct probe_ctx *ctx, const char *url, const char *why_protected)
{
	struct http_url u;
	struct za_result *r;
	struct tls_info ti;
	char ip[64], err[ZA_MAX_ERR];
	long t0 = probe_now_ms(), left;

	if (http_url_parse(url, &u) != 0)
		return;
	r = probe_begin(ctx, check_get(CK_TLS_REQUIRED), NULL, url);
	if (r) {
		if (u.https)
			result_status(ctx->rs, r, ZA_PASS, "HTTPS");
		else if (http_addr_is_loopback(u.host))
			result_status(ctx->rs, r, ZA_PASS, "plain HTTP, but only on loopback");
		else
			result_status(ctx->rs, r, ZA_FAIL, "plain HTTP to %s: %s cross the network in clear", u.host,
			              why_protected);
		probe_end(ctx, r, t0);
	}
	if (!u.https) {
		const enum check_id ids[] = {CK_TLS_VERSION, CK_TLS_CERTIFICATE};
		for (int i = 0; i < 2; i++)
			if ((r = probe_begin(ctx, check_get(ids[i]), NULL, url))) {
				result_skip(ctx->rs, r, "plain HTTP: no TLS to judge (see tls.required)");
				probe_end(ctx, r, t0);
			}
		return;
	}
	if (http_resolve(u.host, ip, sizeof(ip), err, sizeof(err)) != ZA_OK) {
		memset(&ti, 0, sizeof(ti));
		snprintf(ti.error, sizeof(ti.error), "%s", err);
	} else if ((left = http_deadline_left(ctx->policy->transfer_ms)) <= 0) {
		memset(&ti, 0, sizeof(ti));
		snprintf(ti.error, sizeof(ti.error), "the run's deadline (run_ms) passed before this handshake");
	} else {
		tlsprobe_run(u.host, ip, u.port, left, ctx->policy->tls_ca_file, &ti);
	}
	r = probe_begin(ctx, check_get(CK_TLS_VERSION), NULL, url);
	if (r) {
		if (!ti.handshake)
			result_status(ctx->rs, r, ZA_ERROR, "could not complete a TLS handshake: %s", ti.error);
		else if (strcmp(ti.version, "TLSv1.2") != 0 && strcmp(ti.version, "TLSv1.3") != 0)
			result_status(ctx->rs, r, ZA_FAIL, "negotiated %s; TLS 1.2 or newer is required", ti.version);
		else if (ti.legacy_ok < 0)
			result_status(ctx->rs, r, ZA_ERROR,
			              "negotiates %s, but whether it refuses TLS 1.0/1.1 could not be told in time",
			              ti.version);
		else if (ti.legacy_ok == 1)
			result_status(ctx->rs, r, ZA_FAIL,
			              "negotiates %s, but still accepts %s from a client that offers "
			              "nothing newer",
			              ti.version, ti.legacy);
		else
			result_status(ctx->rs, r, ZA_PASS, "negotiates %s and refuses TLS 1.0/1.1", ti.version);
		if (ti.handshake)
			result_evidence(ctx->rs, r, "tls", url, "negotiated %s; legacy-only handshake %s", ti.version,
			                ti.legacy_ok == 1 ? "accepted" : "refused");
		probe_end(ctx, r, t0);
	}
	r = probe_begin(ctx, check_get(CK_TLS_CERTIFICATE), NULL, url);
	if (r) {
		if (!ti.handshake)
			result_status(ctx->rs, r, ZA_ERROR, "could not complete a TLS handshake: %s", ti.error);
		else {
			result_evidence(ctx->rs, r, "tls", url, "certificate %s, valid until %s (%ld days)", ti.subject,
			                ti.not_after, ti.days_left);
			if (ti.days_left < 0)
				result_status(ctx->rs, r, ZA_FAIL, "the certificate expired on %s", ti.not_after);
			else if (ti.not_yet_valid)
				result_status(ctx->rs, r, ZA_FAIL, "the certificate is not valid yet");
			else if (ti.verify != 0)
				result_status(ctx->rs, r, ZA_FAIL, "the certificate does not verify: %s",
				              ti.verify_msg);
			else if (!ti.host_match)
				result_status(ctx->rs, r, ZA_FAIL, "the certificate does not name %s", u.host);
			else if (ti.days_left < ctx->policy->tls_min_days)
				result_status(ctx->rs, r, ZA_FAIL,
				              "the certificate expires in %ld days (policy: at least %ld)",
				              ti.days_left, ctx->policy->tls_min_days);
			else
				result_status(ctx->rs, r, ZA_PASS, "valid for %s until %s (%ld days)", u.host,
				              ti.not_after, ti.days_left);
		}
		probe_end(ctx, r, t0);
	}
}

void tls_run(struct probe_ctx *ctx)
{
	const struct policy *p = ctx->policy;

	if (p->grafana_url)
		check_endpoint(ctx, p->grafana_url, "Grafana logins and sessions");
	for (size_t i = 0; i < p->ndiscovery; i++)
		check_endpoint(ctx, p->discovery[i].url, "the monitoring bearer token and the target list");
}
