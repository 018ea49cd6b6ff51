/*
 * discovery.c - the discovery family: the API discovery endpoint contract.
 *
 * Authentication matrix, every request without a valid credential:
 *   discovery.tokenless       no Authorization header
 *   discovery.empty-bearer    "Bearer " with nothing after it
 *   discovery.bad-token       a random bearer token of the real one's length
 *   discovery.wrong-scheme    Basic credentials instead of a bearer token
 *   discovery.debug-mode      each historical/debug query parameter of the policy
 *   discovery.methods         HEAD, OPTIONS and POST (empty body)
 * A refusal is 401, 403, 404, 405 or 501 (the refusal statuses below) with no
 * targets in the body. A 2xx fails. Redirects (never followed), other 5xx,
 * other statuses, timeouts and unreachable endpoints are `error`.
 *
 * With the real token (from its file; never printed; never sent in clear
 * unless a lab policy allows it):
 *   discovery.token-file      the file's mode: nothing for group or others
 *   discovery.token-in-query  the token in ?token= / ?access_token= must be refused
 *   discovery.token-accepted  200, a Content-Type Prometheus's HTTP SD accepts,
 *                             a valid target-group list, within the size cap
 *   discovery.active-only     no inactive targets in the default answer (label
 *                             rule, and a comparison with historical mode)
 * and the label contract and secret checks on the targets (labels.h).
 */
#define _GNU_SOURCE
#include "discovery.h"

#include <cjson/cJSON.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "engine.h"
#include "http.h"
#include "labels.h"
#include "family.h"
#include "sdparse.h"

/* Strings in every "targets" array anywhere in the document (an error body
 * may still carry the list inside an object). Depth-limited. */
static size_t count_targets(const cJSON *node, int depth)
{
	size_t n = 0;

	if (!node || depth > 16)
		return 0;
	for (const cJSON *c = node->child; c; c = c->next) {
		if (c->string && strcmp(c->string, "targets") == 0 && cJSON_IsArray(c))
			for (const cJSON *s = c->child; s; s = s->next)
				n += cJSON_IsString(s);
		if (cJSON_IsArray(c) || cJSON_IsObject(c))
			n += count_targets(c, depth + 1);
	}
	return n;
}

void sd_body_scan(const char *body, size_t len, struct sd_body *out)
{
	cJSON *root;

	memset(out, 0, sizeof(*out));
	if (!body)
		return;
	out->mentions_targets = memmem(body, len, "targets", 7) != NULL;
	root = jsonv_parse_untrusted(body, len, NULL);
	if (!root)
		return;
	out->is_json = 1;
	out->targets = count_targets(root, 0);
	if (cJSON_IsArray(root)) {
		out->is_array = 1;
		out->valid_sd = 1;
		for (const cJSON *g = root->child; g; g = g->next) {
			const cJSON *t = cJSON_IsObject(g) ? cJSON_GetObjectItemCaseSensitive(g, "targets") : NULL;
			const cJSON *l = cJSON_IsObject(g) ? cJSON_GetObjectItemCaseSensitive(g, "labels") : NULL;
			out->groups++;
			if (!cJSON_IsArray(t)) {
				out->valid_sd = 0;
				continue;
			}
			for (const cJSON *s = t->child; s; s = s->next)
				if (!cJSON_IsString(s))
					out->valid_sd = 0;
			if (l && !cJSON_IsObject(l))
				out->valid_sd = 0;
			for (const cJSON *kv = l ? l->child : NULL; kv; kv = kv->next)
				if (!cJSON_IsString(kv))
					out->valid_sd = 0;
		}
	}
	cJSON_Delete(root);
}

struct attempt {
	const char *what; /* "without a token" */
	const char *header;
};

/* Describe an answer for evidence (no body content: it may hold secrets). */
static void answer_evidence(struct probe_ctx *ctx, struct za_result *r, const char *url, const char *what,
                            const struct http_resp *resp, const struct sd_body *sd)
{
	if (resp->outcome != HTTP_ANSWERED) {
		result_evidence(ctx->rs, r, "http", url, "GET %s: %s (%s)", what, http_outcome_name(resp->outcome),
		                resp->detail);
		return;
	}
	result_evidence(ctx->rs, r, "http", url, "GET %s -> %ld%s%s%s%s%s%s; body %zu bytes%s, %s", what, resp->status,
	                resp->content_type ? ", Content-Type: " : "", resp->content_type ? resp->content_type : "",
	                resp->www_authenticate ? ", WWW-Authenticate: " : "",
	                resp->www_authenticate ? resp->www_authenticate : "", resp->location ? ", Location: " : "",
	                resp->location ? resp->location : "", resp->body_len,
	                resp->body_truncated ? " (truncated)" : "",
	                sd->is_array ? (sd->targets ? "an SD target list" : "an empty JSON array")
	                             : (sd->mentions_targets ? "mentions \"targets\"" : "no targets"));
	if (sd->targets)
		result_evidence(ctx->rs, r, "targets", url, "%zu targets in %zu groups", sd->targets, sd->groups);
}

/* Statuses that refuse a request without a valid credential, when the body
 * carries no targets: the fail-closed answers. */
static const struct {
	long status;
	const char *means;
} refusals[] = {
        {401, "unauthorized"},       {403, "forbidden"},       {404, "not found (the endpoint hides itself)"},
        {405, "method not allowed"}, {501, "not implemented"},
};

static const char *refusal(long st)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		if (refusals[i].status == st)
			return refusals[i].means;
	return NULL;
}

/* How one request without a valid credential was answered. */
static enum za_status rejection(const struct http_resp *resp, const struct sd_body *sd, char *msg, size_t msglen)
{
	long st = resp->status;
	int carries = sd->targets > 0 || (!sd->is_json && sd->mentions_targets);

	if (resp->outcome != HTTP_ANSWERED) {
		snprintf(msg, msglen, "could not test the endpoint: %s", http_outcome_name(resp->outcome));
		return ZA_ERROR;
	}
	if (refusal(st) && carries) {
		snprintf(msg, msglen, "answered %ld but the body still carries targets", st);
		return ZA_FAIL; /* even cut short: what arrived already leaks */
	}
	if (resp->incomplete || (refusal(st) && resp->body_truncated)) {
		snprintf(msg, msglen,
		         "answered %ld, but the answer was cut short (%.120s): the rest could hold targets", st,
		         resp->detail);
		return ZA_ERROR;
	}
	if (refusal(st)) {
		snprintf(msg, msglen, "fails closed: %ld (%s), no targets in the body", st, refusal(st));
		return ZA_PASS;
	}
	if (st >= 200 && st < 300) {
		if (sd->targets)
			snprintf(msg, msglen, "fails open: %ld with %zu targets", st, sd->targets);
		else if (carries)
			snprintf(msg, msglen, "fails open: %ld and the body mentions targets", st);
		else
			snprintf(msg, msglen, "fails open: %ld (no targets in this answer, but nothing was refused)",
			         st);
		return ZA_FAIL;
	}
	if (st >= 300 && st < 400)
		snprintf(msg, msglen, "redirected (%ld) to %s; not followed, so the answer is unknown", st,
		         resp->location ? resp->location : "(no Location)");
	else if (st >= 500)
		snprintf(msg, msglen, "server error %ld: cannot tell whether it fails closed", st);
	else
		snprintf(msg, msglen, "unexpected status %ld: cannot tell whether it fails closed", st);
	return ZA_ERROR;
}

/* Content-Type as Prometheus's HTTP SD requires:
 * ^(?i:application\/json(;\s*charset=("utf-8"|utf-8))?)$ */
static int sd_content_type_ok(const char *ct)
{
	const char *p;

	if (!ct || strncasecmp(ct, "application/json", 16) != 0)
		return 0;
	p = ct + 16;
	if (!*p)
		return 1;
	if (*p++ != ';')
		return 0;
	while (*p == ' ' || *p == '\t')
		p++;
	return strcasecmp(p, "charset=utf-8") == 0 || strcasecmp(p, "charset=\"utf-8\"") == 0;
}

/* The real token's answer: what Prometheus would accept. Fills doc when the
 * body is a valid target-group list. */
static void judge_accepted(struct probe_ctx *ctx, struct za_result *r, const struct http_resp *resp, struct sd_doc *doc,
                           int *have_doc)
{
	long st = resp->status;
	char err[ZA_MAX_ERR] = "";
	enum za_err pr;

	*have_doc = 0;
	if (resp->outcome != HTTP_ANSWERED) {
		result_status(ctx->rs, r, ZA_ERROR, "could not reach the endpoint with the token: %s (%s)",
		              http_outcome_name(resp->outcome), resp->detail);
		return;
	}
	if (resp->incomplete) {
		result_status(ctx->rs, r, ZA_ERROR, "answered %ld with the token, but cut short (%.120s): not judged",
		              st, resp->detail);
		return;
	}
	if (st >= 300 && st < 400) {
		result_status(ctx->rs, r, ZA_ERROR, "redirected (%ld) to %s; not followed (the token is never sent on)",
		              st, resp->location ? resp->location : "(no Location)");
		return;
	}
	if (st == 401 || st == 403) {
		result_status(ctx->rs, r, ZA_FAIL, "the configured monitoring token is rejected (%ld)", st);
		return;
	}
	if (st != 200) {
		result_status(ctx->rs, r, ZA_FAIL, "status %ld with the token: Prometheus's HTTP SD needs 200", st);
		return;
	}
	if (resp->body_truncated) {
		/* the scanner could not see it whole: never a verdict on the endpoint */
		result_status(ctx->rs, r, ZA_ERROR,
		              "the answer is over %zu bytes (the policy's limits.answer_bytes): it could not be judged",
		              ctx->policy->answer_max);
		return;
	}
	if ((pr = sd_parse_json(resp->body, resp->body_len, doc, err, sizeof(err))) != ZA_OK) {
		if (pr == ZA_ERR_CAP) /* our limit, not Prometheus's: not judged */
			result_status(ctx->rs, r, ZA_ERROR, "not judged: %s (a cap of this scanner)", err);
		else
			result_status(
			        ctx->rs, r, ZA_FAIL,
			        "200, but not a target-group list Prometheus accepts (%s): it would keep its stale "
			        "targets",
			        err);
		return;
	}
	*have_doc = 1;
	if (!sd_content_type_ok(resp->content_type))
		result_status(
		        ctx->rs, r, ZA_FAIL,
		        "Content-Type '%s' is refused by Prometheus's HTTP SD (application/json, charset utf-8): it "
		        "would keep its stale targets",
		        resp->content_type ? resp->content_type : "(none)");
	else
		result_status(ctx->rs, r, ZA_PASS,
		              "the monitoring token is accepted: 200 with %zu targets in %zu groups", doc->ntargets,
		              doc->ng);
}

struct endpoint {
	struct probe_ctx *ctx;
	const struct policy_discovery *d;
	char host[300];
	char ip[64];
	int https;
	/* refusals that were a 404: proof only where the endpoint exists (the
	 * real token gets a target list at the same URL); else a wrong URL */
	struct za_result *on404[16];
	size_t non404;
	/* the matrix's requests, sent at once before any is judged (bounded by
	 * the engine's admission, under the run's deadline): fetch() takes the
	 * answer from here, so a slow endpoint costs one transfer, not seventeen */
	char *wrong_hdr, *basic_hdr; /* random credentials (wiped), one per endpoint */
	int resolved;
	char err[ZA_MAX_ERR];
	struct prefetched *pf;
	size_t npf;
};

struct prefetched {
	char *url;
	const char *method, *header; /* static strings or the endpoint's headers */
	struct http_resp resp;
	int have;
};

static void build_req(const struct endpoint *ep, const char *url, const char *method, const char *const *headers,
                      int verify, struct http_req *req)
{
	memset(req, 0, sizeof(*req));
	req->url = url;
	req->method = method;
	req->body = method && strcmp(method, "POST") == 0 ? "" : NULL;
	req->pin_ip = strcmp(ep->ip, ep->host) == 0 ? NULL : ep->ip;
	req->headers = headers[0] ? headers : NULL;
	req->connect_ms = ep->ctx->policy->connect_ms;
	req->timeout_ms = ep->ctx->policy->transfer_ms;
	req->verify_tls = verify;
	req->ca_file = ep->ctx->policy->tls_ca_file;
	/* the real token's answers are judged whole (a fleet's target list is
	 * megabytes); a refusal is small, and a tokenless answer that is not is
	 * judged on its first ZA_MAX_HTTP_BODY bytes */
	req->max_body = verify ? ep->ctx->policy->answer_max : 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int fetch(const struct endpoint *ep, const char *url, const char *method, const char *header, int verify,
                 struct http_resp *resp)
{
	const char *headers[2] = {header, NULL};
	struct http_req req;

	for (size_t i = 0; !verify && i < ep->npf; i++) {
		struct prefetched *f = &ep->pf[i];
		if (f->have && strcmp(f->url, url) == 0 && same(f->method, method) && same(f->header, header)) {
			*resp = f->resp; /* moved: judged once */
			memset(&f->resp, 0, sizeof(f->resp));
			f->have = 0;
			return 0;
		}
	}
	build_req(ep, url, method, headers, verify, &req);
	return http_run(&req, resp) == ZA_OK ? 0 : -1;
}

static void on_prefetched(void *arg, struct http_resp *resp)
{
	struct prefetched *f = arg;

	f->resp = *resp; /* take it over: the engine frees what is left in resp */
	memset(resp, 0, sizeof(*resp));
	f->have = 1;
}

/* The tokenless matrix of one endpoint, as one_endpoint() will ask for it. */
static void plan_prefetch(struct endpoint *ep)
{
	const struct policy_discovery *d = ep->d;
	static const char *const methods[] = {"HEAD", "OPTIONS", "POST"};
	size_t n = 0, cap = 4 + d->ndebug_params + 1 + 3;

	ep->pf = calloc(cap, sizeof(*ep->pf));
	if (!ep->pf)
		return;
#define ADD(u, m, h)                                                  \
	do {                                                          \
		if (n < cap && (ep->pf[n].url = strdup(u)) != NULL) { \
			ep->pf[n].method = (m);                       \
			ep->pf[n].header = (h);                       \
			n++;                                          \
		}                                                     \
	} while (0)
	ADD(d->url, NULL, NULL);
	ADD(d->url, NULL, "Authorization: Bearer ");
	if (ep->wrong_hdr)
		ADD(d->url, NULL, ep->wrong_hdr);
	if (ep->basic_hdr)
		ADD(d->url, NULL, ep->basic_hdr);
	for (size_t q = 0; q < d->ndebug_params + (d->historical_param ? 1 : 0); q++) {
		const char *param = q < d->ndebug_params ? d->debug_params[q] : d->historical_param;
		char url[ZA_MAX_URL + 300];
		snprintf(url, sizeof(url), "%s%c%s", d->url, strchr(d->url, '?') ? '&' : '?', param);
		ADD(url, NULL, NULL);
	}
	for (size_t q = 0; q < 3; q++)
		ADD(d->url, methods[q], NULL);
#undef ADD
	ep->npf = n;
}

static void free_prefetch(struct endpoint *ep)
{
	for (size_t i = 0; i < ep->npf; i++) {
		free(ep->pf[i].url);
		http_resp_free(&ep->pf[i].resp);
	}
	free(ep->pf);
	ep->pf = NULL;
	ep->npf = 0;
	secret_wipe_free(ep->wrong_hdr);
	secret_wipe_free(ep->basic_hdr);
	ep->wrong_hdr = ep->basic_hdr = NULL;
}

/* One rejection probe: evidence for it, and its status. */
static enum za_status try_reject(struct endpoint *ep, struct za_result *r, const char *url, const char *method,
                                 const char *header, const char *what, char *msg, size_t msglen)
{
	struct http_resp resp = {0};
	struct sd_body sd;
	enum za_status st;
	char m[ZA_MAX_ERR];

	if (fetch(ep, url, method, header, 0, &resp) != 0) {
		http_resp_free(&resp);
		snprintf(msg, msglen, "out of memory");
		return ZA_ERROR;
	}
	sd_body_scan(resp.body, resp.body_len, &sd);
	answer_evidence(ep->ctx, r, url, what, &resp, &sd);
	st = rejection(&resp, &sd, m, sizeof(m));
	if (st == ZA_PASS && resp.status == 404 && r && ep->non404 < sizeof(ep->on404) / sizeof(ep->on404[0])) {
		size_t k = 0;
		while (k < ep->non404 && ep->on404[k] != r)
			k++;
		if (k == ep->non404)
			ep->on404[ep->non404++] = r;
	}
	if (snprintf(msg, msglen, "%s %s", what, m) >= (int)msglen && msglen > 4)
		memcpy(msg + msglen - 4, "...", 4);
	http_resp_free(&resp);
	return st;
}

/* Several variants, one result: fail if any failed, else error if any
 * errored, else pass. */
struct multi {
	enum za_status st;
	char msg[ZA_MAX_ERR];
	size_t n;
};

static void multi_add(struct multi *m, enum za_status st, const char *msg)
{
	static const int rank[] = {[ZA_PASS] = 0, [ZA_ERROR] = 1, [ZA_FAIL] = 2, [ZA_SKIPPED] = 0, [ZA_WAIVED] = 0};

	if (!m->n || rank[st] > rank[m->st]) {
		m->st = st;
		snprintf(m->msg, sizeof(m->msg), "%s", msg);
	}
	m->n++;
}

/* The token file lies on this machine: its group by this machine's names. */
static int local_group_allowed(const struct policy *p, gid_t gid)
{
	const struct group *g = getgrgid(gid);

	for (size_t i = 0; g && i < p->hostaudit.nallowed_groups; i++)
		if (strcmp(p->hostaudit.allowed_groups[i], g->gr_name) == 0)
			return 1;
	return 0;
}

static void token_file_check(struct probe_ctx *ctx, struct za_result *r, const struct policy_discovery *d,
                             const struct probe_token *tok)
{
	mode_t mode;
	gid_t gid;
	char how[200];

	if (!d->token_file) {
		result_skip(ctx->rs, r, "no token file is configured for discovery endpoint '%s'", d->name);
		return;
	}
	if (!tok || !tok->secret) {
		result_status(ctx->rs, r, ZA_ERROR, "the token file '%s' could not be read: %s", d->token_file,
		              tok ? tok->error : "not loaded");
		return;
	}
	mode = secret_file_mode(tok->secret);
	gid = secret_file_gid(tok->secret);
	result_evidence(ctx->rs, r, "file", secret_source(tok->secret), "mode %04o, owner uid %u, gid %u",
	                (unsigned)(mode & 07777), (unsigned)secret_file_uid(tok->secret), (unsigned)gid);
	if (secret_mode_judge(mode, gid, (mode & 0060) && local_group_allowed(ctx->policy, gid), how, sizeof(how)) !=
	    SECRET_MODE_TIGHT)
		result_status(ctx->rs, r, ZA_FAIL, "the token file %s: %s; use 0600 or systemd credentials",
		              secret_source(tok->secret), how);
	else
		result_status(ctx->rs, r, ZA_PASS, "the token file %s is %s", secret_source(tok->secret), how);
}

static void active_only(const struct endpoint *ep, struct za_result *r, const struct sd_doc *doc, const char *auth)
{
	struct probe_ctx *ctx = ep->ctx;
	const struct policy_labels *pl = &ctx->policy->labels;
	size_t bad = 0;

	if (!pl->inactive_label && !ep->d->historical_param) {
		result_skip(ctx->rs, r,
		            "the policy says neither which label marks inactive targets nor a historical mode");
		return;
	}
	for (size_t i = 0; i < doc->ng; i++)
		if (labels_inactive(pl, &doc->g[i])) {
			if (bad++ < 8)
				result_evidence(ctx->rs, r, "label", ep->d->url,
				                "group %zu: %s=\"%s\" in the default answer", i, pl->inactive_label,
				                sd_label(&doc->g[i], pl->inactive_label));
		}
	if (ep->d->historical_param) {
		/* targets that only historical mode should show must not be in the default answer */
		char url[ZA_MAX_URL + 300];
		struct http_resp resp = {0};
		struct sd_doc hist;
		char err[ZA_MAX_ERR];

		snprintf(url, sizeof(url), "%s%c%s", ep->d->url, strchr(ep->d->url, '?') ? '&' : '?',
		         ep->d->historical_param);
		if (fetch(ep, url, NULL, auth, 1, &resp) == 0 && resp.outcome == HTTP_ANSWERED && resp.status == 200 &&
		    sd_parse_json(resp.body, resp.body_len, &hist, err, sizeof(err)) == ZA_OK) {
			size_t only_hist = 0;
			for (size_t i = 0; i < hist.ng; i++) {
				int in_default = 0;
				for (size_t j = 0; j < doc->ng && !in_default; j++)
					for (size_t a = 0; a < hist.g[i].ntargets && !in_default; a++)
						for (size_t b = 0; b < doc->g[j].ntargets && !in_default; b++)
							in_default =
							        strcmp(hist.g[i].targets[a], doc->g[j].targets[b]) == 0;
				only_hist += !in_default;
				if (in_default && labels_inactive(pl, &hist.g[i]) && bad++ < 8)
					result_evidence(ctx->rs, r, "label", url,
					                "group %zu of historical mode is marked inactive and is also "
					                "in the default "
					                "answer",
					                i);
			}
			result_evidence(ctx->rs, r, "http", url,
			                "historical mode: %zu groups, %zu not in the default answer", hist.ng,
			                only_hist);
			sd_doc_free(&hist);
		} else {
			result_evidence(ctx->rs, r, "http", url, "historical mode could not be read (%s %ld)",
			                http_outcome_name(resp.outcome), resp.status);
		}
		http_resp_free(&resp);
	}
	if (bad)
		result_status(
		        ctx->rs, r, ZA_FAIL,
		        "%zu inactive or deleted target%s in the default answer: deleted containers must disappear",
		        bad, bad == 1 ? "" : "s");
	else
		result_status(ctx->rs, r, ZA_PASS, "only active targets by default");
}

/* can_send 0: the three token checks get status cant (skipped or error) and cant_why. */
static void with_token(struct endpoint *ep, const struct za_secret *real, int can_send, enum za_status cant,
                       const char *cant_why);

/* A 404 refuses only if the endpoint is there: when the real token got no
 * target list at the same URL, the refusals that rested on a 404 prove
 * nothing (a typo or an undeployed path 404s to everyone). */
static void accepted_or_not_found(struct endpoint *ep)
{
	const struct za_result *acc = NULL;

	for (size_t i = 0; i < ep->ctx->rs->n; i++)
		if (ep->ctx->rs->v[i]->check == check_get(CK_DISCOVERY_TOKEN_ACCEPTED) && ep->ctx->rs->v[i]->target &&
		    strcmp(ep->ctx->rs->v[i]->target, ep->d->url) == 0)
			acc = ep->ctx->rs->v[i];
	if (acc && acc->status == ZA_PASS)
		return;
	for (size_t i = 0; i < ep->non404; i++)
		if (ep->on404[i]->status == ZA_PASS)
			result_status(ep->ctx->rs, ep->on404[i], ZA_ERROR,
			              "refused with 404 Not Found, and the real token got no target list at this URL "
			              "either: is %s the discovery endpoint? A 404 proves a refusal only where the "
			              "endpoint exists",
			              ep->d->url);
}

/* Does another family compare with this endpoint's active set? */
static int active_set_wanted(const struct policy *p, const char *name)
{
	return (p->filesd.discovery && strcmp(p->filesd.discovery, name) == 0) ||
	       (p->readiness.discovery && strcmp(p->readiness.discovery, name) == 0);
}

static void with_token(struct endpoint *ep, const struct za_secret *real, int can_send, enum za_status cant,
                       const char *cant_why)
{
	struct probe_ctx *ctx = ep->ctx;
	const struct policy_discovery *d = ep->d;
	struct sd_doc doc;
	int have_doc = 0;
	char *auth = NULL;
	static const char *const qnames[] = {"token", "access_token"};
	long t0 = probe_now_ms();
	struct za_result *acc = probe_begin(ctx, check_get(CK_DISCOVERY_TOKEN_ACCEPTED), NULL, d->url);
	struct za_result *inq = probe_begin(ctx, check_get(CK_DISCOVERY_TOKEN_IN_QUERY), NULL, d->url);
	struct za_result *act = probe_begin(ctx, check_get(CK_DISCOVERY_ACTIVE_ONLY), NULL, d->url);
	struct za_result *all[] = {acc, inq, act};

	memset(&doc, 0, sizeof(doc));
	if (!can_send) {
		for (size_t i = 0; i < 3; i++)
			if (all[i]) {
				if (cant == ZA_ERROR)
					result_status(ctx->rs, all[i], ZA_ERROR, "%s", cant_why);
				else
					result_skip(ctx->rs, all[i], "%s", cant_why);
				probe_end(ctx, all[i], t0);
			}
		labels_unjudged(ctx, d->url, cant == ZA_ERROR ? ZA_ERROR : ZA_SKIPPED, cant_why);
		return;
	}
	auth = secret_auth_header(real, "Bearer");
	/* the answer to the real token: judged by token-accepted, and needed by
	 * active-only and by whoever compares with this endpoint's active set
	 * (file_sd, the live targets), even when a profile leaves the check out */
	if (acc || act || active_set_wanted(ctx->policy, d->name)) {
		struct http_resp resp = {0};
		struct sd_body sd;
		if (!ep->https)
			result_evidence(ctx->rs, acc, "transport", d->url,
			                "the token was sent over plain HTTP (lab policy)");
		if (auth && fetch(ep, d->url, NULL, auth, 1, &resp) == 0) {
			/* an answer over the cap is not judged: parsing its first
			 * limits.answer_bytes would only build a tree of a document
			 * that cannot be whole (cJSON needs ~10 times its size) */
			sd_body_scan(resp.body_truncated ? NULL : resp.body, resp.body_len, &sd);
			if (resp.body_truncated) /* what the scan would have said without parsing */
				sd.mentions_targets = memmem(resp.body, resp.body_len, "targets", 7) != NULL;
			answer_evidence(ctx, acc, d->url, "with the monitoring token", &resp, &sd);
			judge_accepted(ctx, acc, &resp, &doc, &have_doc);
		} else {
			result_status(ctx->rs, acc, ZA_ERROR, "out of memory");
		}
		http_resp_free(&resp);
		if (acc)
			probe_end(ctx, acc, t0);
	}
	if (inq) {
		struct multi m = {0};
		char msg[ZA_MAX_ERR];
		for (size_t q = 0; q < 2; q++) {
			char *url = secret_url_param(real, d->url, qnames[q]), what[64];
			snprintf(what, sizeof(what), "with the token in ?%s=", qnames[q]);
			multi_add(&m, url ? try_reject(ep, inq, url, NULL, NULL, what, msg, sizeof(msg)) : ZA_ERROR,
			          url ? msg : "out of memory");
			secret_wipe_free(url);
		}
		if (m.st == ZA_FAIL)
			result_status(ctx->rs, inq, ZA_FAIL,
			              "the token is accepted in the query string (it ends up in access "
			              "logs and in Prometheus's __meta_url): %s",
			              m.msg);
		else
			result_status(ctx->rs, inq, m.st, "%s",
			              m.st == ZA_PASS ? "a token in the query string is refused" : m.msg);
		probe_end(ctx, inq, t0);
	}
	if (act) {
		if (have_doc)
			active_only(ep, act, &doc, auth);
		else
			result_status(ctx->rs, act, ZA_ERROR,
			              "no valid target list to judge (see discovery.token-accepted)");
		probe_end(ctx, act, t0);
	}
	if (have_doc) {
		labels_judge(ctx, &doc, d->url);
		probe_keep_active(ctx, d->name, &doc); /* file_sd compares against it */
	} else {
		labels_unjudged(ctx, d->url, ZA_ERROR,
		                "the real token got no target list to judge (see discovery.token-accepted)");
	}
	secret_wipe_free(auth);
	sd_doc_free(&doc);
}

/* Resolve the endpoint and make its random credentials (before prefetching). */
static void prepare(struct probe_ctx *ctx, const struct policy_discovery *d, struct endpoint *ep)
{
	const struct probe_token *tok = probe_token(ctx, d->token_file);
	const struct za_secret *real = tok ? tok->secret : NULL;
	struct za_secret *wrong, *junk;

	memset(ep, 0, sizeof(*ep));
	ep->ctx = ctx;
	ep->d = d;
	ep->https = http_url_is_https(d->url);
	if (http_url_host(d->url, ep->host, sizeof(ep->host)) != 0)
		za_seterr(ep->err, sizeof(ep->err), "no host in the URL");
	else
		ep->resolved = http_resolve(ep->host, ep->ip, sizeof(ep->ip), ep->err, sizeof(ep->err)) == ZA_OK;
	/* a random bearer token of the real one's length (never equal to it), and
	 * "zlh-audit:<random>" in base64: a Basic credential that is no bearer token */
	wrong = secret_random_hex(real ? secret_len(real) : 32, real);
	junk = secret_random_hex(24, NULL);
	ep->wrong_hdr = wrong ? secret_auth_header(wrong, "Bearer") : NULL;
	ep->basic_hdr = junk ? secret_auth_header(junk, "Basic") : NULL;
	secret_free(wrong);
	secret_free(junk);
}

/* ---- the refusal checks: one function each, run from the table below ---- */

static void refuse_one(struct endpoint *ep, struct za_result *r, const char *header, const char *what)
{
	char msg[ZA_MAX_ERR];
	enum za_status st = try_reject(ep, r, ep->d->url, NULL, header, what, msg, sizeof(msg));

	result_status(ep->ctx->rs, r, st, "%s", msg);
}

static void refuse_tokenless(struct endpoint *ep, struct za_result *r)
{
	refuse_one(ep, r, NULL, "without a token");
}

static void refuse_empty_bearer(struct endpoint *ep, struct za_result *r)
{
	refuse_one(ep, r, "Authorization: Bearer ", "with an empty bearer token");
}

static void refuse_wrong_bearer(struct endpoint *ep, struct za_result *r)
{
	if (!ep->wrong_hdr)
		result_status(ep->ctx->rs, r, ZA_ERROR, "could not make a random token");
	else
		refuse_one(ep, r, ep->wrong_hdr, "with a wrong bearer token");
}

static void refuse_basic(struct endpoint *ep, struct za_result *r)
{
	if (!ep->basic_hdr)
		result_status(ep->ctx->rs, r, ZA_ERROR, "could not make a credential");
	else
		refuse_one(ep, r, ep->basic_hdr, "with Basic credentials");
}

static void refuse_debug_modes(struct endpoint *ep, struct za_result *r)
{
	const struct policy_discovery *d = ep->d;
	struct multi m = {0};
	char msg[ZA_MAX_ERR];

	if (!d->ndebug_params && !d->historical_param) {
		result_skip(ep->ctx->rs, r, "the policy names no historical/debug parameters for '%s'", d->name);
		return;
	}
	for (size_t q = 0; q < d->ndebug_params + (d->historical_param ? 1 : 0); q++) {
		const char *param = q < d->ndebug_params ? d->debug_params[q] : d->historical_param;
		char url[ZA_MAX_URL + 300], what[300];
		snprintf(url, sizeof(url), "%s%c%s", d->url, strchr(d->url, '?') ? '&' : '?', param);
		snprintf(what, sizeof(what), "?%s without a token", param);
		multi_add(&m, try_reject(ep, r, url, NULL, NULL, what, msg, sizeof(msg)), msg);
	}
	result_status(ep->ctx->rs, r, m.st, "%s",
	              m.st == ZA_PASS ? "every historical/debug mode demands the token" : m.msg);
}

static void refuse_methods(struct endpoint *ep, struct za_result *r)
{
	static const char *const methods[] = {"HEAD", "OPTIONS", "POST"};
	struct multi m = {0};
	char msg[ZA_MAX_ERR];

	for (size_t q = 0; q < 3; q++) {
		char what[64];
		snprintf(what, sizeof(what), "%s without a token", methods[q]);
		multi_add(&m, try_reject(ep, r, ep->d->url, methods[q], NULL, what, msg, sizeof(msg)), msg);
	}
	result_status(ep->ctx->rs, r, m.st, "%s",
	              m.st == ZA_PASS ? "HEAD, OPTIONS and POST without a token are refused" : m.msg);
}

static const struct {
	enum check_id check;
	void (*run)(struct endpoint *ep, struct za_result *r);
} refusal_checks[] = {
        {CK_DISCOVERY_TOKENLESS, refuse_tokenless},    {CK_DISCOVERY_EMPTY_BEARER, refuse_empty_bearer},
        {CK_DISCOVERY_BAD_TOKEN, refuse_wrong_bearer}, {CK_DISCOVERY_WRONG_SCHEME, refuse_basic},
        {CK_DISCOVERY_DEBUG_MODE, refuse_debug_modes}, {CK_DISCOVERY_METHODS, refuse_methods},
};

static void one_endpoint(struct endpoint *ep)
{
	struct probe_ctx *ctx = ep->ctx;
	const struct policy_discovery *d = ep->d;
	const struct probe_token *tok = probe_token(ctx, d->token_file);
	const struct za_secret *real = tok ? tok->secret : NULL;
	int dev = ctx->profile && ctx->profile->development_mode;
	int resolved = ep->resolved;
	const char *err = ep->err;
	for (size_t k = 0; k < sizeof(refusal_checks) / sizeof(refusal_checks[0]); k++) {
		long t0 = probe_now_ms();
		struct za_result *r = probe_begin(ctx, check_get(refusal_checks[k].check), NULL, d->url);

		if (!r)
			continue;
		if (dev) {
			result_skip(ctx->rs, r,
			            "profile '%s' is an explicit development/test mode: tokenless discovery is "
			            "allowed there",
			            ctx->profile->name);
		} else if (!resolved) {
			result_evidence(ctx->rs, r, "dns", d->url, "%s", err);
			result_status(ctx->rs, r, ZA_ERROR, "could not test the endpoint: %s", err);
		} else {
			refusal_checks[k].run(ep, r);
		}
		probe_end(ctx, r, t0);
	}
	{
		long t0 = probe_now_ms();
		struct za_result *r = probe_begin(ctx, check_get(CK_DISCOVERY_TOKEN_FILE), NULL, d->url);
		if (r) {
			token_file_check(ctx, r, d, tok);
			probe_end(ctx, r, t0);
		}
	}
	{
		char why[ZA_MAX_ERR + 64] = "";
		int can = 0;
		enum za_status cant = ZA_SKIPPED; /* nothing to send, or not allowed to: not judged */
		if (!d->token_file)
			snprintf(why, sizeof(why), "no token file is configured for discovery endpoint '%s'", d->name);
		else if (!real) {
			cant = ZA_ERROR; /* the scanner could not see: never a skip */
			snprintf(why, sizeof(why), "the token file '%s' could not be read: %.400s", d->token_file,
			         tok ? tok->error : "not loaded");
		} else if (!ep->https && !d->allow_plaintext_token && !http_addr_is_loopback(ep->host))
			snprintf(why, sizeof(why),
			         "the token is not sent over plain HTTP to a non-loopback host (see "
			         "tls.required; allow_plaintext_token is for labs)");
		else if (!resolved)
			snprintf(why, sizeof(why), "could not test the endpoint: %.400s", err);
		else
			can = 1;
		with_token(ep, real, can, cant, why);
		accepted_or_not_found(ep);
	}
}

void discovery_run(struct probe_ctx *ctx)
{
	size_t n = ctx->policy->ndiscovery;
	struct endpoint *eps = calloc(n + 1, sizeof(*eps));
	struct engine *eng = NULL;
	int dev = ctx->profile && ctx->profile->development_mode;

	if (!eps)
		return;
	for (size_t i = 0; i < n; i++) {
		prepare(ctx, &ctx->policy->discovery[i], &eps[i]);
		if (!dev && eps[i].resolved)
			plan_prefetch(&eps[i]);
	}
	/* every endpoint's tokenless matrix at once, bounded, under the run's deadline */
	if (engine_new(ctx->jobs && ctx->jobs < 32 ? ctx->jobs : 32, &eng) == ZA_OK) {
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < eps[i].npf; k++) {
				const char *headers[2] = {eps[i].pf[k].header, NULL};
				struct http_req req;
				build_req(&eps[i], eps[i].pf[k].url, eps[i].pf[k].method, headers, 0, &req);
				if (engine_submit(eng, &req, on_prefetched, &eps[i].pf[k]) != ZA_OK)
					break;
			}
		(void)engine_run(eng, ctx->deadline_ms);
		engine_free(eng);
	}
	for (size_t i = 0; i < n; i++) {
		one_endpoint(&eps[i]);
		free_prefetch(&eps[i]);
	}
	free(eps);
}
