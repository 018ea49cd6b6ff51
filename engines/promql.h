/*
 * promql.h - the vector selectors of a PromQL expression (an alert rule's
 * query as Prometheus's /api/v1/rules returns it: untrusted input).
 *
 * Not a PromQL evaluator: it finds each instant or range vector selector,
 * metric{label="v", ...} or {__name__="m", ...}, with its label matchers, and
 * skips what is not a selector: function and aggregation names, the label
 * lists of by/without/on/ignoring/group_left/group_right, strings,
 * numbers, durations, offsets and comments.
 *
 *   struct promql_selector s[ZA_MAX_PROMQL_SELECTORS];
 *   size_t n;
 *   if (promql_selectors("sum by (vmid) (up{job=\"zlh\"} == 0)", s, ZA_MAX_PROMQL_SELECTORS, &n, err, sizeof(err)) ==
 * ZA_OK)
 *           ... s[0].metric "up", s[0].m[0] job = "zlh", s[0].text "up{job=\"zlh\"}"
 *
 * More selectors or matchers than fit is ZA_ERR_CAP; a malformed matcher
 * list is ZA_ERR_INPUT; err says where.
 */
#ifndef ZA_PROMQL_H
#define ZA_PROMQL_H

#include <stddef.h>

#include "za.h"

struct promql_matcher {
	char name[ZA_MAX_NAME];
	char op[3]; /* "=", "!=", "=~", "!~" */
	char value[256];
};

struct promql_selector {
	char metric[ZA_MAX_NAME]; /* "" when only matchers name it (and no __name__=) */
	struct promql_matcher m[ZA_MAX_PROMQL_MATCHERS];
	size_t nm;
	char text[1024]; /* the selector as written, for /api/v1/series?match[]= */
};

enum za_err promql_selectors(const char *expr, struct promql_selector *out, size_t max, size_t *n, char *err,
                             size_t errlen);

/* Do the series expr yields (an alert's firing series) carry label? Follows
 * PromQL's rules: sum/count/... by (...) keep only what they list, without
 * (...) drops what it lists, no grouping keeps nothing (topk, bottomk,
 * limitk, limit_ratio return their input whole); a one-to-one match keeps
 * only on (...)'s labels or drops ignoring (...)'s; group_left/right keep
 * the many side's and add the listed ones; and/unless keep the left side's,
 * or needs both sides'; absent(), vector() and scalars have none;
 * label_replace/label_join write their destination.
 * 1 yes; 0 no, with what dropped it in why ("count without by"); -1 when
 * the expression could not be read (why says where): never a guess. */
int promql_result_keeps(const char *expr, const char *label, char *why, size_t whylen);

/* The selector text sel (a promql_selector's text) narrowed to series that
 * carry each of labels (label!=""), into out:
 *   up{job="zlh"} + vmid  ->  up{job="zlh",vmid!=""}
 *   up            + vmid  ->  up{vmid!=""}
 * ZA_ERR_CAP when it does not fit; labels must be label names. */
enum za_err promql_require_labels(const char *sel, const char *const *labels, size_t n, char *out, size_t outlen);

#endif
