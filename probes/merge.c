/* merge.c - merging run reports into one launch report (see merge.h). */
#include "merge.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "clauses.h"
#include "plan.h"
#include "report.h"
#include "severity.h"
#include "verdict.h"
#include "waiver.h"

static cJSON *str_item(cJSON *o, const char *key, const char *v)
{
	return cJSON_AddStringToObject(o, key, v ? v : "");
}

/* The later of two ISO-8601 UTC stamps (they compare as strings). */
static const char *later(const char *a, const char *b)
{
	return strcmp(a, b) >= 0 ? a : b;
}

static const char *earlier(const char *a, const char *b)
{
	return !*a ? b : !*b ? a : strcmp(a, b) <= 0 ? a : b;
}

static const char *started_of(const cJSON *doc)
{
	return report_str(cJSON_GetObjectItemCaseSensitive(doc, "run"), "started_at");
}

/* A result of the merge's own checks, shaped like any other. */
static cJSON *result_of(const struct check_def *c, const char *status, const char *target, const char *vantage,
                        const char *message);

static cJSON *own_result(enum check_id id, const char *status, const char *target, const char *message)
{
	return result_of(check_get(id), status, target, "merged", message);
}

static cJSON *result_of(const struct check_def *c, const char *status, const char *target, const char *vantage,
                        const char *message)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !c)
		return o;
	str_item(o, "id", c->id);
	str_item(o, "title", c->title);
	str_item(o, "contract", c->contract);
	str_item(o, "severity", severity_name(c->severity));
	str_item(o, "status", status);
	str_item(o, "target", target);
	str_item(o, "vantage", vantage);
	str_item(o, "message", message);
	cJSON_AddArrayToObject(o, "evidence");
	str_item(o, "remediation", c->remediation);
	cJSON_AddNumberToObject(o, "duration_ms", 0);
	cJSON_AddBoolToObject(o, "required", 1);
	cJSON_AddNullToObject(o, "waiver");
	return o;
}

/* A result with the same check, target and vantage in arr, or NULL. */
static cJSON *find_same(const cJSON *arr, const cJSON *c)
{
	for (cJSON *x = arr->child; x; x = x->next)
		if (strcmp(report_str(x, "id"), report_str(c, "id")) == 0 &&
		    strcmp(report_str(x, "target"), report_str(c, "target")) == 0 &&
		    strcmp(report_str(x, "vantage"), report_str(c, "vantage")) == 0)
			return x;
	return NULL;
}

/* ---- shards (scan --shard I/N) ----
 * The shards of one scan share vantage name, policy sha256 and N. Each holds
 * a part of the endpoints; a result two shards both hold (a range's counted
 * passes) is combined: the worse status, both evidence lists. Once all N are
 * there, the checks the scan's plan implies that no shard decided get the
 * result a whole scan gives them (plan_absent). */
struct shard_group {
	char key[300];
	char vantage[ZA_MAX_NAME + 1];
	long count;
	unsigned char have[ZA_MAX_SHARDS + 1];
	const cJSON *plan; /* run.shard.plan of its first shard (borrowed) */
};

static int worse(const char *a, const char *b)
{
	static const char *const order[] = {"fail", "error", "waived", "pass", "skipped"};
	int ra = 1, rb = 1;

	for (int i = 0; i < 5; i++) {
		ra = strcmp(a, order[i]) == 0 ? i : ra;
		rb = strcmp(b, order[i]) == 0 ? i : rb;
	}
	return ra < rb;
}

/* x and c: one result of two shards. x becomes the worse, with both evidence lists. */
static void combine(cJSON *checks, cJSON *x, cJSON *c)
{
	cJSON *keep = worse(report_str(c, "status"), report_str(x, "status")) ? c : x;
	cJSON *other = keep == c ? x : c;
	cJSON *kev = cJSON_GetObjectItemCaseSensitive(keep, "evidence");
	const cJSON *oev = cJSON_GetObjectItemCaseSensitive(other, "evidence");
	long dropped = report_long(keep, "evidence_dropped", 0) + report_long(other, "evidence_dropped", 0);

	for (const cJSON *e = cJSON_IsArray(oev) ? oev->child : NULL; cJSON_IsArray(kev) && e; e = e->next) {
		if (cJSON_GetArraySize(kev) >= (int)ZA_MAX_EVIDENCE_ITEMS) {
			dropped++;
			continue;
		}
		cJSON_AddItemToArray(kev, cJSON_Duplicate(e, 1));
	}
	if (dropped) {
		cJSON_DeleteItemFromObjectCaseSensitive(keep, "evidence_dropped");
		cJSON_AddNumberToObject(keep, "evidence_dropped", (double)dropped);
	}
	if (report_num(other, "duration_ms", 0) > report_num(keep, "duration_ms", 0))
		cJSON_ReplaceItemInObjectCaseSensitive(keep, "duration_ms",
		                                       cJSON_CreateNumber(report_num(other, "duration_ms", 0)));
	if (keep == c)
		cJSON_ReplaceItemViaPointer(checks, x, cJSON_Duplicate(c, 1));
}

static int cmp_checks(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int r = strcmp(report_str(x, "id"), report_str(y, "id"));

	if (!r)
		r = strcmp(report_str(x, "target"), report_str(y, "target"));
	return r ? r : strcmp(report_str(x, "vantage"), report_str(y, "vantage"));
}

/* Indexes of docs in order of their start, so a later run of the same
 * vantage wins; NULL when out of memory. */
static size_t *run_order(const cJSON *const *docs, size_t n)
{
	size_t *order = calloc(n + 1, sizeof(*order));

	if (!order)
		return NULL;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(started_of(docs[order[j - 1]]), started_of(docs[order[j]])) > 0;
		     j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	return order;
}

struct merge_acc {
	cJSON *runs, *checks, *findings;
	struct shard_group *groups; /* one per sharded scan, ZA_MAX_MERGE_RUNS at most */
	size_t ngroups;
	cJSON *roles, *addrs; /* every role and source address of the runs, once each */
	char hosts[512];      /* their host names, once each */
	const cJSON *pol0;    /* the first run's policy: the one every run must use */
	const char *started, *finished;
	size_t mismatch;
	char msg[1024]; /* the runs that used another policy */
};

/* s into the string array arr unless it is there. */
static void add_once(cJSON *arr, const char *s)
{
	for (const cJSON *x = arr ? arr->child : NULL; x; x = x->next)
		if (cJSON_IsString(x) && strcmp(x->valuestring, s) == 0)
			return;
	if (arr && *s)
		cJSON_AddItemToArray(arr, cJSON_CreateString(s));
}

/* One run into the merge: its line in runs, its results (replacing an
 * earlier run's of the same check, target and vantage), its findings. */
static void add_run(struct merge_acc *a, const cJSON *doc, const char *name)
{
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(doc, "run");
	const cJSON *van = cJSON_GetObjectItemCaseSensitive(doc, "vantage");
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(doc, "policy");
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	const cJSON *fs = cJSON_GetObjectItemCaseSensitive(doc, "findings");
	const cJSON *sh = cJSON_GetObjectItemCaseSensitive(run, "shard");
	long sidx = report_long(sh, "index", 0), scnt = report_long(sh, "count", 0);
	struct shard_group *grp = NULL;
	cJSON *r = cJSON_CreateObject(), *x;

	str_item(r, "file", name);
	str_item(r, "id", report_str(run, "id"));
	str_item(r, "started_at", report_str(run, "started_at"));
	str_item(r, "finished_at", report_str(run, "finished_at"));
	cJSON_AddNumberToObject(r, "duration_ms", report_num(run, "duration_ms", 0));
	x = cJSON_AddObjectToObject(r, "vantage");
	str_item(x, "name", report_str(van, "name"));
	str_item(x, "role", report_str(van, "role"));
	str_item(x, "kind", report_str(van, "kind"));
	str_item(x, "hostname", report_str(van, "hostname"));
	{
		const cJSON *sa = cJSON_GetObjectItemCaseSensitive(van, "source_addresses");
		cJSON *out = cJSON_AddArrayToObject(x, "source_addresses");
		for (const cJSON *s = cJSON_IsArray(sa) ? sa->child : NULL; s; s = s->next)
			if (cJSON_IsString(s)) {
				cJSON_AddItemToArray(out, cJSON_CreateString(s->valuestring));
				add_once(a->addrs, s->valuestring);
			}
	}
	add_once(a->roles, report_str(van, "role"));
	if (*report_str(van, "hostname") && !strstr(a->hosts, report_str(van, "hostname")))
		snprintf(a->hosts + strlen(a->hosts), sizeof(a->hosts) - strlen(a->hosts), "%s%s",
		         *a->hosts ? ", " : "", report_str(van, "hostname"));
	x = cJSON_AddObjectToObject(r, "policy");
	str_item(x, "name", report_str(pol, "name"));
	str_item(x, "version", report_str(pol, "version"));
	str_item(x, "profile", report_str(pol, "profile"));
	str_item(x, "sha256", report_str(pol, "sha256"));
	str_item(r, "verdict", report_str(doc, "verdict"));
	if (cJSON_IsObject(sh)) {
		/* a shard: its group (vantage, policy, N), its index recorded; a bad
		 * index or count joins no group and makes the group incomplete */
		char key[300];
		x = cJSON_AddObjectToObject(r, "shard");
		cJSON_AddNumberToObject(x, "index", (double)sidx);
		cJSON_AddNumberToObject(x, "count", (double)scnt);
		snprintf(key, sizeof(key), "%.127s\x1f%.64s\x1f%ld", report_str(van, "name"), report_str(pol, "sha256"),
		         scnt);
		for (size_t g = 0; g < a->ngroups && !grp; g++)
			if (strcmp(a->groups[g].key, key) == 0)
				grp = &a->groups[g];
		if (!grp && a->groups) {
			grp = &a->groups[a->ngroups++];
			memset(grp, 0, sizeof(*grp));
			snprintf(grp->key, sizeof(grp->key), "%s", key);
			snprintf(grp->vantage, sizeof(grp->vantage), "%s", report_str(van, "name"));
			grp->count = scnt;
			grp->plan = cJSON_GetObjectItemCaseSensitive(sh, "plan");
		}
		if (grp && scnt >= 1 && scnt <= ZA_MAX_SHARDS && sidx >= 1 && sidx <= scnt)
			grp->have[sidx] = 1;
	}
	cJSON_AddItemToArray(a->runs, r);
	a->started = earlier(a->started, report_str(run, "started_at"));
	a->finished = later(a->finished, report_str(run, "finished_at"));
	if (strcmp(report_str(pol, "name"), report_str(a->pol0, "name")) != 0 ||
	    strcmp(report_str(pol, "version"), report_str(a->pol0, "version")) != 0 ||
	    strcmp(report_str(pol, "sha256"), report_str(a->pol0, "sha256")) != 0) {
		a->mismatch++;
		snprintf(a->msg + strlen(a->msg), sizeof(a->msg) - strlen(a->msg), "%s%s uses %s v%s",
		         *a->msg ? "; " : "", name, report_str(pol, "name"), report_str(pol, "version"));
	}
	for (const cJSON *c = cJSON_IsArray(cs) ? cs->child : NULL; c; c = c->next) {
		cJSON *same = find_same(a->checks, c);
		cJSON *dup = cJSON_Duplicate(c, 1);
		if (!dup)
			continue;
		/* which shard it came from, until the merge is done (shard_untag) */
		cJSON_DeleteItemFromObjectCaseSensitive(dup, "_shard");
		cJSON_DeleteItemFromObjectCaseSensitive(dup, "_shard_index");
		if (grp) {
			cJSON_AddStringToObject(dup, "_shard", grp->key);
			cJSON_AddNumberToObject(dup, "_shard_index", (double)sidx);
		}
		if (same && grp && strcmp(report_str(same, "_shard"), grp->key) == 0 &&
		    report_long(same, "_shard_index", 0) != sidx) {
			combine(a->checks, same, dup); /* two shards' parts of one result */
			cJSON_Delete(dup);
		} else if (same) {
			cJSON_ReplaceItemViaPointer(a->checks, same, dup); /* a later run of the same vantage */
		} else {
			cJSON_AddItemToArray(a->checks, dup);
		}
	}
	for (const cJSON *f = cJSON_IsArray(fs) ? fs->child : NULL; f; f = f->next)
		cJSON_AddItemToArray(a->findings, cJSON_Duplicate(f, 1));
}

/* merge.required-vantages and merge.policy-consistent. */
static void own_checks(struct merge_acc *a, const cJSON *const *docs, size_t n, const char *const *required_roles)
{
	char need[256] = "", target[256] = "";

	for (size_t r = 0; required_roles[r]; r++) {
		int have = 0;
		for (size_t i = 0; i < n; i++)
			have |= strcmp(report_str(cJSON_GetObjectItemCaseSensitive(docs[i], "vantage"), "role"),
			               required_roles[r]) == 0;
		snprintf(target + strlen(target), sizeof(target) - strlen(target), "%s%s", r ? "," : "",
		         required_roles[r]);
		if (!have)
			snprintf(need + strlen(need), sizeof(need) - strlen(need), "%s%s", *need ? ", " : "",
			         required_roles[r]);
	}
	if (*need) {
		char m[512];
		snprintf(m, sizeof(m), "no run from a vantage of role %s: the launch decision lacks that view", need);
		cJSON_AddItemToArray(a->checks, own_result(CK_MERGE_REQUIRED_VANTAGES, "error", target, m));
	} else {
		cJSON_AddItemToArray(a->checks, own_result(CK_MERGE_REQUIRED_VANTAGES, "pass", target,
		                                           "a run of every required vantage role is present"));
	}
	cJSON_AddItemToArray(a->checks,
	                     a->mismatch ? own_result(CK_MERGE_POLICY_CONSISTENT, "fail", "runs", a->msg)
	                                 : own_result(CK_MERGE_POLICY_CONSISTENT, "pass", "runs",
	                                              "every run used the same policy name, version and sha256"));
}

/* The checks the plan of a complete shard group implies that no shard
 * decided: what a whole scan's plan_fill gives them. */
static void fill_plan(struct merge_acc *a, const struct shard_group *g)
{
	for (const cJSON *id = cJSON_IsArray(g->plan) ? g->plan->child : NULL; id; id = id->next) {
		const struct check_def *c = cJSON_IsString(id) ? checks_find(id->valuestring) : NULL;
		const char *absent;
		int have = 0;
		if (!c)
			continue;
		for (const cJSON *x = a->checks->child; x && !have; x = x->next)
			have = strcmp(report_str(x, "id"), c->id) == 0 &&
			       strcmp(report_str(x, "vantage"), g->vantage) == 0;
		if (have)
			continue;
		absent = plan_absent(c->id);
		cJSON_AddItemToArray(
		        a->checks,
		        result_of(c, absent ? "skipped" : "error", "(none)", g->vantage,
		                  absent ? absent
		                         : "the policy implies this check but no shard decided it (a scanner "
		                           "bug: please report it)"));
	}
}

/* merge.shards-complete (only when a run is a shard), the plan of each
 * complete group, and the results untagged. */
static void shard_checks(struct merge_acc *a)
{
	char msg[1024] = "", what[1024] = "";
	size_t incomplete = 0;

	for (size_t i = 0; i < a->ngroups; i++) {
		const struct shard_group *g = &a->groups[i];
		char missing[512] = "";
		size_t nmiss = 0;
		for (long k = 1; k <= g->count && k <= ZA_MAX_SHARDS; k++)
			if (!g->have[k] && nmiss++ < 32)
				snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%s%ld",
				         *missing ? ", " : "", k);
		if (g->count < 1 || g->count > ZA_MAX_SHARDS || nmiss) {
			incomplete++;
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "%s%s: %zu of %ld shards missing (%s%s)",
			         *msg ? "; " : "", g->vantage, nmiss, g->count,
			         g->count < 1 || g->count > ZA_MAX_SHARDS ? "a shard count out of range" : missing,
			         nmiss > 32 ? ", ..." : "");
		} else {
			fill_plan(a, g);
			snprintf(what + strlen(what), sizeof(what) - strlen(what), "%s%s (%ld shards)",
			         *what ? ", " : "", g->vantage, g->count);
		}
	}
	if (incomplete) {
		char m[1200];
		snprintf(m, sizeof(m), "the endpoints of a missing shard were not judged: %s", msg);
		cJSON_AddItemToArray(a->checks, own_result(CK_MERGE_SHARDS_COMPLETE, "error", "shards", m));
	} else if (a->ngroups) {
		char m[1200];
		snprintf(m, sizeof(m), "every shard of each sharded scan is here, once: %s", what);
		cJSON_AddItemToArray(a->checks, own_result(CK_MERGE_SHARDS_COMPLETE, "pass", "shards", m));
	}
	for (cJSON *x = a->checks->child; x; x = x->next) {
		cJSON_DeleteItemFromObjectCaseSensitive(x, "_shard");
		cJSON_DeleteItemFromObjectCaseSensitive(x, "_shard_index");
	}
}

/* Sort checks by check, target, vantage, apply the waivers and compute the
 * verdict; -1 when out of memory. */
static int judge(cJSON *checks, struct waivers *waivers, enum za_severity gate, struct za_summary *s,
                 enum za_verdict *v)
{
	size_t nchecks = (size_t)cJSON_GetArraySize(checks), k = 0;
	cJSON **sorted = calloc(nchecks + 1, sizeof(*sorted));
	struct verdict_input *in = calloc(nchecks + 1, sizeof(*in));

	if (!sorted || !in) {
		free(sorted);
		free(in);
		return -1;
	}
	while (checks->child) {
		cJSON *c = cJSON_DetachItemViaPointer(checks, checks->child);
		sorted[k++] = c;
	}
	qsort(sorted, k, sizeof(*sorted), cmp_checks);
	for (size_t i = 0; i < k; i++) {
		const cJSON *req = cJSON_GetObjectItemCaseSensitive(sorted[i], "required");
		if (waivers)
			waivers_apply_json(waivers, sorted[i]);
		int st = status_parse(report_str(sorted[i], "status")),
		    sev = severity_parse(report_str(sorted[i], "severity"));
		in[i].status = st < 0 ? ZA_ERROR : (enum za_status)st;
		in[i].severity = sev < 0 ? ZA_SEV_CRITICAL : (enum za_severity)sev;
		in[i].required = !cJSON_IsBool(req) || cJSON_IsTrue(req);
		cJSON_AddItemToArray(checks, sorted[i]);
	}
	*v = verdict_compute(in, k, gate, s);
	free(sorted);
	free(in);
	return 0;
}

/* run, vantage, policy, verdict and summary of the merged report. */
static void add_header(cJSON *out, struct merge_acc *a, const char *role, enum za_severity gate, enum za_verdict v,
                       const struct za_summary *s)
{
	char id[64], stamp[32];
	unsigned char rnd[2] = {0, 0};
	cJSON *o, *sum, *fbs;

	(void)RAND_bytes(rnd, 2);
	snprintf(stamp, sizeof(stamp), "%s", *a->finished ? a->finished : "1970-01-01T00:00:00Z");
	snprintf(id, sizeof(id), "merged-%.4s%.2s%.2sT%.2s%.2s%.2sZ-%02x%02x", stamp, stamp + 5, stamp + 8, stamp + 11,
	         stamp + 14, stamp + 17, rnd[0], rnd[1]);
	o = cJSON_AddObjectToObject(out, "run");
	str_item(o, "id", id);
	str_item(o, "started_at", a->started);
	str_item(o, "finished_at", a->finished);
	cJSON_AddNumberToObject(o, "duration_ms", 0);
	/* schema v1's vantage fields: role is the one the launch decision needs
	 * (the first required role); roles, every role merged */
	o = cJSON_AddObjectToObject(out, "vantage");
	str_item(o, "name", "merged");
	str_item(o, "role", role);
	str_item(o, "kind", "merged");
	str_item(o, "hostname", a->hosts);
	cJSON_AddItemToObject(o, "source_addresses", a->addrs);
	cJSON_AddItemToObject(o, "roles", a->roles);
	a->addrs = a->roles = NULL;
	o = cJSON_AddObjectToObject(out, "policy");
	str_item(o, "name", report_str(a->pol0, "name"));
	str_item(o, "version", report_str(a->pol0, "version"));
	str_item(o, "profile", report_str(a->pol0, "profile"));
	str_item(o, "sha256", report_str(a->pol0, "sha256"));
	str_item(o, "gate_severity", severity_name(gate));
	str_item(out, "verdict", verdict_name(v));
	sum = cJSON_AddObjectToObject(out, "summary");
	cJSON_AddNumberToObject(sum, "total", (double)s->total);
	for (int st = 0; st < ZA_STATUS_COUNT; st++)
		cJSON_AddNumberToObject(sum, status_name((enum za_status)st), (double)s->by_status[st]);
	fbs = cJSON_AddObjectToObject(sum, "fail_by_severity");
	for (int sv = ZA_SEV_COUNT - 1; sv >= 0; sv--)
		cJSON_AddNumberToObject(fbs, severity_name((enum za_severity)sv), (double)s->fail_by_severity[sv]);
}

/* Each run's waivers, listed together (a result keeps its own waiver). */
static void add_waivers(cJSON *out, const cJSON *const *docs, const char *const *names, size_t n,
                        struct waivers *waivers)
{
	static const char *const lists[] = {"used", "expired", "unused"};
	cJSON *wo = waivers ? waivers_json(waivers) : NULL;

	if (wo)
		cJSON_AddItemToObject(out, "waivers", wo);
	for (size_t i = 0; i < n; i++) {
		const cJSON *w = cJSON_GetObjectItemCaseSensitive(docs[i], "waivers");
		if (!cJSON_IsObject(w))
			continue;
		if (!wo) {
			wo = cJSON_AddObjectToObject(out, "waivers");
			str_item(wo, "file", report_str(w, "file"));
			str_item(wo, "sha256", report_str(w, "sha256"));
			str_item(wo, "today", report_str(w, "today"));
			for (size_t l = 0; l < 3; l++)
				cJSON_AddArrayToObject(wo, lists[l]);
		}
		for (size_t l = 0; l < 3; l++) {
			const cJSON *arr = cJSON_GetObjectItemCaseSensitive(w, lists[l]);
			for (const cJSON *x = cJSON_IsArray(arr) ? arr->child : NULL; x; x = x->next) {
				cJSON *d = cJSON_Duplicate(x, 1);
				if (d) {
					cJSON_AddStringToObject(d, "run", names[i]);
					cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(wo, lists[l]), d);
				}
			}
		}
	}
}

cJSON *merge_reports(const cJSON *const *docs, const char *const *names, size_t n, const char *const *required_roles,
                     struct waivers *waivers)
{
	static const char *const def_roles[] = {"untrusted", NULL};
	cJSON *out = cJSON_CreateObject(), *o;
	struct merge_acc a;
	struct za_summary s;
	enum za_verdict v;
	enum za_severity gate;
	int g;
	size_t *order = run_order(docs, n);

	memset(&a, 0, sizeof(a));
	a.runs = cJSON_CreateArray();
	a.checks = cJSON_CreateArray();
	a.findings = cJSON_CreateArray();
	a.roles = cJSON_CreateArray();
	a.addrs = cJSON_CreateArray();
	a.groups = calloc(n + 1, sizeof(*a.groups));
	a.pol0 = n ? cJSON_GetObjectItemCaseSensitive(docs[0], "policy") : NULL;
	a.started = a.finished = "";
	g = severity_parse(report_str(a.pol0, "gate_severity"));
	gate = g < 0 ? ZA_SEV_HIGH : (enum za_severity)g;
	if (!out || !order || !a.runs || !a.checks || !a.findings || !a.roles || !a.addrs || !a.groups)
		goto fail;
	str_item(out, "schema", ZA_REPORT_SCHEMA);
	o = cJSON_AddObjectToObject(out, "tool");
	str_item(o, "name", ZA_TOOL_NAME);
	str_item(o, "version", ZA_VERSION);
	for (size_t oi = 0; oi < n; oi++)
		add_run(&a, docs[order[oi]], names[order[oi]]);
	own_checks(&a, docs, n, required_roles ? required_roles : def_roles);
	shard_checks(&a);
	if (judge(a.checks, waivers, gate, &s, &v) != 0)
		goto fail;
	free(order);
	free(a.groups);
	add_header(out, &a, required_roles && required_roles[0] ? required_roles[0] : def_roles[0], gate, v, &s);
	add_waivers(out, docs, names, n, waivers);
	cJSON_AddItemToObject(out, "runs", a.runs);
	cJSON_AddItemToObject(out, "checks", a.checks);
	cJSON_AddItemToObject(out, "findings", a.findings);
	if (clauses_add(out) != 0) {
		cJSON_Delete(out);
		return NULL;
	}
	return out;
fail:
	free(order);
	free(a.groups);
	cJSON_Delete(a.runs);
	cJSON_Delete(a.checks);
	cJSON_Delete(a.findings);
	cJSON_Delete(a.roles);
	cJSON_Delete(a.addrs);
	cJSON_Delete(out);
	return NULL;
}
