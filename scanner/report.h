/*
 * report.h - the canonical report document (design/REPORT-SCHEMA.md, v1).
 *
 * report_build() turns a finished run into the cJSON document that every
 * format renders from; report_load() reads a saved report.json back (strict
 * parse, schema string checked), so `report`, and later `merge` and `diff`,
 * work on saved runs exactly as on fresh ones. Arrays come out in a stable
 * order: checks by id, then target.
 */
#ifndef ZA_REPORT_H
#define ZA_REPORT_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "result.h"
#include "waiver.h"
#include "verdict.h"
#include "za.h"

/* A result's fingerprint: "sha256:" + 16 hex of sha256(check id, NUL,
 * target); stable across runs, free of volatile evidence (messages, times,
 * versions). Baselines, diffs and SARIF's partialFingerprints use it. */
#define REPORT_FP_LEN 24 /* "sha256:" + 16 hex + NUL */
void report_fingerprint(const char *check, const char *target, char out[REPORT_FP_LEN]);

/* One network's round trips and the connect timeout they gave (run.connect_timeouts). */
struct run_net {
	char net[64];
	size_t samples;
	long srtt_us, rttvar_us, timeout_ms;
};

struct run_meta {
	char id[64];
	char started_at[32];
	char finished_at[32];
	long duration_ms;
	const char *vantage_name;
	enum za_role role;
	const char *vantage_kind;
	const char *hostname;
	const char (*addrs)[64];
	size_t naddrs;
	const char *policy_name;
	const char *policy_version;
	const char *policy_profile;
	const char *policy_sha256;
	enum za_severity gate;
	long connect_timeout_ms;       /* the longest connect timeout exposure probes used */
	long connect_floor_ms;         /* the shortest a network could get */
	long connect_ceiling_ms;       /* what a network nothing answered in got (connect_ms) */
	const struct run_net *nets;    /* networks with round-trip samples, at most ZA_MAX_RTT_REPORT */
	size_t nnets, nets_more;       /* listed, and past the list (counted) */
	size_t rtt_untracked;          /* samples of networks past the tracking cap (they kept the ceiling) */
	const char *control;           /* how the control target answered, or "" */
	size_t endpoints;              /* (address, port) endpoints probed */
	size_t jobs;                   /* concurrency */
	const struct waivers *waivers; /* the waiver file applied, or NULL */
};

/* Make every string and key of a document valid UTF-8 without control
 * characters other than tab and line breaks (text_sanitize); depth-limited.
 * 0, or -1 when memory ran out. */
int report_sanitize(cJSON *node, int depth);
cJSON *report_build(const struct run_meta *m, const struct result_set *rs, enum za_verdict v,
                    const struct za_summary *sum);
enum za_err report_load(const char *path, cJSON **out, char *err, size_t errlen);

/* Helpers for renderers: a string field or "" / a number field or def. */
const char *report_str(const cJSON *obj, const char *key);
double report_num(const cJSON *obj, const char *key, double def);
/* A number as a long; def when absent, not a number or out of long's range. */
long report_long(const cJSON *obj, const char *key, long def);

/* UTC "2026-11-27T10:15:00Z" of a wall-clock time in ms. */
void report_utc(long long epoch_ms, char out[32]);

#endif
