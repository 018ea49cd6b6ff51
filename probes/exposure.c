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
 * `error`. Connect timeouts adapt per network (rtt.h): the first request of
 * every endpoint connects through the engine's connector, every refusal and
 * handshake is a round-trip sample of its /24 (/64), and a network's timeout
 * is smoothed RTT + 4 x variance between timeouts.connect_floor_ms and
 * connect_ms; a network nothing answered in keeps connect_ms. Every
 * endpoint that answers is judged at the speed of its network. Silence is
 * judged more strictly: an endpoint that gave no answer within an adapted
 * timeout shorter than connect_ms (or than its network's final estimate) is
 * tried once more, waiting at least connect_ms, before it counts as filtered
 * - a lost SYN, a port forwarded to a far backend, a listener whose backlog
 * is full cannot turn an open port into a false pass because its neighbours
 * answer fast. The timeouts used are recorded in the report
 * (run.connect_timeouts).
 *
 * The policy states per service and vantage role what is expected
 * (unreachable / reachable); no expectation for the role = skipped.
 *
 * Sharded (scan --shard I/N): the units are numbered in policy order (a
 * host's port, with every address of its name; a range's address on a port)
 * and this run probes those whose number u has u % N == I - 1: stable across
 * runs and balanced by endpoint count. A range's result then counts the
 * endpoints of this shard; the merge combines the shards' (merge.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"
#include "engine.h"
#include "http.h"
#include "leaks.h"
#include "rtt.h"
#include "family.h"

struct seen {
	int reachable;  /* 1 reachable, 0 unreachable, -1 could not tell */
	int filtered;   /* unreachable because nothing answered the SYN */
	int identified; /* a fingerprint request matched */
	char version[65];
	char how[256];             /* "GET /-/healthy with 200" of the identifying request */
	char why[ZA_MAX_ERR + 64]; /* for unreachable / error */
};

struct stream;

/* Evidence of a streamed endpoint, kept until it is known whether the
 * endpoint gets a result of its own (it fails or errs) or is counted. */
struct ev {
	char kind[8];
	char loc[256];
	char text[ZA_MAX_EVIDENCE];
};

struct ep {
	struct stream *st;  /* a CIDR range's endpoint (no result until judged), or NULL */
	size_t range, addr; /* which range of st, which address of it */
	struct ev ev[4];
	size_t nev, ev_more; /* kept, and past the buffer (counted in the result) */
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
	long connect_ms; /* the connect timeout of its follow-up requests */
	long limit_ms;   /* the first request's (adapted) connect timeout, as the connector judged it */
	long min_ms;     /* the least the first request waits: 0 (adapted), connect_ms on a retry */
	int attempts;    /* first requests made (a filtered one is tried again) */
	size_t next;     /* next fingerprint request */
	long t0;
	int finished;
	struct seen seen;
};

static void submit_next(struct ep *e);
static void stream_done(struct ep *e);

/* Evidence for e: on its result, or kept while it has none (streamed). */
static void ep_ev(struct ep *e, const char *kind, const char *loc, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static void ep_ev(struct ep *e, const char *kind, const char *loc, const char *fmt, ...)
{
	char text[ZA_MAX_EVIDENCE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (e->r) {
		result_evidence(e->ctx->rs, e->r, kind, loc, "%s", text);
	} else if (e->nev == sizeof(e->ev) / sizeof(e->ev[0])) {
		e->ev_more++;
	} else {
		struct ev *v = &e->ev[e->nev++];
		snprintf(v->kind, sizeof(v->kind), "%s", kind);
		snprintf(v->loc, sizeof(v->loc), "%.255s", loc ? loc : "");
		snprintf(v->text, sizeof(v->text), "%s", text);
	}
}

static void on_done(void *arg, struct http_resp *resp)
{
	struct ep *e = arg;
	struct probe_ctx *ctx = e->ctx;
	const struct fp_request *q = &e->fs->req[e->next];
	char origin[512], url[1024], ver[65];
	size_t i = e->next++;

	http_origin(origin, sizeof(origin), e->ps->https, e->host, e->port);
	snprintf(url, sizeof(url), "%s%s", origin, q->path);
	if (i == 0) {
		e->limit_ms = resp->connect_limit_ms;
		/* follow-up requests connect with libcurl: at least four handshakes' time */
		if (resp->connect_ms * 4 > e->connect_ms)
			e->connect_ms = resp->connect_ms * 4 < ZA_MAX_CONNECT_ADAPTED_MS ? resp->connect_ms * 4
			                                                                 : ZA_MAX_CONNECT_ADAPTED_MS;
	}
	if (i == 0 && http_outcome_unreachable(resp->outcome)) {
		e->seen.reachable = 0;
		e->seen.filtered = resp->outcome == HTTP_FILTERED;
		if (e->seen.filtered && e->attempts > 1)
			snprintf(e->seen.why, sizeof(e->seen.why),
			         "no answer to %d connection attempts, the last within %ld ms (filtered)", e->attempts,
			         e->limit_ms);
		else if (e->seen.filtered)
			snprintf(e->seen.why, sizeof(e->seen.why),
			         "no answer to the connection attempt within %ld ms (filtered)", e->limit_ms);
		else
			snprintf(e->seen.why, sizeof(e->seen.why), "%s", http_outcome_name(resp->outcome));
		ep_ev(e, "tcp", url, "connect to %s port %ld: %s (after %ld ms)", e->ip, e->port, e->seen.why,
		      resp->total_ms);
		goto finish;
	}
	if (!http_outcome_reachable(resp->outcome)) {
		/* no route from here, local failure, the run's deadline */
		if (i == 0) {
			e->seen.reachable = -1;
			snprintf(e->seen.why, sizeof(e->seen.why), "%s: %s", http_outcome_name(resp->outcome),
			         resp->detail);
		}
		ep_ev(e, "tcp", url, "GET %s: %s (%s)", url, http_outcome_name(resp->outcome), resp->detail);
	} else if (resp->outcome != HTTP_ANSWERED) {
		e->seen.reachable = 1;
		ep_ev(e, "tcp", url, "connect to %s port %ld accepted; %s (%s)", e->ip, e->port,
		      http_outcome_name(resp->outcome), resp->detail);
	} else if (fp_match(q, resp->status, resp->body, resp->body_len, ver, sizeof(ver))) {
		e->seen.reachable = 1;
		ep_ev(e, "http", url, "GET %s -> %ld, identified as %s%s%s", url, resp->status, e->fs->name,
		      ver[0] ? " " : "", ver);
		if (!e->seen.identified)
			snprintf(e->seen.how, sizeof(e->seen.how), "GET %s with %ld", q->path, resp->status);
		e->seen.identified = 1;
		if (ver[0] && !e->seen.version[0])
			snprintf(e->seen.version, sizeof(e->seen.version), "%s", ver);
	} else {
		e->seen.reachable = 1;
		ep_ev(e, "http", url, "GET %s -> %ld%s%s, %zu bytes%s, no %s marker", url, resp->status,
		      resp->content_type ? " " : "", resp->content_type ? resp->content_type : "", resp->body_len,
		      resp->body_truncated ? " (the cap: the rest not read)" : "", e->fs->name);
		if (!e->seen.how[0])
			snprintf(e->seen.how, sizeof(e->seen.how), "GET %s with %ld", q->path, resp->status);
	}
	if (e->seen.reachable >= 0 && e->next < e->fs->nreq && !(e->seen.identified && e->seen.version[0])) {
		submit_next(e);
		return;
	}
finish:
	if (e->st) {
		stream_done(e); /* judged now: counted, or a result of its own */
		return;
	}
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
	req.connect_first = e->next == 0; /* reachability: the connector's adapted timeout */
	req.connect_ms = e->next == 0 ? e->min_ms : e->connect_ms;
	req.timeout_ms = e->ctx->policy->transfer_ms + (e->connect_ms - e->ctx->policy->connect_ms);
	e->attempts += e->next == 0;
	if (engine_submit(e->eng, &req, on_done, e) != ZA_OK) {
		e->seen.reachable = -1;
		snprintf(e->seen.why, sizeof(e->seen.why), "out of memory");
		e->finished = 1;
	}
}

/* The verdict on one endpoint, with its message. */
static enum za_status decide(const struct probe_ctx *ctx, const struct ep *e, char *msg, size_t msglen)
{
	const char *role = role_name(ctx->role);
	const struct seen *s = &e->seen;
	char what[200];

	if (s->identified)
		snprintf(what, sizeof(what), "%s%s%s", e->fs->name, s->version[0] ? " " : "", s->version);
	else
		snprintf(what, sizeof(what), "an unidentified service on the %s port", e->fs->name);
	if (s->reachable < 0) {
		snprintf(msg, msglen, "could not tell whether port %ld is reachable: %s", e->port, s->why);
		return ZA_ERROR;
	}
	if (e->exp == EXPECT_UNREACHABLE) {
		if (s->reachable == 0) {
			snprintf(msg, msglen, "port %ld is not reachable from this %s vantage: %s", e->port, role,
			         s->why);
			return ZA_PASS;
		}
		if (s->how[0])
			snprintf(msg, msglen, "%s answered %s from this %s vantage", what, s->how, role);
		else
			snprintf(msg, msglen, "port %ld accepts connections from this %s vantage (%s)", e->port, role,
			         what);
		return ZA_FAIL;
	}
	/* EXPECT_REACHABLE: the trusted path must work and be the right service */
	if (s->reachable == 0) {
		snprintf(msg, msglen, "%s should be reachable from this %s vantage but is not: %s", e->fs->name, role,
		         s->why);
		return ZA_FAIL;
	}
	if (!s->identified) {
		snprintf(msg, msglen, "port %ld answers but not as %s", e->port, e->fs->name);
		return ZA_FAIL;
	}
	snprintf(msg, msglen, "%s is reachable from this %s vantage as expected (%s)", what, role, s->how);
	return ZA_PASS;
}

static void judge(struct probe_ctx *ctx, const struct ep *e)
{
	char msg[ZA_MAX_ERR + 512];
	enum za_status st = decide(ctx, e, msg, sizeof(msg));

	result_status(ctx->rs, e->r, st, "%s", msg);
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

/* A result that needs no probe: the role expects nothing of the service
 * (skipped), or no fingerprint describes it (error). 1 when r was decided. */
static int unprobed(struct probe_ctx *ctx, struct za_result *r, const struct policy_service *ps,
                    const struct fp_service *fs, enum expect exp, long t0)
{
	if (exp == EXPECT_UNSET || exp == EXPECT_NOT_APPLICABLE)
		result_skip(ctx->rs, r, "the policy expects nothing of %s from a %s vantage", ps->service,
		            role_name(ctx->role));
	else if (!fs)
		result_status(ctx->rs, r, ZA_ERROR, "no fingerprint for service '%s' in %s", ps->service,
		              ctx->fp ? ctx->fp->path : "(none)");
	else
		return 0;
	probe_end(ctx, r, t0);
	return 1;
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
	if (!r || unprobed(ctx, r, ps, fs, exp, t0))
		return;
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

/* ---- CIDR ranges: streamed, their passes counted ----
 *
 * A range's endpoints come from the CIDR iterator as transfer slots free up
 * (never all at once: memory is the slots plus the findings). Each is
 * judged when its probe ends: a pass is counted in its range (refused,
 * filtered, unreachable), anything else gets a result of its own with its
 * evidence. At the end each range with passes has one result, the range
 * itself as target (10.77.0.0/16:9100), with the counts: the report grows
 * with what was found, not with the addresses probed. */

struct range {
	const struct policy_host *h;
	const struct policy_service *ps;
	const struct check_def *c;
	const struct fp_service *fs;
	enum expect exp;
	struct cidr cidr;
	long port;
	char target[128];
	size_t passed, refused, filtered, unreachable, own, again;
	size_t first, step, owned; /* this shard's addresses: first, first + step, ...; how many */
	long tmin, tmax;           /* the connect timeouts filtered endpoints were judged by */
	long t0;
};

struct pend {
	size_t range, addr;
	long limit_ms; /* the timeout it had */
	int retry;     /* tried again once the estimates are final */
};

struct stream {
	struct probe_ctx *ctx;
	struct engine *eng;
	struct range *rg;
	size_t nrg, crg;
	size_t next_rg, next_addr; /* the iterator */
	struct ep *slot;
	size_t nslot;
	struct pend *pend; /* filtered passes, counted once the timeout is final */
	size_t npend, cpend, pend_pos;
	int again;    /* probing the filtered ones again */
	long timeout; /* follow-up requests' connect timeout */
	int oom;
};

/* g's filtered endpoints were judged by limit_ms. */
static void range_filtered(struct range *g, long limit_ms)
{
	g->passed++;
	g->filtered++;
	if (!g->tmin || limit_ms < g->tmin)
		g->tmin = limit_ms;
	if (limit_ms > g->tmax)
		g->tmax = limit_ms;
}

/* 1 when unit number u belongs to this run (scan --shard I/N), and advance *u. */
static int own_unit(const struct probe_ctx *ctx, size_t *u)
{
	size_t n = (*u)++;

	return !ctx->shard_count || n % ctx->shard_count == ctx->shard_index - 1;
}

/* A range for every (CIDR host, service, port) the role expects something of. */
static void plan_ranges(struct probe_ctx *ctx, struct stream *st, const struct policy_host *h, size_t *unit)
{
	struct cidr c;
	char err[ZA_MAX_ERR];

	if (cidr_parse(h->cidr, &c, err, sizeof(err)) != 0)
		return; /* the policy loader refused it already */
	for (size_t j = 0; j < h->nsvc; j++)
		for (size_t k = 0; k < h->svc[j].nports; k++) {
			const struct policy_service *ps = &h->svc[j];
			const struct check_def *chk = checks_for_service(ps->service);
			const struct fp_service *fs = fp_find(ctx->fp, ps->service);
			enum expect exp = policy_expectation(ctx->policy, ps->service, ctx->role);
			char target[128];
			long t0 = probe_now_ms();
			struct range *g;
			size_t base = *unit, first = 0, step = 1, owned = c.count;
			*unit += c.count;
			if (ctx->shard_count) { /* this shard's addresses of the range */
				step = ctx->shard_count;
				first = (ctx->shard_index - 1 + step - base % step) % step;
				owned = first < c.count ? 1 + (c.count - 1 - first) / step : 0;
			}
			snprintf(target, sizeof(target), "%s:%ld", h->cidr, ps->ports[k]);
			if (exp == EXPECT_UNSET || exp == EXPECT_NOT_APPLICABLE || !fs) {
				/* decided without a probe: by the shard of its first address */
				struct za_result *r = owned && first == 0 ? probe_begin(ctx, chk, h, target) : NULL;
				if (r)
					unprobed(ctx, r, ps, fs, exp, t0);
				continue;
			}
			if (!owned)
				continue;
			if (st->nrg == st->crg) {
				size_t nc = st->crg ? st->crg * 2 : 8;
				struct range *nv = realloc(st->rg, nc * sizeof(*nv));
				if (!nv) {
					st->oom = 1; /* every range an error; the units keep their numbers */
					continue;
				}
				st->rg = nv;
				st->crg = nc;
			}
			g = &st->rg[st->nrg++];
			memset(g, 0, sizeof(*g));
			g->h = h;
			g->ps = ps;
			g->c = chk;
			g->fs = fs;
			g->exp = exp;
			g->cidr = c;
			g->port = ps->ports[k];
			g->t0 = t0;
			g->first = first;
			g->step = step;
			g->owned = owned;
			snprintf(g->target, sizeof(g->target), "%s", target);
			ctx->endpoints += owned;
		}
}

/* The next endpoint to probe: the iterator's, or a filtered one again. */
static int stream_next(struct stream *st, size_t *ri, size_t *ai)
{
	if (st->again) {
		while (st->pend_pos < st->npend && !st->pend[st->pend_pos].retry)
			st->pend_pos++;
		if (st->pend_pos == st->npend)
			return 0;
		*ri = st->pend[st->pend_pos].range;
		*ai = st->pend[st->pend_pos++].addr;
		return 1;
	}
	while (st->next_rg < st->nrg) {
		const struct range *g = &st->rg[st->next_rg];
		if (st->next_addr < g->first)
			st->next_addr = g->first;
		if (st->next_addr < g->cidr.count) {
			*ri = st->next_rg;
			*ai = st->next_addr;
			st->next_addr += g->step;
			return 1;
		}
		st->next_rg++;
		st->next_addr = 0;
	}
	return 0;
}

/* Put the next endpoint into slot e and start it; 0 when none is left. */
static int stream_start(struct stream *st, struct ep *e)
{
	size_t ri, ai;
	struct range *g;

	/* past the run's deadline nothing new starts: what is left is an error
	 * of its range (stream_finish), never one failed result per address */
	if ((st->ctx->deadline_ms && probe_now_ms() >= st->ctx->deadline_ms) || !stream_next(st, &ri, &ai)) {
		e->finished = 1;
		return 0;
	}
	g = &st->rg[ri];
	memset(e, 0, sizeof(*e));
	e->st = st;
	e->range = ri;
	e->addr = ai;
	e->ctx = st->ctx;
	e->eng = st->eng;
	e->h = g->h;
	e->fs = g->fs;
	e->ps = g->ps;
	e->exp = g->exp;
	e->port = g->port;
	e->t0 = probe_now_ms();
	e->connect_ms = st->timeout;
	e->min_ms = st->again ? st->timeout : 0; /* a retry waits at least connect_ms */
	e->seen.reachable = -1;
	snprintf(e->seen.why, sizeof(e->seen.why), "the probe did not run");
	cidr_at(&g->cidr, ai, e->ip, sizeof(e->ip));
	snprintf(e->host, sizeof(e->host), "%s", e->ip);
	submit_next(e);
	return 1;
}

static void stream_done(struct ep *e)
{
	struct stream *st = e->st;
	struct probe_ctx *ctx = e->ctx;
	struct range *g = &st->rg[e->range];
	char msg[ZA_MAX_ERR + 512];
	enum za_status s = decide(ctx, e, msg, sizeof(msg));

	ctx->done += !st->again; /* a second probe of one endpoint is not a second endpoint */
	if (ctx->progress)
		ctx->progress(ctx->progress_arg, ctx->done, g->c->id, g->target);
	if (e->seen.filtered && e->seen.reachable == 0 && !st->again) {
		/* judged once the timeout is final: a slow link may show it open */
		if (st->npend == st->cpend) {
			size_t nc = st->cpend ? st->cpend * 2 : 256;
			struct pend *nv = realloc(st->pend, nc * sizeof(*nv));
			if (!nv) {
				st->oom = 1;
				goto next;
			}
			st->pend = nv;
			st->cpend = nc;
		}
		st->pend[st->npend].range = e->range;
		st->pend[st->npend].limit_ms = e->limit_ms;
		st->pend[st->npend].retry = 0;
		st->pend[st->npend++].addr = e->addr;
	} else if (s == ZA_PASS && e->seen.filtered) {
		range_filtered(g, e->limit_ms);
		g->again += st->again;
	} else if (s == ZA_PASS) {
		g->passed++;
		g->refused += e->seen.reachable == 0 && strstr(e->seen.why, "refused") != NULL;
		g->unreachable += e->seen.reachable == 0 && !strstr(e->seen.why, "refused");
	} else {
		char target[128];
		struct za_result *r;
		snprintf(target, sizeof(target), "%s%s%s:%ld", strchr(e->ip, ':') ? "[" : "", e->ip,
		         strchr(e->ip, ':') ? "]" : "", e->port);
		r = probe_begin(ctx, g->c, g->h, target);
		g->own++;
		if (r) {
			char origin[512];
			for (size_t i = 0; i < e->nev; i++)
				result_evidence(ctx->rs, r, e->ev[i].kind, e->ev[i].loc, "%s", e->ev[i].text);
			if (e->ev_more)
				result_evidence(ctx->rs, r, "note", NULL, "%zu more evidence lines were not kept",
				                e->ev_more);
			result_status(ctx->rs, r, s, "%s", msg);
			r->duration_ms = probe_now_ms() - e->t0;
			http_origin(origin, sizeof(origin), e->ps->https, e->host, e->port);
			if (e->seen.reachable == 1 && e->seen.identified && e->exp != EXPECT_REACHABLE)
				leaks_schedule(ctx, e->eng, e->h, e->fs->id, origin, NULL, r->target, e->seen.version,
				               e->connect_ms);
		}
	}
next:
	stream_start(st, e);
}

/* One result per range with passes, the range as its target; endpoints the
 * run's deadline left unprobed are an error of the range, never absent. */
static void stream_finish(struct stream *st)
{
	struct probe_ctx *ctx = st->ctx;

	for (size_t i = 0; i < st->npend; i++) { /* the timeout is final: filtered as first seen */
		struct range *g = &st->rg[st->pend[i].range];
		char ip[64], target[128];
		struct za_result *r;
		if (st->pend[i].retry)
			continue; /* judged by its second attempt */
		if (g->exp == EXPECT_UNREACHABLE) {
			range_filtered(g, st->pend[i].limit_ms);
			continue;
		}
		/* expected reachable and nothing answered: a failure of its own */
		cidr_at(&g->cidr, st->pend[i].addr, ip, sizeof(ip));
		snprintf(target, sizeof(target), "%s%s%s:%ld", strchr(ip, ':') ? "[" : "", ip,
		         strchr(ip, ':') ? "]" : "", g->port);
		g->own++;
		r = probe_begin(ctx, g->c, g->h, target);
		if (!r)
			continue;
		result_evidence(ctx->rs, r, "tcp", NULL,
		                "connect to %s port %ld: no answer to the connection attempt "
		                "within %ld ms (filtered)",
		                ip, g->port, st->pend[i].limit_ms);
		result_status(ctx->rs, r, ZA_FAIL,
		              "%s should be reachable from this %s vantage but is not: no answer "
		              "within %ld ms (filtered)",
		              g->fs->name, role_name(ctx->role), st->pend[i].limit_ms);
		probe_end(ctx, r, g->t0);
	}
	for (size_t i = 0; i < st->nrg; i++) {
		struct range *g = &st->rg[i];
		size_t left = g->owned - g->passed - g->own;
		struct za_result *r;
		if (!g->passed && !left)
			continue;
		r = probe_begin(ctx, g->c, g->h, g->target);
		if (!r)
			continue;
		if (g->passed) {
			char lim[64] = "";
			if (g->filtered && g->tmin == g->tmax)
				snprintf(lim, sizeof(lim), " (no answer within %ld ms)", g->tmin);
			else if (g->filtered)
				snprintf(lim, sizeof(lim), " (no answer within %ld to %ld ms)", g->tmin, g->tmax);
			result_evidence(ctx->rs, r, "tcp", NULL,
			                "%zu of %zu endpoints judged here: %zu refused, %zu filtered%s%s, %zu "
			                "unreachable; %zu with a result of their own",
			                g->passed, g->owned, g->refused, g->filtered, lim,
			                g->again ? " (some after a second attempt)" : "", g->unreachable, g->own);
		}
		if (ctx->shard_count)
			result_evidence(
			        ctx->rs, r, "note", NULL,
			        "shard %u of %u: every %zu-th address of the range from its address %zu on; the "
			        "merge of all shards counts the rest",
			        ctx->shard_index, ctx->shard_count, g->step, g->first);
		if (left)
			result_status(
			        ctx->rs, r, ZA_ERROR,
			        "%zu of %zu endpoints of %s were not probed (the run's deadline, or out of memory)",
			        left, g->owned, g->target);
		else if (g->exp == EXPECT_UNREACHABLE)
			result_status(ctx->rs, r, ZA_PASS,
			              "%zu of %zu endpoints are not reachable from this %s vantage", g->passed,
			              g->owned, role_name(ctx->role));
		else
			result_status(ctx->rs, r, ZA_PASS,
			              "%zu of %zu endpoints answer as %s from this %s vantage, as expected", g->passed,
			              g->owned, g->fs->name, role_name(ctx->role));
		probe_end(ctx, r, g->t0);
	}
}

static void plan_host(struct probe_ctx *ctx, struct eplist *l, const struct policy_host *h, size_t *unit)
{
	char err[ZA_MAX_ERR];
	/* a unit per (service, port), with every address of the name: this run's ones */
	unsigned char *mine;
	size_t u = 0, any = 0;

	for (size_t j = 0; j < h->nsvc; j++)
		u += h->svc[j].nports;
	mine = calloc(u + 1, 1);
	u = 0;
	for (size_t j = 0; j < h->nsvc; j++)
		for (size_t k = 0; k < h->svc[j].nports; k++, u++) {
			int m = own_unit(ctx, unit);
			if (mine)
				mine[u] = (unsigned char)m;
			any += (size_t)m;
		}
	if (!any || !mine) {
		free(mine); /* another shard's, not even resolved here; or out of memory: an error each */
		if (any)
			for (size_t j = 0; j < h->nsvc; j++)
				for (size_t k = 0; k < h->svc[j].nports; k++)
					plan_endpoint(ctx, l, h, &h->svc[j], h->svc[j].ports[k], h->address, "", NULL,
					              "out of memory");
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
		for (size_t a = 0; a < n; a++) {
			u = 0;
			for (size_t j = 0; j < h->nsvc; j++)
				for (size_t k = 0; k < h->svc[j].nports; k++, u++)
					if (mine[u])
						plan_endpoint(ctx, l, h, &h->svc[j], h->svc[j].ports[k], h->address,
						              ok ? addrs[a] : "",
						              ok && !literal && n > 1 ? addrs[a] : NULL,
						              ok ? NULL : err);
		}
		if (ok && dropped) {
			/* addresses past the cap: an error result each service, never a silent pass */
			snprintf(err, sizeof(err), "%zu more addresses of %s past the cap of %u were not probed",
			         dropped, h->address, ZA_MAX_DNS_ADDRS);
			u = 0;
			for (size_t j = 0; j < h->nsvc; j++)
				for (size_t k = 0; k < h->svc[j].nports; k++, u++)
					if (mine[u])
						plan_endpoint(ctx, l, h, &h->svc[j], h->svc[j].ports[k], h->address, "",
						              "more addresses", err);
		}
	}
	free(mine);
}

struct control {
	int done, reachable;
	long connect_ms;
	enum http_outcome outcome;
};

static void control_done(void *arg, struct http_resp *resp)
{
	struct control *c = arg;

	c->done = 1;
	c->reachable = http_outcome_reachable(resp->outcome);
	c->outcome = resp->outcome;
	c->connect_ms = resp->connect_ms;
}

/* The control target, through the engine (its round trip is the first
 * sample of its network): NULL when it answered, else why not. */
static const char *check_control(struct probe_ctx *ctx, struct engine *eng, char *why, size_t whylen)
{
	const struct policy *p = ctx->policy;
	struct http_req req = {0};
	struct control c = {0};
	char ip[64], origin[512], url[600], err[ZA_MAX_ERR];

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
	req.connect_first = 1;
	req.connect_ms = p->connect_ms;
	req.timeout_ms = p->connect_ms + 1000;
	if (engine_submit(eng, &req, control_done, &c) != ZA_OK || engine_run(eng, ctx->deadline_ms) != ZA_OK ||
	    !c.reachable) {
		snprintf(why, whylen, "control target %s:%ld did not accept a connection from this vantage (%s)",
		         p->control_address, p->control_port, c.done ? http_outcome_name(c.outcome) : "not run");
		return why;
	}
	snprintf(ctx->control, sizeof(ctx->control), "%s:%ld accepted a connection in %ld ms", p->control_address,
	         p->control_port, c.connect_ms < 0 ? 0 : c.connect_ms);
	return NULL;
}

/* Every endpoint of the ranges an error: the vantage cannot prove it sees. */
static void stream_refuse(struct stream *st, const char *why)
{
	for (size_t i = 0; i < st->nrg; i++) {
		struct range *g = &st->rg[i];
		struct za_result *r = probe_begin(st->ctx, g->c, g->h, g->target);
		if (!r)
			continue;
		result_status(st->ctx->rs, r, ZA_ERROR,
		              "%.400s: the vantage cannot prove it reaches the network (%zu endpoints)", why, g->owned);
		probe_end(st->ctx, r, g->t0);
	}
}

/* Fill every slot; the slots refill themselves as probes end. */
static void stream_fill(struct stream *st)
{
	for (size_t i = 0; i < st->nslot; i++)
		if (st->slot[i].finished || !st->slot[i].st)
			stream_start(st, &st->slot[i]);
}

/* Host endpoints judged filtered with less than their network's timeout
 * allows now (or than the ceiling) are tried once more; the count. */
static size_t retry_hosts(struct probe_ctx *ctx, struct eplist *l, const struct rtt_table *rtt)
{
	size_t again = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct ep *e = &l->v[i];
		long now;
		if (e->seen.reachable != 0 || !e->seen.filtered)
			continue;
		now = rtt_timeout_ip(rtt, e->ip);
		if (e->limit_ms >= rtt_ceiling(rtt) && now <= e->limit_ms)
			continue; /* the policy's full timeout, and nothing measured says longer */
		result_evidence(ctx->rs, e->r, "tcp", NULL,
		                "tried again, waiting at least connect_ms (%ld ms): the first attempt waited %ld ms "
		                "(adapted; its network's timeout is now %ld ms)",
		                rtt_ceiling(rtt), e->limit_ms, now);
		memset(&e->seen, 0, sizeof(e->seen));
		e->seen.reachable = -1;
		e->next = 0;
		e->min_ms = rtt_ceiling(rtt);
		e->finished = 0;
		ctx->done--; /* it will tick again */
		submit_next(e);
		again++;
	}
	return again;
}

/* The same for the ranges' pending filtered endpoints. */
static size_t retry_ranges(struct stream *st, const struct rtt_table *rtt)
{
	size_t again = 0;

	for (size_t i = 0; i < st->npend; i++) {
		struct pend *pd = &st->pend[i];
		char ip[64];
		if (pd->limit_ms >= rtt_ceiling(rtt)) {
			cidr_at(&st->rg[pd->range].cidr, pd->addr, ip, sizeof(ip));
			if (rtt_timeout_ip(rtt, ip) <= pd->limit_ms)
				continue;
		}
		pd->retry = 1;
		again++;
	}
	if (again && st->nslot) {
		st->again = 1;
		st->pend_pos = 0;
		stream_fill(st);
	}
	return again;
}

/* The timeouts used, for the report: ctx->nets and the longest. */
static void record_timeouts(struct probe_ctx *ctx, const struct rtt_table *rtt)
{
	long longest = ctx->policy->connect_ms;

	ctx->rtt_floor_ms = rtt_floor(rtt);
	ctx->rtt_untracked = rtt_over_cap(rtt);
	for (size_t i = 0; i < rtt_count(rtt); i++) {
		struct rtt_net n;
		rtt_net_at(rtt, i, &n);
		if (n.timeout_ms > longest)
			longest = n.timeout_ms;
		if (ctx->nnets == ZA_MAX_RTT_REPORT) {
			ctx->nets_more++;
			continue;
		}
		snprintf(ctx->nets[ctx->nnets].net, sizeof(ctx->nets[0].net), "%s", n.net);
		ctx->nets[ctx->nnets].samples = n.samples;
		ctx->nets[ctx->nnets].srtt_us = n.srtt_us;
		ctx->nets[ctx->nnets].rttvar_us = n.rttvar_us;
		ctx->nets[ctx->nnets++].timeout_ms = n.timeout_ms;
	}
	ctx->connect_ms_used = longest;
}

void exposure_run(struct probe_ctx *ctx)
{
	struct eplist l = {0};
	struct stream st = {0};
	struct engine *eng = NULL;
	struct rtt_table *rtt = NULL;
	char why[ZA_MAX_ERR + 64];
	const char *control_err = NULL;
	size_t total = 0, unit = 0;

	st.ctx = ctx;
	for (size_t i = 0; i < ctx->policy->nhosts; i++) {
		if (ctx->policy->hosts[i].cidr)
			plan_ranges(ctx, &st, &ctx->policy->hosts[i], &unit);
		else
			plan_host(ctx, &l, &ctx->policy->hosts[i], &unit);
	}
	ctx->endpoints += l.n;
	for (size_t i = 0; i < st.nrg; i++)
		total += st.rg[i].owned;
	if (!l.n && !total)
		goto out;
	if (rtt_new(ctx->policy->connect_floor_ms, ctx->policy->connect_ms, &rtt) != ZA_OK ||
	    engine_new(ctx->jobs, &eng) != ZA_OK)
		control_err = "out of memory";
	else
		engine_set_rtt(eng, rtt);
	if (!control_err)
		control_err = check_control(ctx, eng, why, sizeof(why));
	if (st.oom && !control_err)
		control_err = "out of memory";
	if (control_err) {
		stream_refuse(&st, control_err);
	} else if (total) {
		st.eng = eng;
		st.timeout = ctx->policy->connect_ms;
		st.nslot = engine_stats(eng)->jobs < total ? engine_stats(eng)->jobs : total;
		st.slot = calloc(st.nslot, sizeof(*st.slot));
		if (!st.slot)
			st.nslot = 0; /* the ranges' endpoints stay unprobed: an error each range */
		stream_fill(&st);
	}
	for (size_t i = 0; i < l.n; i++) {
		struct ep *e = &l.v[i];
		e->eng = eng;
		e->connect_ms = ctx->policy->connect_ms;
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
	if (eng && !control_err) {
		engine_run(eng, ctx->deadline_ms);
		/* the estimates are final: what was judged filtered too soon is tried again */
		if (retry_hosts(ctx, &l, rtt) + retry_ranges(&st, rtt))
			engine_run(eng, ctx->deadline_ms);
		record_timeouts(ctx, rtt);
		stream_finish(&st);
	}
	for (size_t i = 0; i < l.n; i++)
		judge(ctx, &l.v[i]);
out:
	engine_free(eng);
	rtt_free(rtt);
	free(l.v);
	free(st.rg);
	free(st.slot);
	free(st.pend);
}
