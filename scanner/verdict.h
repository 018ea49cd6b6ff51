/*
 * verdict.h - from results to a run's verdict and exit code
 * (design/ARCHITECTURE.md "Statuses, verdict, exit codes").
 *
 *   fail          any non-waived result failed at or above the gate severity
 *   inconclusive  otherwise, any required result ended in error
 *   pass          otherwise
 *
 * `error` never counts as `pass`. Exit codes: 0 pass, 1 fail, 3 inconclusive
 * (2, usage/policy/input error, is chosen by the CLI before anything runs).
 */
#ifndef ZA_VERDICT_H
#define ZA_VERDICT_H

#include <stddef.h>

#include "result.h"
#include "severity.h"

enum { ZA_EXIT_PASS = 0, ZA_EXIT_FAIL = 1, ZA_EXIT_USAGE = 2, ZA_EXIT_INCONCLUSIVE = 3 };

struct za_summary {
	size_t total;
	size_t by_status[ZA_STATUS_COUNT];
	size_t fail_by_severity[ZA_SEV_COUNT];
};

/* One result, as the verdict sees it. */
struct verdict_input {
	enum za_status status;
	enum za_severity severity;
	int required;
	int known; /* a failure already in the baseline (--fail-on new): counted, not gating */
};

enum za_verdict verdict_compute(const struct verdict_input *in, size_t n, enum za_severity gate,
                                struct za_summary *sum);
enum za_verdict verdict_of_results(const struct result_set *rs, enum za_severity gate, struct za_summary *sum);
int verdict_exit_code(enum za_verdict v);

#endif
