/*
 * merge.h - one launch report from the reports of several runs (an external
 * runner, the monitoring host, each API host): `zlh-audit merge`.
 *
 * The merged document has vantage.kind "merged" and runs[] (each run's id,
 * vantage, policy, verdict and times); every result keeps its own vantage.
 * A result that two runs of the same vantage both hold (same check, target
 * and vantage) is kept once, from the later run. Two results join the
 * merged set as results of the catalogue:
 *   merge.policy-consistent   every run used the same policy name, version and sha256
 *   merge.required-vantages   a run of every required role is present (default:
 *                             untrusted); a missing one is an error, so the
 *                             merged verdict cannot be pass
 *   merge.shards-complete     only when a run is a shard (scan --shard I/N): every
 *                             shard of each sharded scan is present; a missing one
 *                             is an error. The shards of one scan (same vantage,
 *                             policy and N) hold parts of one result set: a result
 *                             two shards hold is combined (the worse status, both
 *                             evidence lists), and once all are present the
 *                             checks of their plan no shard decided get the
 *                             result a whole scan gives them.
 * The merged vantage keeps schema v1's fields (role: the first required role;
 * roles: all of them), and the document gets its contract checklist.
 * The verdict follows the usual rules (verdict.h) at the first run's gate.
 */
#ifndef ZA_MERGE_H
#define ZA_MERGE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "za.h"

/* docs: loaded reports (report_load); names: their file names, for runs[].
 * required_roles: NULL-terminated role names, or NULL for {"untrusted"}.
 * Returns the merged document, or NULL when out of memory. */
struct waivers;
/* waivers: a waiver file to apply to the merged failures, or NULL. */
cJSON *merge_reports(const cJSON *const *docs, const char *const *names, size_t n, const char *const *required_roles,
                     struct waivers *waivers);

#endif
