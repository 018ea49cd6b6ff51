/*
 * scan.h - one scan, from policy to report document.
 *
 *   struct scan_opts o = {.policy_path = "policies/demo.json", ...};
 *   struct scan *s;
 *   scan_prepare(&o, &s, err, sizeof(err));   // nothing on the network yet:
 *                                              // policy, profile, fingerprints,
 *                                              // vantage spec, token overrides
 *   scan_execute(s, err, sizeof(err));         // enter the vantage, run the
 *                                              // probe families, verdict
 *   cJSON *doc = scan_report(s);               // the canonical report
 *   scan_free(s);
 *
 * A prepare error means nothing was scanned (exit 2). execute fails only when
 * the vantage cannot be entered (exit 2) or memory runs out; everything a
 * probe could not see is an `error` result instead.
 */
#ifndef ZA_SCAN_H
#define ZA_SCAN_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "checks.h"
#include "policy.h"
#include "result.h"
#include "verdict.h"
#include "za.h"

struct scan_opts {
	const char *policy_path;
	const char *profile;            /* NULL = the policy's default */
	const char *vantage_spec;       /* "here" | "netns:NAME" */
	const char *vantage_name;       /* a policy vantage, or a free name */
	int role;                       /* enum za_role, or -1 = from the policy */
	const char *fingerprints;       /* NULL = from the policy, else the default */
	const char *const *token_files; /* "NAME=PATH" entries, NULL-terminated */
	size_t jobs;                    /* transfers in flight at most; 0 = default */
	const char *root;               /* --root DIR: audit a mounted root's files only (role host) */
	const char *waivers;            /* --waivers FILE, or NULL */
	const char *today;              /* --today YYYY-MM-DD for waiver expiry, or NULL = today (UTC) */
	const char *baseline;           /* --baseline OLD.json, or NULL */
	int fail_on_new;                /* --fail-on new */
	unsigned shard_index;           /* --shard I/N: this run probes shard I (1..N) of the endpoints; */
	unsigned shard_count;           /* N, 0 = not sharded (see scan.c: what a shard runs) */
	void (*progress)(void *arg, size_t done, const char *check, const char *target);
	void *progress_arg;
};

struct scan;

enum za_err scan_prepare(const struct scan_opts *o, struct scan **out, char *err, size_t errlen);
enum za_err scan_execute(struct scan *s, char *err, size_t errlen);
/* The report document (caller frees with cJSON_Delete), NULL when out of memory. */
cJSON *scan_report(const struct scan *s);
enum za_verdict scan_verdict(const struct scan *s);
const struct za_summary *scan_summary(const struct scan *s);
const struct policy *scan_policy(const struct scan *s);
/* How many results the run will produce at most (for progress). */
size_t scan_planned(const struct scan *s);
void scan_free(struct scan *s);

/* scan.nothing-checked, the error of a run that decided nothing, and its
 * message (the merge of a sharded scan gives it as a whole scan would). */
const struct check_def *scan_nothing_checked_check(void);
void scan_nothing_checked_message(char *out, size_t outlen, const char *role, size_t skipped);

/* The default fingerprint and secret-rule files (next to the built-in policies). */
const char *scan_default_fingerprints(void);
const char *scan_default_secret_rules(void);

#endif
