/*
 * baseline.h - result fingerprints, baselines and diffs between runs.
 *
 * A baseline is the set of failing fingerprints of an earlier
 * report; `scan --baseline OLD.json --fail-on new` gates only on failures
 * that are not in it, and `zlh-audit diff OLD.json NEW.json` lists new,
 * unchanged and resolved failures. Reports are untrusted input: they are
 * loaded with report_load() and every field is type-checked.
 */
#ifndef ZA_BASELINE_H
#define ZA_BASELINE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "report.h"
#include "za.h"

struct baseline_entry {
	char fp[REPORT_FP_LEN]; /* first: the array is searched by it */
	char *check, *target;
};

struct baseline {
	struct baseline_entry *e; /* the failures, sorted by fingerprint */
	size_t n;
	char run[64]; /* the baseline's run id */
};

/* The failures (status fail) of a report document. */
enum za_err baseline_from_doc(const cJSON *doc, struct baseline *out);
enum za_err baseline_load(const char *path, struct baseline *out, char *err, size_t errlen);
int baseline_has(const struct baseline *b, const char *fp);
/* The baseline's failures that rs judged again and passed ("resolved"), as
 * [{check, target, fingerprint}], at most max listed and the rest counted in
 * *more; NULL when out of memory. One rs did not judge (absent, skipped, an
 * error, another vantage's) is not resolved. */
struct result_set;
cJSON *baseline_resolved(const struct baseline *b, const struct result_set *rs, size_t max, size_t *more);
void baseline_free(struct baseline *b);

#endif
