/*
 * findings.h - a report's results grouped by finding: one (check, target),
 * with every vantage's result of it, and the worst of them. The renderers
 * show a finding once (a card, a table row), in the section of its worst
 * status, headed by that result's severity and message.
 *
 *   struct findings fs;
 *   if (findings_group(checks, &fs) != 0) ... out of memory
 *   for (size_t i = 0; i < fs.n; i++) fs.v[i].worst, fs.v[i].g[0..n) ...
 *   findings_free(&fs);
 *
 * A report's checks come sorted by check and target (then vantage), so a
 * finding is a run of neighbours; a hostile saved report that is not sorted
 * only splits a finding in two, it never hides a result.
 */
#ifndef ZA_FINDINGS_H
#define ZA_FINDINGS_H

#include <cjson/cJSON.h>
#include <stddef.h>

struct finding {
	const cJSON **g; /* its results */
	size_t n;
	int worst;         /* status_rank() of the worst of them */
	const cJSON *wres; /* the first result with that status */
};

struct findings {
	struct finding *v;
	size_t n;
	const cJSON **all; /* what g points into */
};

/* 0, or -1 when memory ran out (fs then empty). */
int findings_group(const cJSON *checks, struct findings *fs);
/* How many results the findings whose worst is rank hold (rows), or how
 * many such findings there are (results 0). */
size_t findings_count(const struct findings *fs, int rank, int results);
void findings_free(struct findings *fs);

#endif
