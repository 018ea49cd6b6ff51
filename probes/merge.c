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
#include "scan.h"
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

/* ---- the merged results, indexed by (check, target, vantage) ---- */
struct rindex {
	cJSON **slot; /* open addressing; NULL empty */
	size_t n, cap;
};

static size_t rkey(const cJSON *c)
{
	const char *parts[3] = {report_str(c, "id"), report_str(c, "target"), report_str(c, "vantage")};
	size_t h = 1469598103934665603ull;

	for (int i = 0; i < 3; i++) {
		for (const char *p = parts[i]; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		h = (h ^ 0x1f) * 1099511628211ull;
	}
	return h;
}

static int same_key(const cJSON *x, const cJSON *c)
{
	return strcmp(report_str(x, "id"), report_str(c, "id")) == 0 &&
	       strcmp(report_str(x, "target"), report_str(c, "target")) == 0 &&
	       strcmp(report_str(x, "vantage"), report_str(c, "vantage")) == 0;
}

/* The slot of c's key: where it is, or the empty one it would go to. */
static cJSON **ri_slot(const struct rindex *ix, const cJSON *c)
{
	size_t m = ix->cap - 1, i = rkey(c) & m;

	while (ix->slot[i] && !same_key(ix->slot[i], c))
		i = (i + 1) & m;
	return &ix->slot[i];
}

/* x into the index (replacing the entry of its key); -1 when out of memory. */
static int ri_put(struct rindex *ix, cJSON *x)
{
	cJSON **s;

	if ((ix->n + 1) * 2 > ix->cap) {
		struct rindex bigger = {calloc(ix->cap ? ix->cap * 2 : 1024, sizeof(cJSON *)), 0,
		                        ix->cap ? ix->cap * 2 : 1024};
		if (!bigger.slot)
			return -1;
		for (size_t i = 0; i < ix->cap; i++)
			if (ix->slot[i]) {
				*ri_slot(&bigger, ix->slot[i]) = ix->slot[i];
				bigger.n++;
			}
		free(ix->slot);
		*ix = bigger;
	}
	s = ri_slot(ix, x);
	ix->n += *s == NULL;
	*s = x;
	return 0;
}

/* The slot holding c's key, or NULL when none does. A slot is good until
 * the next ri_put. */
static cJSON **ri_find(const struct rindex *ix, const cJSON *c)
{
	cJSON **s = ix->cap ? ri_slot(ix, c) : NULL;

	return s && *s ? s : NULL;
}

/* ---- shards (scan --shard I/N) ----
 * The shards of one scan share vantage name and role, policy sha256 and N;
 * each holds a part of the endpoints. Their results are combined whatever
 * the order: a result two parts hold (a range's counted passes) becomes the
 * worse of them with both evidence lists. A group is whole when every index
 * 1..N is there exactly once, all with the same plan, and no other run of
 * the same vantage mixed results into it; only then do the checks of its
 * plan that no shard decided get the result a whole scan gives them
 * (plan_absent), and a scan that decided nothing its error. */
struct shard_group {
	char key[400];
	char vantage[ZA_MAX_NAME + 1], role[16];
	long count;
	unsigned char have[ZA_MAX_SHARDS + 1]; /* times each index was merged */
	const cJSON *plan;                     /* run.shard.plan of its first shard (borrowed) */
	char *plan_text;                       /* that plan, printed: every shard must have it */
	int bad_index, plan_differs, mixed;
};

static int worse(const char *a, const char *b)
{
	return status_rank(a) < status_rank(b);
}

/* x (in checks) and c: two parts of one result. x is replaced by the worse
 * of them, with both evidence lists; returns what now stands in its place. */
static cJSON *combine(cJSON *checks, cJSON *x, const cJSON *c)
{
	const cJSON *keep = worse(report_str(c, "status"), report_str(x, "status")) ? c : x;
	const cJSON *other = keep == c ? x : c;
	cJSON *out = cJSON_Duplicate(keep, 1), *kev;
	const cJSON *oev = cJSON_GetObjectItemCaseSensitive(other, "evidence");
	long dropped = report_long(keep, "evidence_dropped", 0) + report_long(other, "evidence_dropped", 0);

	if (!out)
		return x; /* out of memory: x stays as it was */
	kev = cJSON_GetObjectItemCaseSensitive(out, "evidence");
	for (const cJSON *e = cJSON_IsArray(oev) ? oev->child : NULL; cJSON_IsArray(kev) && e; e = e->next) {
		if (cJSON_GetArraySize(kev) >= (int)ZA_MAX_EVIDENCE_ITEMS) {
			dropped++;
			continue;
		}
		cJSON_AddItemToArray(kev, cJSON_Duplicate(e, 1));
	}
	if (dropped && cJSON_IsObject(out)) {
		cJSON_DeleteItemFromObjectCaseSensitive(out, "evidence_dropped");
		cJSON_AddNumberToObject(out, "evidence_dropped", (double)dropped);
	}
	if (cJSON_IsObject(out) && report_num(other, "duration_ms", 0) > report_num(out, "duration_ms", 0)) {
		cJSON_DeleteItemFromObjectCaseSensitive(out, "duration_ms");
		cJSON_AddNumberToObject(out, "duration_ms", report_num(other, "duration_ms", 0));
	}
	cJSON_ReplaceItemViaPointer(checks, x, out);
	return out;
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
	struct rindex index;        /* checks by (check, target, vantage) */
	struct shard_group *groups; /* one per sharded scan, at most one per run */
	size_t ngroups;
	cJSON *roles, *addrs, *hosts; /* every role, source address and host name of the runs, once each */
	const cJSON *pol0;            /* the first run's policy: the one every run must use */
	const char *started, *finished;
	size_t mismatch, oom;
	char msg[1024]; /* the runs that used another policy */
};

/* s into the string array arr unless it is there (at most ZA_MAX_MERGE_LIST). */
static void add_once(cJSON *arr, const char *s)
{
	int n = 0;

	for (const cJSON *x = arr ? arr->child : NULL; x; x = x->next, n++)
		if (cJSON_IsString(x) && strcmp(x->valuestring, s) == 0)
			return;
	if (arr && *s && n < (int)ZA_MAX_MERGE_LIST)
		cJSON_AddItemToArray(arr, cJSON_CreateString(s));
}

/* The shard group of a sharded run (created on first sight); NULL when out of memory. */
static struct shard_group *group_of(struct merge_acc *a, const cJSON *van, const cJSON *pol, const cJSON *sh)
{
	long scnt = report_long(sh, "count", 0), sidx = report_long(sh, "index", 0);
	struct shard_group *g = NULL;
	char key[400], *plan = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(sh, "plan"));

	snprintf(key, sizeof(key), "%.127s\x1f%.15s\x1f%.64s\x1f%ld", report_str(van, "name"), report_str(van, "role"),
	         report_str(pol, "sha256"), scnt);
	for (size_t i = 0; i < a->ngroups && !g; i++)
		if (strcmp(a->groups[i].key, key) == 0)
			g = &a->groups[i];
	if (!g) {
		g = &a->groups[a->ngroups++];
		memset(g, 0, sizeof(*g));
		snprintf(g->key, sizeof(g->key), "%s", key);
		snprintf(g->vantage, sizeof(g->vantage), "%s", report_str(van, "name"));
		snprintf(g->role, sizeof(g->role), "%s", report_str(van, "role"));
		g->count = scnt;
		g->plan = cJSON_GetObjectItemCaseSensitive(sh, "plan");
		g->plan_text = plan;
		plan = NULL;
	} else if (!plan || !g->plan_text || strcmp(plan, g->plan_text) != 0) {
		g->plan_differs = 1;
	}
	free(plan);
	if (scnt >= 1 && scnt <= ZA_MAX_SHARDS && sidx >= 1 && sidx <= scnt) {
		if (g->have[sidx] < 255)
			g->have[sidx]++;
	} else {
		g->bad_index = 1;
	}
	return g;
}

/* One result c of run number k (of shard group gi, or -1) into the merge. */
static void add_result(struct merge_acc *a, const cJSON *c, long k, long gi)
{
	cJSON **slot = ri_find(&a->index, c), *same = slot ? *slot : NULL, *dup;

	if (same && ((gi >= 0 && report_long(same, "_group", -1) == gi) || report_long(same, "_run", -1) == k)) {
		/* two parts of one sharded scan, or one run saying it twice: the worse */
		*slot = combine(a->checks, same, c); /* same is freed: the slot takes what stands now */
		return;
	}
	if (same && (gi >= 0 || report_long(same, "_group", -1) >= 0)) {
		/* a sharded scan and another run of the same vantage: the worse, and the group is not whole */
		long g = gi >= 0 ? gi : report_long(same, "_group", -1);
		a->groups[g].mixed = 1;
		*slot = combine(a->checks, same, c);
		return;
	}
	dup = cJSON_Duplicate(c, 1);
	if (!dup) {
		a->oom++;
		return;
	}
	/* where it came from, until the merge is done (untagged in shard_checks) */
	cJSON_DeleteItemFromObjectCaseSensitive(dup, "_run");
	cJSON_DeleteItemFromObjectCaseSensitive(dup, "_group");
	if (cJSON_IsObject(dup)) { /* a hostile entry that is no object stays as it is (an error to the verdict) */
		cJSON_AddNumberToObject(dup, "_run", (double)k);
		cJSON_AddNumberToObject(dup, "_group", (double)gi);
	}
	if (same) {
		cJSON_ReplaceItemViaPointer(a->checks, same, dup); /* a later run of the same vantage */
		*slot = dup;
	} else {
		cJSON_AddItemToArray(a->checks, dup);
		if (ri_put(&a->index, dup) != 0)
			a->oom++;
	}
}

/* One run (number k in start order) into the merge: its line in runs, its
 * results, its findings. */
static void add_run(struct merge_acc *a, const cJSON *doc, const char *name, long k)
{
	const cJSON *run = cJSON_GetObjectItemCaseSensitive(doc, "run");
	const cJSON *van = cJSON_GetObjectItemCaseSensitive(doc, "vantage");
	const cJSON *pol = cJSON_GetObjectItemCaseSensitive(doc, "policy");
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	const cJSON *fs = cJSON_GetObjectItemCaseSensitive(doc, "findings");
	const cJSON *sh = cJSON_GetObjectItemCaseSensitive(run, "shard");
	long gi = -1;
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
		int n = 0;
		for (const cJSON *s = cJSON_IsArray(sa) ? sa->child : NULL; s && n < ZA_MAX_VANTAGE_ADDRS; s = s->next)
			if (cJSON_IsString(s)) {
				n++;
				cJSON_AddItemToArray(out, cJSON_CreateString(s->valuestring));
				add_once(a->addrs, s->valuestring);
			}
	}
	add_once(a->roles, report_str(van, "role"));
	add_once(a->hosts, report_str(van, "hostname"));
	x = cJSON_AddObjectToObject(r, "policy");
	str_item(x, "name", report_str(pol, "name"));
	str_item(x, "version", report_str(pol, "version"));
	str_item(x, "profile", report_str(pol, "profile"));
	str_item(x, "sha256", report_str(pol, "sha256"));
	str_item(r, "verdict", report_str(doc, "verdict"));
	if (cJSON_IsObject(sh)) {
		x = cJSON_AddObjectToObject(r, "shard");
		cJSON_AddNumberToObject(x, "index", (double)report_long(sh, "index", 0));
		cJSON_AddNumberToObject(x, "count", (double)report_long(sh, "count", 0));
		gi = (long)(group_of(a, van, pol, sh) - a->groups);
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
	for (const cJSON *c = cJSON_IsArray(cs) ? cs->child : NULL; c; c = c->next)
		add_result(a, c, k, gi);
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

/* The checks the plan of a whole shard group implies that no shard decided:
 * what a whole scan's plan_fill gives them; and when the group decided
 * nothing at all, the scan's own error for that. */
static void fill_plan(struct merge_acc *a, const struct shard_group *g)
{
	size_t decided = 0, skipped = 0;

	for (const cJSON *id = cJSON_IsArray(g->plan) ? g->plan->child : NULL; id; id = id->next) {
		const struct check_def *c = cJSON_IsString(id) ? checks_find(id->valuestring) : NULL;
		const char *absent;
		int have = 0;
		if (!c)
			continue;
		for (const cJSON *x = a->checks->child; x && !have; x = x->next)
			have = report_long(x, "_group", -1) == (long)(g - a->groups) &&
			       strcmp(report_str(x, "id"), c->id) == 0;
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
	for (const cJSON *x = a->checks->child; x; x = x->next)
		if (strcmp(report_str(x, "vantage"), g->vantage) == 0) {
			skipped += strcmp(report_str(x, "status"), "skipped") == 0;
			decided += strcmp(report_str(x, "status"), "skipped") != 0;
		}
	if (!decided) {
		char m[512];
		scan_nothing_checked_message(m, sizeof(m), g->role, skipped);
		cJSON_AddItemToArray(a->checks,
		                     result_of(scan_nothing_checked_check(), "error", "(this scan)", g->vantage, m));
	}
}

/* Why group g is not whole, into why (empty when it is). */
static void group_flaws(const struct shard_group *g, char *why, size_t whylen)
{
	size_t nmiss = 0, ndup = 0;
	char miss[160] = "", dup[160] = "";

	why[0] = '\0';
	if (g->count < 1 || g->count > ZA_MAX_SHARDS) {
		snprintf(why, whylen, "a shard count of %ld (1 to %d)", g->count, ZA_MAX_SHARDS);
		return;
	}
	for (long k = 1; k <= g->count; k++) {
		if (!g->have[k] && nmiss++ < 16)
			snprintf(miss + strlen(miss), sizeof(miss) - strlen(miss), "%s%ld", *miss ? ", " : "", k);
		if (g->have[k] > 1 && ndup++ < 16)
			snprintf(dup + strlen(dup), sizeof(dup) - strlen(dup), "%s%ld", *dup ? ", " : "", k);
	}
	if (nmiss)
		snprintf(why + strlen(why), whylen - strlen(why), "%zu of %ld shards missing (%s%s)", nmiss, g->count,
		         miss, nmiss > 16 ? ", ..." : "");
	if (ndup)
		snprintf(why + strlen(why), whylen - strlen(why),
		         "%sshard %s given more than once (a re-run, or two scans: merge the shards of one scan)",
		         *why ? "; " : "", dup);
	if (g->bad_index)
		snprintf(why + strlen(why), whylen - strlen(why), "%sa shard index out of 1..%ld", *why ? "; " : "",
		         g->count);
	if (g->plan_differs)
		snprintf(why + strlen(why), whylen - strlen(why), "%sthe shards' plans differ", *why ? "; " : "");
	if (g->mixed)
		snprintf(why + strlen(why), whylen - strlen(why),
		         "%sanother run of this vantage judged the same results (merge the shards of one scan alone)",
		         *why ? "; " : "");
}

/* merge.shards-complete (only when a run is a shard), the plan of each
 * whole group, and the results untagged. */
static void shard_checks(struct merge_acc *a)
{
	char msg[1400] = "", what[1024] = "";
	size_t flawed = 0;

	for (size_t i = 0; i < a->ngroups; i++) {
		const struct shard_group *g = &a->groups[i];
		char why[600];
		group_flaws(g, why, sizeof(why));
		if (*why) {
			flawed++;
			snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "%s%.128s (role %s): %s",
			         *msg ? "; " : "", g->vantage, g->role, why);
		} else {
			fill_plan(a, g);
			snprintf(what + strlen(what), sizeof(what) - strlen(what), "%s%.128s (%ld shards)",
			         *what ? ", " : "", g->vantage, g->count);
		}
	}
	if (flawed) {
		char m[1600];
		snprintf(m, sizeof(m), "a sharded scan is not whole, so part of its endpoints is unjudged: %s", msg);
		cJSON_AddItemToArray(a->checks, own_result(CK_MERGE_SHARDS_COMPLETE, "error", "shards", m));
	} else if (a->ngroups) {
		char m[1200];
		snprintf(m, sizeof(m), "every shard of each sharded scan is here, once: %s", what);
		cJSON_AddItemToArray(a->checks, own_result(CK_MERGE_SHARDS_COMPLETE, "pass", "shards", m));
	}
	for (cJSON *x = a->checks->child; x; x = x->next) {
		cJSON_DeleteItemFromObjectCaseSensitive(x, "_run");
		cJSON_DeleteItemFromObjectCaseSensitive(x, "_group");
	}
	if (a->oom) {
		char m[256];
		snprintf(m, sizeof(m), "out of memory: %zu results could not be merged", a->oom);
		cJSON_AddItemToArray(a->checks, own_result(CK_MERGE_POLICY_CONSISTENT, "error", "merge", m));
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
	{
		char hosts[512] = "";
		for (const cJSON *h = a->hosts->child; h; h = h->next)
			snprintf(hosts + strlen(hosts), sizeof(hosts) - strlen(hosts), "%s%s", *hosts ? ", " : "",
			         cJSON_IsString(h) ? h->valuestring : "");
		str_item(o, "hostname", hosts);
	}
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

static void groups_free(struct merge_acc *a)
{
	for (size_t i = 0; a->groups && i < a->ngroups; i++)
		free(a->groups[i].plan_text);
	free(a->groups);
	a->groups = NULL;
	free(a->index.slot);
	a->index.slot = NULL;
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
	a.hosts = cJSON_CreateArray();
	a.groups = calloc(n + 1, sizeof(*a.groups));
	a.pol0 = n ? cJSON_GetObjectItemCaseSensitive(docs[0], "policy") : NULL;
	a.started = a.finished = "";
	g = severity_parse(report_str(a.pol0, "gate_severity"));
	gate = g < 0 ? ZA_SEV_HIGH : (enum za_severity)g;
	if (!out || !order || !a.runs || !a.checks || !a.findings || !a.roles || !a.addrs || !a.hosts || !a.groups)
		goto fail;
	str_item(out, "schema", ZA_REPORT_SCHEMA);
	o = cJSON_AddObjectToObject(out, "tool");
	str_item(o, "name", ZA_TOOL_NAME);
	str_item(o, "version", ZA_VERSION);
	for (size_t oi = 0; oi < n; oi++)
		add_run(&a, docs[order[oi]], names[order[oi]], (long)oi);
	own_checks(&a, docs, n, required_roles ? required_roles : def_roles);
	shard_checks(&a);
	if (judge(a.checks, waivers, gate, &s, &v) != 0)
		goto fail;
	free(order);
	groups_free(&a);
	add_header(out, &a, required_roles && required_roles[0] ? required_roles[0] : def_roles[0], gate, v, &s);
	add_waivers(out, docs, names, n, waivers);
	cJSON_AddItemToObject(out, "runs", a.runs);
	cJSON_AddItemToObject(out, "checks", a.checks);
	cJSON_AddItemToObject(out, "findings", a.findings);
	cJSON_Delete(a.hosts);
	if (clauses_add(out) != 0) {
		cJSON_Delete(out);
		return NULL;
	}
	return out;
fail:
	free(order);
	groups_free(&a);
	cJSON_Delete(a.hosts);
	cJSON_Delete(a.runs);
	cJSON_Delete(a.checks);
	cJSON_Delete(a.findings);
	cJSON_Delete(a.roles);
	cJSON_Delete(a.addrs);
	cJSON_Delete(out);
	return NULL;
}
