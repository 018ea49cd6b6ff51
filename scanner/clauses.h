/*
 * clauses.h - the contract checklist: the monitoring contract's clauses
 * (clauses.def, explained in docs/contract.md) and, for a report, how each
 * one stands according to the results of the checks that decide it.
 *
 *   clauses_add(doc);                 // doc["clauses"] from doc["checks"]
 *   for (size_t i = 0; i < clauses_count(); i++) clauses_at(i)->id ...
 *
 * A clause's status over its checks' results in the report (skipped ones
 * left out): "fail" when one failed, else "undecided" when one could not
 * decide (error), else "waived" when a failure was waived, else "pass" when
 * one passed (a status this version does not know counts as an error);
 * "not-checked" when none ran (the policy or the vantage does
 * not check it, or no check of this scanner can). Every result behind it is
 * listed (check, target, vantage, status, fingerprint for the link), at most
 * ZA_MAX_CLAUSE_RESULTS, worst first, the rest counted.
 */
#ifndef ZA_CLAUSES_H
#define ZA_CLAUSES_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "checks.h"

struct clause_def {
	const char *id;          /* "SEC-1" */
	const char *section;     /* the contract's heading */
	const char *requirement; /* the contract's bullet */
	const char *note;        /* what the checks cover of it, or NULL */
	const enum check_id *checks;
	size_t nchecks;
};

size_t clauses_count(void);
const struct clause_def *clauses_at(size_t i);
/* "SEC-1, HOST-1" (the clauses a check decides) into out; "" when none. */
void clauses_of_check(const char *check_id, char *out, size_t outlen);
/* Sets doc["clauses"] (replacing one there) from doc["checks"]; 0, or -1
 * when memory ran out. */
int clauses_add(cJSON *doc);

#endif
