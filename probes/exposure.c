/*
 * exposure.c - the exposure family: is a monitoring service reachable from
 * this vantage, and what is it?
 *
 * For each host (or every address of a CIDR range) and each service port of
 * the policy: the fingerprint's read-only GETs, in order, all endpoints at
 * once through the engine (engine.h). The first request establishes
 * reachability: a TCP connection accepted = reachable, whatever follows
 * (401/403, a TLS alert, silence); refused, filtered and ICMP host-unreachable
 * = unreachable. The rest identify the service and its version for the
 * evidence. A name that does not resolve, or a vantage without a route, is
 * `error`: it proves nothing either way.
 *
 * A control target (policy "control") proves first that the vantage reaches
 * the network at all; if it does not answer, every exposure result is
 * `error`. The connect timeout adapts to the round-trip times seen (control
 * and answering endpoints): filtered endpoints that were given less than four
 * times the slowest connect seen are probed again with the longer timeout, so
 * a slow link cannot turn an open port into a false pass. The timeout used is
 * recorded in the report.
 *
 * The policy states per service and vantage role what is expected
 * (unreachable / reachable); no expectation for the role = skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"
#include "engine.h"
#include "http.h"
#include "leaks.h"
#include "family.h"

#define RTT_FACTOR     4
#define RTT_SLACK_MS   100
#define MAX_ADAPTED_MS 15000

struct seen {
	int reachable;  /* 1 reachable, 0 unreachable, -1 could not tell */
	int filtered;   /* unreachable because nothing answered the SYN */
	int identified; /* a fingerprint request matched */
	char version[65];
	char how[256];             /* "GET /-/healthy with 200" of the identifying request */
	char why[ZA_MAX_ERR + 64]; /* for unreachable / error */
};

struct ep {
	struct probe_ctx *ctx;
	struct engine *eng;
	struct za_result *r;
	const struct policy_host *h;
	const struct fp_service *fs;
	const struct policy_service *ps;
	enum expect exp;
	char host[256]; /* as written in URLs */
	char ip[64];    /* the address probed */
	long port;
	long connect_ms; /* the timeout this endpoint was given */
	size_t next;     /* next fingerprint request */
	long t0;
	int finished;
	struct seen seen;
};

static void submit_next(struct ep *e);

static void on_done(void *arg, struct http_resp *resp)
{
	struct ep *e = arg;
	struct probe_ctx *ctx = e->ctx;
	struct result_set *rs = ctx->rs;
	const struct fp_request *q = &e->fs->req[e->next];
	char origin[512], url[1024], ver[65];
	size_t i = e->next++;

	http_origin(origin, sizeof(origin), e->ps->https, e->host, e->port);
	snprintf(url, sizeof(url), "%s%s", origin, q->path);
	if (i == 0 && http_outcome_unreachable(resp->outcome)) {
		e->seen.reachable = 0;
		e->seen.filtered = resp->outcome == HTTP_FILTERED;
		if (e->seen.filtered)
			snprintf(e->seen.why, sizeof(e->seen.why),
			         "no answer to the connection attempt within %ld ms (filtered)", e->connect_ms);
		else
			snprintf(e->seen.why, sizeof(e->seen.why), "%s", http_outcome_name(resp->outcome));
		result_evidence(rs, e->r, "tcp", url, "connect to %s port %ld: %s (after %ld ms)", e->ip, e->port,
		                e->seen.why, resp->total_ms);
		goto finish;
	}
	if (!http_outcome_reachable(resp->outcome)) {
		/* no route from here, local failure, the run's deadline */
		if (i == 0) {
			e->seen.reachable = -1;
			snprintf(e->seen.why, sizeof(e->seen.why), "%s: %s", http_outcome_name(resp->outcome),
			         resp->detail);
		}
		result_evidence(rs, e->r, "tcp", url, "GET %s: %s (%s)", url, http_outcome_name(resp->outcome),
		                resp->detail);
	} else if (resp->outcome != HTTP_ANSWERED) {
		e->seen.reachable = 1;
		result_evidence(rs, e->r, "tcp", url, "connect to %s port %ld accepted; %s (%s)", e->ip, e->port,
		                http_outcome_name(resp->outcome), resp->detail);
	} else if (fp_match(q, resp->status, resp->body, resp->body_len, ver, sizeof(ver))) {
		e->seen.reachable = 1;
		result_evidence(rs, e->r, "http", url, "GET %s -> %ld, identified as %s%s%s", url, resp->status,
		                e->fs->name, ver[0] ? " " : "", ver);
		if (!e->seen.identified)
			snprintf(e->seen.how, sizeof(e->seen.how), "GET %s with %ld", q->path, resp->status);
		e->seen.identified = 1;
		if (ver[0] && !e->seen.version[0])
			snprintf(e->seen.version, sizeof(e->seen.version), "%s", ver);
	} else {
		e->seen.reachable = 1;
		result_evidence(rs, e->r, "http", url, "GET %s -> %ld%s%s, %zu bytes%s, no %s marker", url,
		                resp->status, resp->content_type ? " " : "",
		                resp->content_type ? resp->content_type : "", resp->body_len,
		                resp->body_truncated ? " (the cap: the rest not read)" : "", e->fs->name);
		if (!e->seen.how[0])
			snprintf(e->seen.how, sizeof(e->seen.how), "GET %s with %ld", q->path, resp->status);
	}
	if (e->seen.reachable >= 0 && e->next < e->fs->nreq && !(e->seen.identified && e->seen.version[0])) {
		submit_next(e);
		return;
	}
finish:
	e->finished = 1;
	e->r->duration_ms = probe_now_ms() - e->t0;
	probe_tick(ctx, e->r);
	/* what an exposed service gives away: only where it should not be reachable
	 * (from the trusted path, reachable is the intent and what it shows is not a leak) */
	if (e->seen.reachable == 1 && e->seen.identified && e->exp != EXPECT_REACHABLE)
		leaks_schedule(ctx, e->eng, e->h, e->fs->id, origin, strcmp(e->ip, e->host) == 0 ? NULL : e->ip,
		               e->r->target, e->seen.version, e->connect_ms);
}

static void submit_next(struct ep *e)
{
	struct http_req req = {0};
	char origin[512], url[1024];

	http_origin(origin, sizeof(origin), e->ps->https, e->host, e->port);
	snprintf(url, sizeof(url), "%s%s", origin, e->fs->req[e->next].path);
	req.url = url;
	req.pin_ip = strcmp(e->ip, e->host) == 0 ? NULL : e->ip;
	req.connect_ms = e->connect_ms;
	req.timeout_ms = e->ctx->policy->transfer_ms + (e->connect_ms - e->ctx->policy->connect_ms);
	if (engine_submit(e->eng, &req, on_done, e) != ZA_OK) {
		e->seen.reachable = -1;
		snprintf(e->seen.why, sizeof(e->seen.why), "out of memory");
		e->finished = 1;
	}
}

static void judge(struct probe_ctx *ctx, const struct ep *e)
{
	const char *role = role_name(ctx->role);
	const struct seen *s = &e->seen;
	struct za_result *r = e->r;
	char what[200];

	if (s->identified)
		snprintf(what, sizeof(what), "%s%s%s", e->fs->name, s->version[0] ? " " : "", s->version);
	else
		snprintf(what, sizeof(what), "an unidentified service on the %s port", e->fs->name);
	if (s->reachable < 0) {
		result_status(ctx->rs, r, ZA_ERROR, "could not tell whether port %ld is reachable: %s", e->port,
		              s->why);
		return;
	}
	if (e->exp == EXPECT_UNREACHABLE) {
		if (s->reachable == 0)
			result_status(ctx->rs, r, ZA_PASS, "port %ld is not reachable from this %s vantage: %s",
			              e->port, role, s->why);
		else if (s->how[0])
			result_status(ctx->rs, r, ZA_FAIL, "%s answered %s from this %s vantage", what, s->how, role);
		else
			result_status(ctx->rs, r, ZA_FAIL, "port %ld accepts connections from this %s vantage (%s)",
			              e->port, role, what);
		return;
	}
	/* EXPECT_REACHABLE: the trusted path must work and be the right service */
	if (s->reachable == 0)
		result_status(ctx->rs, r, ZA_FAIL, "%s should be reachable from this %s vantage but is not: %s",
		              e->fs->name, role, s->why);
	else if (!s->identified)
		result_status(ctx->rs, r, ZA_FAIL, "port %ld answers but not as %s", e->port, e->fs->name);
	else
		result_status(ctx->rs, r, ZA_PASS, "%s is reachable from this %s vantage as expected (%s)", what, role,
		              s->how);
}

struct eplist {
	struct ep *v;
	size_t n, cap;
};

static struct ep *ep_add(struct eplist *l)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		struct ep *nv = realloc(l->v, nc * sizeof(*nv));
		if (!nv)
			return NULL;
		l->v = nv;
		l->cap = nc;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

/* One endpoint (address, port of a service): its result and its state.
 * label names the target when a name has several addresses. */
static void plan_endpoint(struct probe_ctx *ctx, struct eplist *l, const struct policy_host *h,
                          const struct policy_service *ps, long port, const char *host, const char *ip,
                          const char *label, const char *dns_error)
{
	const struct check_def *c = checks_for_service(ps->service);
	const struct fp_service *fs = fp_find(ctx->fp, ps->service);
	enum expect exp = policy_expectation(ctx->policy, ps->service, ctx->role);
	char target[400];
	long t0 = probe_now_ms();
	struct za_result *r;
	struct ep *e;
	int v6 = strchr(host, ':') != NULL;

	if (label)
		snprintf(target, sizeof(target), "%s[%s]:%ld", host, label, port);
	else
		snprintf(target, sizeof(target), "%s%s%s:%ld", v6 ? "[" : "", host, v6 ? "]" : "", port);
	r = probe_begin(ctx, c, h, target);
	if (!r)
		return;
	if (exp == EXPECT_UNSET || exp == EXPECT_NOT_APPLICABLE) {
		result_skip(ctx->rs, r, "the policy expects nothing of %s from a %s vantage", ps->service,
		            role_name(ctx->role));
		probe_end(ctx, r, t0);
		return;
	}
	if (!fs) {
		result_status(ctx->rs, r, ZA_ERROR, "no fingerprint for service '%s' in %s", ps->service,
		              ctx->fp ? ctx->fp->path : "(none)");
		probe_end(ctx, r, t0);
		return;
	}
	if (dns_error) {
		result_evidence(ctx->rs, r, "dns", host, "%s", dns_error);
		result_status(ctx->rs, r, ZA_ERROR, "could not tell whether port %ld is reachable: %s", port,
		              dns_error);
		probe_end(ctx, r, t0);
		return;
	}
	e = ep_add(l);
	if (!e) {
		result_status(ctx->rs, r, ZA_ERROR, "out of memory");
		probe_end(ctx, r, t0);
		return;
	}
	e->ctx = ctx;
	e->r = r;
	e->h = h;
	e->fs = fs;
	e->ps = ps;
	e->exp = exp;
	e->port = port;
	e->t0 = t0;
	e->seen.reachable = -1;
	snprintf(e->seen.why, sizeof(e->seen.why), "the probe did not run");
	snprintf(e->host, sizeof(e->host), "%s", host);
	snprintf(e->ip, sizeof(e->ip), "%s", ip);
}

static void plan_host(struct probe_ctx *ctx, struct eplist *l, const struct policy_host *h)
{
	char ip[64], err[ZA_MAX_ERR];

	if (h->cidr) {
		struct cidr c;
		if (cidr_parse(h->cidr, &c, err, sizeof(err)) != 0)
			return; /* the policy loader refused it already */
		for (size_t a = 0; a < c.count; a++) {
			cidr_at(&c, a, ip, sizeof(ip));
			for (size_t j = 0; j < h->nsvc; j++)
				for (size_t k = 0; k < h->svc[j].nports; k++)
					plan_endpoint(ctx, l, h, &h->svc[j], h->svc[j].ports[k], ip, ip, NULL, NULL);
		}
		return;
	}
	{
		/* a name: every address it has (IPv4 and IPv6), each its own result */
		char addrs[ZA_MAX_DNS_ADDRS][64];
		size_t n = 0, dropped = 0;
		int ok = http_resolve_all(h->address, addrs, &n, &dropped, err, sizeof(err)) == ZA_OK;
		int literal = ok && n == 1 && strcmp(addrs[0], h->address) == 0;
		if (!ok)
			n = 1;
		for (size_t a = 0; a < n; a++)
			for (size_t j = 0; j < h->nsvc; j++)
				for (size_t k = 0; k < h->svc[j].nports; k++)
					plan_endpoint(ctx, l, h, &h->svc[j], h->svc[j].ports[k], h->address,
					              ok ? addrs[a] : "", ok && !literal && n > 1 ? addrs[a] : NULL,
					              ok ? NULL : err);
		if (ok && dropped) {
			/* addresses past the cap: an error result each service, never a silent pass */
			snprintf(err, sizeof(err), "%zu more addresses of %s past the cap of %u were not probed",
			         dropped, h->address, ZA_MAX_DNS_ADDRS);
			for (size_t j = 0; j < h->nsvc; j++)
				for (size_t k = 0; k < h->svc[j].nports; k++)
					plan_endpoint(ctx, l, h, &h->svc[j], h->svc[j].ports[k], h->address, "",
					              "more addresses", err);
		}
	}
}

/* The control target: NULL when it answered (rtt set), else why not. */
static const char *check_control(struct probe_ctx *ctx, long *rtt, char *why, size_t whylen)
{
	const struct policy *p = ctx->policy;
	struct http_req req = {0};
	struct http_resp resp;
	char ip[64], origin[512], url[600], err[ZA_MAX_ERR];

	*rtt = -1;
	if (!p->control_port)
		return NULL;
	if (http_resolve(p->control_address, ip, sizeof(ip), err, sizeof(err)) != ZA_OK) {
		snprintf(why, whylen, "control target %s: %s", p->control_address, err);
		return why;
	}
	http_origin(origin, sizeof(origin), 0, p->control_address, p->control_port);
	snprintf(url, sizeof(url), "%s/", origin);
	req.url = url;
	req.pin_ip = strcmp(ip, p->control_address) == 0 ? NULL : ip;
	req.connect_ms = p->connect_ms * RTT_FACTOR > MAX_ADAPTED_MS ? MAX_ADAPTED_MS : p->connect_ms * RTT_FACTOR;
	req.timeout_ms = req.connect_ms + 1000;
	if (http_run(&req, &resp) != ZA_OK || !http_outcome_reachable(resp.outcome)) {
		snprintf(why, whylen, "control target %s:%ld did not accept a connection from this vantage (%s)",
		         p->control_address, p->control_port, http_outcome_name(resp.outcome));
		http_resp_free(&resp);
		return why;
	}
	*rtt = resp.connect_ms < 0 ? 0 : resp.connect_ms;
	snprintf(ctx->control, sizeof(ctx->control), "%s:%ld accepted a connection in %ld ms", p->control_address,
	         p->control_port, *rtt);
	http_resp_free(&resp);
	return NULL;
}

long exposure_adapted_timeout(long base, long rtt)
{
	long t = rtt * RTT_FACTOR + RTT_SLACK_MS;

	if (rtt < 0)
		return base;
	if (t > MAX_ADAPTED_MS)
		t = MAX_ADAPTED_MS;
	return t > base ? t : base;
}

void exposure_run(struct probe_ctx *ctx)
{
	struct eplist l = {0};
	struct engine *eng = NULL;
	char why[ZA_MAX_ERR + 64];
	const char *control_err;
	long rtt = -1, timeout;

	for (size_t i = 0; i < ctx->policy->nhosts; i++)
		plan_host(ctx, &l, &ctx->policy->hosts[i]);
	ctx->endpoints += l.n;
	if (!l.n)
		goto out;
	control_err = check_control(ctx, &rtt, why, sizeof(why));
	timeout = exposure_adapted_timeout(ctx->policy->connect_ms, rtt);
	if (!control_err && engine_new(ctx->jobs, &eng) != ZA_OK)
		control_err = "out of memory";
	for (size_t i = 0; i < l.n; i++) {
		struct ep *e = &l.v[i];
		e->eng = eng;
		e->connect_ms = timeout;
		if (control_err) {
			e->seen.reachable = -1;
			snprintf(e->seen.why, sizeof(e->seen.why),
			         "%.400s: the vantage cannot prove it reaches the network", control_err);
			e->finished = 1;
			probe_tick(ctx, e->r);
		} else {
			submit_next(e);
		}
	}
	if (eng) {
		long slowest;
		engine_run(eng, ctx->deadline_ms);
		/* adapt: filtered endpoints given less than the slowest connect
		 * seen allows are probed once more with the longer timeout */
		slowest = engine_stats(eng)->max_connect_ms > rtt ? engine_stats(eng)->max_connect_ms : rtt;
		if (exposure_adapted_timeout(timeout, slowest) > timeout) {
			long longer = exposure_adapted_timeout(timeout, slowest);
			size_t again = 0;
			for (size_t i = 0; i < l.n; i++) {
				struct ep *e = &l.v[i];
				if (e->seen.reachable != 0 || !e->seen.filtered)
					continue;
				result_evidence(ctx->rs, e->r, "tcp", NULL,
				                "probed again with a %ld ms connect timeout (the slowest connect seen "
				                "took %ld ms)",
				                longer, slowest);
				memset(&e->seen, 0, sizeof(e->seen));
				e->seen.reachable = -1;
				e->next = 0;
				e->finished = 0;
				e->connect_ms = longer;
				ctx->done--; /* it will tick again */
				submit_next(e);
				again++;
			}
			if (again)
				engine_run(eng, ctx->deadline_ms);
			timeout = longer;
		}
		ctx->connect_ms_used = timeout;
	}
	for (size_t i = 0; i < l.n; i++)
		judge(ctx, &l.v[i]);
out:
	engine_free(eng);
	free(l.v);
}
