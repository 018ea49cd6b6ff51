/*
 * plan.h - which checks a scan of a policy implies, by role: the set the
 * report must hold, no more and no fewer.
 *
 * Each check id has one row: the condition under which a policy and a role
 * imply it (a service on a host, a discovery endpoint, file_sd paths, the
 * role host ...), whether it needs the network (a --root scan is offline:
 * files only), and what it means when the families produced no result for
 * it: a reason to skip with (nothing to follow up, nothing installed), or
 * NULL when a missing result is a scanner bug (recorded as an error).
 *
 *   unsigned char want[PLAN_MAX];
 *   size_t n = plan_checks(policy, ZA_ROLE_HOST, offline, want);  // want[i]: catalogue row i
 *   plan_fill(&rs, policy, role, offline);   // after the families ran
 *
 * `zlh-audit policy check` prints the plan per role; a test compares it with
 * the report of a scan for every shipped and test policy.
 */
#ifndef ZA_PLAN_H
#define ZA_PLAN_H

#include <stddef.h>

#include "policy.h"
#include "result.h"

#define PLAN_MAX CK__COUNT /* one per catalogue row */

/* want[i] = 1 when catalogue row i is implied; returns how many are. */
size_t plan_checks(const struct policy *p, enum za_role role, int offline, unsigned char want[PLAN_MAX]);
/* Every implied check with no result gets one: skipped with the row's
 * reason, or an error when a result was due. Returns how many were added. */
size_t plan_fill(struct result_set *rs, const struct policy *p, enum za_role role, int offline);
/* What it means when no probe decided an implied check: the reason to skip
 * it with, or NULL when a result was due (plan_fill's error). */
const char *plan_absent(const char *check_id);
/* 1 when the check id has a plan row (a test: every catalogue id has one). */
int plan_has_row(const char *check_id);

#endif
