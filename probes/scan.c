/* scan.c - see scan.h. */
#define _GNU_SOURCE
#include "scan.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "baseline.h"
#include "clauses.h"
#include "cidr.h"
#include "engine.h"
#include "fingerprint.h"
#include "hostfs.h"
#include "http.h"
#include "plan.h"
#include "family.h"
#include "report.h"
#include "secret.h"
#include "vantage.h"

struct scan {
	struct policy *policy;
	const struct policy_profile *profile;
	struct fp_db *fp;
	struct vantage vantage;
	char vantage_name[ZA_MAX_NAME + 1];
	enum za_role role;
	struct result_set rs;
	struct probe_token *tokens;
	const struct za_secret **known;
	size_t ntokens;
	struct ss_engine *secrets;     /* the secret rules, loaded at prepare */
	struct za_secret **known_more; /* the policy's known_secret_files */
	size_t nknown_more;
	struct run_meta meta;
	enum za_verdict verdict;
	struct za_summary summary;
	void (*progress)(void *arg, size_t done, const char *check, const char *target);
	void *progress_arg;
	size_t jobs;
	unsigned shard_index, shard_count; /* --shard I/N, 0 = not sharded */
	long connect_ms_used, rtt_floor_ms;
	struct run_net nets[ZA_MAX_RTT_REPORT];
	size_t nnets, nets_more, rtt_untracked;
	char control[256];
	size_t endpoints;
	struct hostfs hostfs; /* role host: the audited root */
	int have_hostfs;
	int root_only;              /* --root: only the families that read files run, offline */
	unsigned char *token_given; /* token file i came from --token-file (ntoken_files entries) */
	struct waivers waivers;
	int have_waivers;
	struct baseline baseline;
	char baseline_file[ZA_MAX_PATH];
	int have_baseline, fail_on_new;
};

const char *scan_default_fingerprints(void)
{
	return ZA_DATADIR "/fingerprints.json";
}

const char *scan_default_secret_rules(void)
{
	return ZA_DATADIR "/secrets.json";
}

static long long wall_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

void scan_free(struct scan *s)
{
	if (!s)
		return;
	vantage_leave(&s->vantage);
	if (s->have_hostfs)
		hostfs_close(&s->hostfs);
	waivers_free(&s->waivers);
	free(s->token_given);
	baseline_free(&s->baseline);
	for (size_t i = 0; i < s->ntokens; i++)
		secret_free(s->tokens[i].secret);
	free(s->tokens);
	free(s->known);
	ss_free(s->secrets);
	secret_free_all(s->known_more, s->nknown_more);
	results_free(&s->rs);
	fp_free(s->fp);
	policy_free(s->policy);
	free(s);
}

/* --token-file NAME=PATH: where the policy's token NAME is read from. */
static enum za_err take_token_files(const struct scan_opts *o, struct scan *s, char *err, size_t errlen)
{
	enum za_err r = ZA_OK;

	for (size_t i = 0; o->token_files && o->token_files[i]; i++) {
		char name[ZA_MAX_NAME + 1];
		const char *eq = strchr(o->token_files[i], '=');
		if (!eq || eq == o->token_files[i] || !eq[1] || (size_t)(eq - o->token_files[i]) > ZA_MAX_NAME) {
			za_seterr(err, errlen, "--token-file %s: expected NAME=PATH", o->token_files[i]);
			return ZA_ERR_USAGE;
		}
		snprintf(name, sizeof(name), "%.*s", (int)(eq - o->token_files[i]), o->token_files[i]);
		r = policy_set_token_path(s->policy, name, eq + 1, err, errlen);
		if (r != ZA_OK)
			return r;
		for (size_t k = 0; k < s->policy->ntoken_files; k++)
			if (strcmp(s->policy->token_files[k].key, name) == 0)
				s->token_given[k] = 1;
	}
	return ZA_OK;
}

/* --waivers, --today, --baseline and --fail-on: what the verdict gates on. */
static enum za_err load_gates(const struct scan_opts *o, struct scan *s, char *err, size_t errlen)
{
	enum za_err r = ZA_OK;

	if (o->today && !o->waivers) {
		za_seterr(err, errlen, "--today sets the date waivers expire against: it needs --waivers FILE");
		return ZA_ERR_USAGE;
	}
	if (o->waivers) {
		r = waivers_load(o->waivers, o->today, &s->waivers, err, errlen);
		if (r != ZA_OK)
			return r;
		s->have_waivers = 1;
	}
	if (o->fail_on_new && !o->baseline) {
		za_seterr(err, errlen, "--fail-on new needs --baseline OLD.json");
		return ZA_ERR_USAGE;
	}
	if (o->baseline) {
		r = baseline_load(o->baseline, &s->baseline, err, errlen);
		if (r != ZA_OK)
			return r;
		s->have_baseline = 1;
		snprintf(s->baseline_file, sizeof(s->baseline_file), "%s", o->baseline);
		s->fail_on_new = o->fail_on_new;
	}
	return ZA_OK;
}

/* The vantage and its role: --role, else what the vantage kind implies
 * (--root: host; untrusted-local: untrusted); then the vantage's name:
 * --vantage-name, else the policy's first vantage of that role (never one
 * of another role), else the policy's first vantage, whose role it then
 * takes; untrusted-local is its own vantage (named after its kind). */
static enum za_err pick_vantage(const struct scan_opts *o, struct scan *s, char *err, size_t errlen)
{
	enum za_err r = ZA_OK;
	const struct policy_vantage *pv = NULL;
	int role;

	r = vantage_parse(o->vantage_spec, &s->vantage, err, errlen);
	if (r != ZA_OK)
		return r;
	if (strcmp(s->vantage.kind, "untrusted-local") == 0 && !s->vantage.source[0]) {
		struct cidr c;
		if (!s->policy->untrusted_range) {
			za_seterr(err, errlen,
			          "--vantage untrusted-local: the policy declares no untrusted_range (or give "
			          "untrusted-local:ADDR)");
			return ZA_ERR_USAGE;
		}
		cidr_parse(s->policy->untrusted_range, &c, NULL, 0);
		cidr_at(&c, c.count > 1 ? 1 : 0, s->vantage.source, sizeof(s->vantage.source));
	}
	/* role: --role, else what the vantage kind implies (--root: host;
	 * untrusted-local: untrusted); then the vantage: --vantage-name, else the
	 * policy's first vantage of that role (never one of another role), else
	 * the policy's first vantage, whose role it then takes; untrusted-local
	 * is its own vantage (named after its kind), not a policy's runner */
	if (o->role >= 0)
		role = o->role;
	else if (o->root)
		role = ZA_ROLE_HOST; /* a mounted root is audited as its host */
	else if (strcmp(s->vantage.kind, "untrusted-local") == 0)
		role = ZA_ROLE_UNTRUSTED; /* that is what it emulates */
	else
		role = -1;
	if (o->vantage_name)
		pv = policy_vantage(s->policy, o->vantage_name);
	else if (strcmp(s->vantage.kind, "untrusted-local") != 0)
		for (size_t i = 0; i < s->policy->nvantages && !pv; i++)
			if (role < 0 || (int)s->policy->vantages[i].role == role)
				pv = &s->policy->vantages[i];
	if (pv && role >= 0 && (int)pv->role != role) {
		za_seterr(err, errlen,
		          "--vantage-name %s: the policy gives that vantage the role %s, this scan is role %s",
		          pv->name, role_name(pv->role), role_name((enum za_role)role));
		return ZA_ERR_USAGE;
	}
	if (role < 0 && pv)
		role = (int)pv->role;
	if (role < 0) {
		za_seterr(err, errlen,
		          "the vantage's role is unknown: pass --role untrusted|admin|host, or name a vantage of the "
		          "policy with --vantage-name");
		return ZA_ERR_USAGE;
	}
	s->role = (enum za_role)role;
	snprintf(s->vantage_name, sizeof(s->vantage_name), "%s",
	         o->vantage_name                         ? o->vantage_name
	         : pv                                    ? pv->name
	         : strcmp(s->vantage.kind, "netns") == 0 ? s->vantage.netns
	                                                 : s->vantage.kind);
	if (o->root && s->role != ZA_ROLE_HOST) {
		za_seterr(err, errlen, "--root audits a system's files: it needs the role host");
		return ZA_ERR_USAGE;
	}
	return ZA_OK;
}

/* What role host reads with (the files inside the root) and the secret
 * engine, its rules proven by their own examples first. */
static enum za_err open_engines(const struct scan_opts *o, struct scan *s, char *err, size_t errlen)
{
	enum za_err r = ZA_OK;

	if (s->role == ZA_ROLE_HOST) {
		/* the files role host reads: logs, file_sd, configuration */
		r = hostfs_open_root(&s->hostfs, o->root ? o->root : "/", err, errlen);
		if (r != ZA_OK)
			return r;
		s->have_hostfs = 1;
		s->root_only = o->root != NULL;
	}
	if (s->policy->secrets.present || s->role == ZA_ROLE_HOST) {
		/* role host: host.token-world-readable searches for the known secrets too */
		r = ss_load(s->policy->secrets.rules ? s->policy->secrets.rules : scan_default_secret_rules(),
		            &s->secrets, err, errlen);
		if (r == ZA_OK) {
			/* the examples must hold before they are trusted (before any known secret is added) */
			r = ss_compile(s->secrets, err, errlen);
			if (r == ZA_OK)
				r = ss_selftest(s->secrets, err, errlen);
		}
		if (r != ZA_OK)
			return r;
	}
	return ZA_OK;
}

enum za_err scan_prepare(const struct scan_opts *o, struct scan **out, char *err, size_t errlen)
{
	enum za_err r;
	struct scan *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return ZA_ERR_NOMEM;
	s->progress = o->progress;
	s->progress_arg = o->progress_arg;
	s->jobs = engine_jobs(o->jobs); /* the fd limit decides, the report says what was used */
	if (o->shard_count && o->root) {
		za_seterr(err, errlen, "--shard splits the endpoints a scan probes; --root probes none");
		r = ZA_ERR_USAGE;
		goto out;
	}
	s->shard_index = o->shard_count > 1 ? o->shard_index : 0;
	s->shard_count = o->shard_count > 1 ? o->shard_count : 0;
	r = policy_load(o->policy_path, &s->policy, err, errlen);
	if (r != ZA_OK)
		goto out;
	s->token_given = calloc(s->policy->ntoken_files + 1, 1);
	if (!s->token_given) {
		r = ZA_ERR_NOMEM;
		goto out;
	}
	if ((r = take_token_files(o, s, err, errlen)) != ZA_OK || (r = load_gates(o, s, err, errlen)) != ZA_OK)
		goto out;
	s->profile = policy_profile(s->policy, o->profile);
	if (!s->profile) {
		za_seterr(err, errlen, "--profile %s: the policy %s has no such profile", o->profile, o->policy_path);
		r = ZA_ERR_USAGE;
		goto out;
	}
	{
		const char *fpath = o->fingerprints           ? o->fingerprints
		                    : s->policy->fingerprints ? s->policy->fingerprints
		                                              : scan_default_fingerprints();
		r = fp_load(fpath, &s->fp, err, errlen);
		if (r == ZA_OK)
			r = fp_selftest(s->fp, err, errlen);
		if (r != ZA_OK)
			goto out;
	}
	if ((r = pick_vantage(o, s, err, errlen)) != ZA_OK || (r = open_engines(o, s, err, errlen)) != ZA_OK)
		goto out;
	*out = s;
	s = NULL; /* caller owns */
	r = ZA_OK;
out:
	scan_free(s);
	return r;
}

size_t scan_planned(const struct scan *s)
{
	return s->policy->ndiscovery * 3 + policy_endpoint_count(s->policy);
}

static void make_run_id(char *out, size_t n, long long ms)
{
	unsigned char rnd[2] = {0, 0};
	char ts[32];
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y%m%dT%H%M%SZ", &tm);
	(void)RAND_bytes(rnd, 2);
	snprintf(out, n, "%s-%02x%02x", ts, rnd[0], rnd[1]);
}

/* Token file i: a --root scan reads the policy's paths inside the root (the
 * audited system's files); a path given with --token-file is on this machine. */
static enum za_err load_token(struct scan *s, size_t i)
{
	const char *path = s->policy->token_files[i].value;
	char *e = s->tokens[i].error;
	size_t elen = sizeof(s->tokens[i].error);
	int fd;

	if (!s->root_only || s->token_given[i])
		return secret_load_file(path, &s->tokens[i].secret, e, elen);
	fd = hostfs_open(&s->hostfs, path, O_RDONLY | O_NONBLOCK, 1);
	if (fd < 0) {
		za_seterr(e, elen, "%s (inside %s): cannot open token file: %s", path, s->hostfs.root, strerror(errno));
		return ZA_ERR_IO;
	}
	return secret_load_fd(fd, path, &s->tokens[i].secret, e, elen);
}

enum za_err scan_execute(struct scan *s, char *err, size_t errlen)
{
	struct probe_ctx ctx;
	long long t0 = wall_ms(), t1;
	enum za_err r;

	r = vantage_enter(&s->vantage, err, errlen);
	if (r != ZA_OK)
		return r;
	/* token files: read once, held as secrets, known to the redactor */
	s->ntokens = s->policy->ntoken_files;
	s->tokens = calloc(s->ntokens + 1, sizeof(*s->tokens));
	s->known = calloc(s->ntokens + 1, sizeof(*s->known));
	if (!s->tokens || !s->known)
		return ZA_ERR_NOMEM;
	for (size_t i = 0; i < s->ntokens; i++) {
		s->tokens[i].name = s->policy->token_files[i].key;
		if (load_token(s, i) == ZA_OK)
			s->known[i] = s->tokens[i].secret;
	}
	if (s->secrets) {
		/* recompile with the deployment's own secrets to search for */
		ss_free(s->secrets);
		s->secrets = NULL;
		r = ss_load(s->policy->secrets.rules ? s->policy->secrets.rules : scan_default_secret_rules(),
		            &s->secrets, err, errlen);
		for (size_t i = 0; r == ZA_OK && i < s->ntokens; i++)
			r = ss_add_known(s->secrets, s->tokens[i].secret, s->tokens[i].name);
		for (size_t i = 0; r == ZA_OK && i < s->policy->secrets.nknown_files; i++) {
			struct za_secret **v = NULL;
			size_t nv = 0;
			char e2[ZA_MAX_ERR];
			const char *kp = s->policy->secrets.known_files[i].value;
			if (secret_load_lines_fd(s->root_only
			                                 ? hostfs_open(&s->hostfs, kp, O_RDONLY | O_NONBLOCK, 1)
			                                 : open(kp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK),
			                         kp, &v, &nv, e2, sizeof(e2)) != ZA_OK) {
				za_seterr(err, errlen, "secrets.known_secret_files.%s: %s",
				          s->policy->secrets.known_files[i].key, e2);
				return ZA_ERR_INPUT;
			}
			for (size_t k = 0; k < nv && r == ZA_OK; k++)
				r = ss_add_known(s->secrets, v[k], s->policy->secrets.known_files[i].key);
			{
				struct za_secret **all = realloc(s->known_more, (s->nknown_more + nv) * sizeof(*all));
				if (!all) {
					secret_free_all(v, nv);
					return ZA_ERR_NOMEM;
				}
				s->known_more = all;
				memcpy(all + s->nknown_more, v, nv * sizeof(*v));
				s->nknown_more += nv;
				free(v);
			}
		}
		if (r == ZA_OK)
			r = ss_compile(s->secrets, err, errlen);
		if (r != ZA_OK)
			return r;
	}
	results_init(&s->rs, s->vantage_name);
	s->rs.rd.known = s->known;
	s->rs.rd.nknown = s->ntokens;

	memset(&ctx, 0, sizeof(ctx));
	ctx.policy = s->policy;
	ctx.profile = s->profile;
	ctx.fp = s->fp;
	ctx.role = s->role;
	ctx.rs = &s->rs;
	ctx.tokens = s->tokens;
	ctx.ntokens = s->ntokens;
	ctx.secrets = s->secrets;
	ctx.progress = s->progress;
	ctx.progress_arg = s->progress_arg;
	ctx.jobs = s->jobs;
	ctx.deadline_ms = probe_now_ms() + s->policy->run_ms;
	http_set_deadline(ctx.deadline_ms); /* every request of every family, not only exposure's */
	ctx.connect_ms_used = s->policy->connect_ms;
	ctx.hostfs = s->have_hostfs ? &s->hostfs : NULL;
	ctx.offline = s->root_only;
	ctx.shard_index = s->shard_index;
	ctx.shard_count = s->shard_count;
	/* a shard: exposure probes its share of the endpoints; every other family
	 * runs in shard 1 alone (their checks are not per endpoint) */
	for (size_t i = 0; i < probes_family_count(); i++)
		if ((!s->root_only || probes_family_at(i)->files) &&
		    (s->shard_index <= 1 || strcmp(probes_family_at(i)->name, "exposure") == 0))
			probes_family_at(i)->run(&ctx);
	/* every check the policy implies for this role has a result: nothing
	 * silently absent. A shard holds only its part: the merge of all shards
	 * fills what none of them decided, from the plan each one records. */
	if (!s->shard_count)
		plan_fill(&s->rs, s->policy, s->role, s->root_only);
	if (!s->shard_count) {
		/* a policy that checks nothing is no pass: say so, as an error */
		size_t decided = 0;
		for (size_t i = 0; i < s->rs.n; i++)
			decided += s->rs.v[i]->status != ZA_SKIPPED; /* an error tried, and says so */
		if (!decided) {
			struct za_result *none = results_new(&s->rs, check_get(CK_SCAN_NOTHING_CHECKED), "(this scan)");
			char m[512];
			scan_nothing_checked_message(m, sizeof(m), role_name(s->role), s->rs.n - 1);
			if (none)
				result_status(&s->rs, none, ZA_ERROR, "%s", m);
		}
	}
	vantage_leave(&s->vantage);
	probe_ctx_free(&ctx);
	s->connect_ms_used = ctx.connect_ms_used;
	s->rtt_floor_ms = ctx.rtt_floor_ms;
	memcpy(s->nets, ctx.nets, sizeof(s->nets));
	s->nnets = ctx.nnets;
	s->nets_more = ctx.nets_more;
	s->rtt_untracked = ctx.rtt_untracked;
	s->endpoints = ctx.endpoints;
	snprintf(s->control, sizeof(s->control), "%s", ctx.control);
	if (s->rs.oom)
		return ZA_ERR_NOMEM;
	if (s->rs.internal) {
		za_seterr(err, errlen, "internal error: a probe named a check that is not in the catalogue");
		return ZA_ERR_INTERNAL;
	}
	results_sort(&s->rs);
	if (s->have_waivers)
		waivers_apply(&s->waivers, &s->rs);
	if (s->have_baseline) {
		for (size_t i = 0; i < s->rs.n; i++) {
			struct za_result *res = s->rs.v[i];
			char fp[REPORT_FP_LEN];
			if (res->status != ZA_FAIL)
				continue;
			report_fingerprint(res->check->id, res->target ? res->target : "", fp);
			res->baseline = baseline_has(&s->baseline, fp) ? 2 : 1;
		}
		s->rs.fail_on_new = s->fail_on_new;
	}
	s->verdict = verdict_of_results(
	        &s->rs, s->profile->gate >= 0 ? (enum za_severity)s->profile->gate : s->policy->gate, &s->summary);
	/* a shard judged a part: it may fail, never pass (the merge of all N decides) */
	if (s->shard_count && s->verdict == ZA_VERDICT_PASS)
		s->verdict = ZA_VERDICT_INCONCLUSIVE;
	t1 = wall_ms();
	make_run_id(s->meta.id, sizeof(s->meta.id), t0);
	report_utc(t0, s->meta.started_at);
	report_utc(t1, s->meta.finished_at);
	s->meta.duration_ms = (long)(t1 - t0);
	return ZA_OK;
}

const struct check_def *scan_nothing_checked_check(void)
{
	return check_get(CK_SCAN_NOTHING_CHECKED);
}

void scan_nothing_checked_message(char *out, size_t outlen, const char *role, size_t skipped)
{
	snprintf(out, outlen,
	         "nothing was checked: the policy implies no check for role %s from this vantage (%zu skipped), so "
	         "nothing can pass",
	         role, skipped);
}

/* run.shard: which part this run probed, and the checks the policy implies
 * for its role (the merge fills those no shard decided, as a whole scan would). */
static int add_shard(cJSON *doc, const struct scan *s)
{
	unsigned char want[PLAN_MAX];
	cJSON *sh = cJSON_AddObjectToObject(cJSON_GetObjectItemCaseSensitive(doc, "run"), "shard"), *plan;

	if (!sh)
		return -1;
	cJSON_AddNumberToObject(sh, "index", s->shard_index);
	cJSON_AddNumberToObject(sh, "count", s->shard_count);
	plan = cJSON_AddArrayToObject(sh, "plan");
	if (!plan)
		return -1;
	plan_checks(s->policy, s->role, s->root_only, want);
	for (size_t i = 0; i < checks_count() && i < PLAN_MAX; i++)
		if (want[i] && !cJSON_AddItemToArray(plan, cJSON_CreateString(checks_at(i)->id)))
			return -1;
	return 0;
}

cJSON *scan_report(const struct scan *s)
{
	struct run_meta m = s->meta;
	cJSON *doc;

	m.vantage_name = s->vantage_name;
	m.role = s->role;
	m.vantage_kind = s->vantage.kind;
	m.hostname = s->vantage.hostname;
	m.addrs = (const char(*)[64])s->vantage.addrs;
	m.naddrs = s->vantage.naddrs;
	m.policy_name = s->policy->name;
	m.policy_version = s->policy->version;
	m.policy_profile = s->profile->name;
	m.policy_sha256 = s->policy->sha256;
	m.gate = s->profile->gate >= 0 ? (enum za_severity)s->profile->gate : s->policy->gate;
	m.connect_timeout_ms = s->connect_ms_used;
	m.connect_floor_ms = s->rtt_floor_ms;
	m.connect_ceiling_ms = s->policy->connect_ms;
	m.nets = s->nets;
	m.nnets = s->nnets;
	m.nets_more = s->nets_more;
	m.rtt_untracked = s->rtt_untracked;
	m.control = s->control;
	m.endpoints = s->endpoints;
	m.jobs = s->jobs;
	m.waivers = s->have_waivers ? &s->waivers : NULL;
	doc = report_build(&m, &s->rs, s->verdict, &s->summary);
	if (doc && s->shard_count && add_shard(doc, s) != 0) {
		cJSON_Delete(doc);
		return NULL;
	}
	if (doc && s->have_baseline) {
		/* the trend: results carry new/unchanged; what the baseline failed and
		 * this run does not is resolved */
		size_t more = 0;
		cJSON *bl = cJSON_AddObjectToObject(doc, "baseline");
		cJSON *res = baseline_resolved(&s->baseline, &s->rs, ZA_MAX_RESOLVED_LISTED, &more);
		if (!bl || !res || !cJSON_AddItemToObject(bl, "resolved", res)) {
			cJSON_Delete(res);
			cJSON_Delete(doc);
			return NULL;
		}
		cJSON_AddStringToObject(bl, "file", s->baseline_file);
		cJSON_AddStringToObject(bl, "run", s->baseline.run);
		cJSON_AddNumberToObject(bl, "resolved_not_listed", (double)more);
		if (report_sanitize(bl, 0) != 0) {
			cJSON_Delete(doc);
			return NULL;
		}
	}
	/* the contract checklist: how each clause stands by these results */
	if (doc && clauses_add(doc) != 0) {
		cJSON_Delete(doc);
		doc = NULL;
	}
	return doc;
}

enum za_verdict scan_verdict(const struct scan *s)
{
	return s->verdict;
}

const struct za_summary *scan_summary(const struct scan *s)
{
	return &s->summary;
}

const struct policy *scan_policy(const struct scan *s)
{
	return s->policy;
}
