/* verdict.c - see verdict.h. */
#include "verdict.h"

#include <string.h>

enum za_verdict verdict_compute(const struct verdict_input *in, size_t n, enum za_severity gate, struct za_summary *sum)
{
	int failed = 0, errored = 0;

	memset(sum, 0, sizeof(*sum));
	for (size_t i = 0; i < n; i++) {
		enum za_status st = in[i].status < ZA_STATUS_COUNT ? in[i].status : ZA_ERROR;
		enum za_severity sev = in[i].severity < ZA_SEV_COUNT ? in[i].severity : ZA_SEV_CRITICAL;

		sum->total++;
		sum->by_status[st]++;
		if (st == ZA_FAIL) {
			sum->fail_by_severity[sev]++;
			if (sev >= gate && !in[i].known)
				failed = 1;
		}
		if (st == ZA_ERROR && in[i].required)
			errored = 1;
	}
	if (failed)
		return ZA_VERDICT_FAIL;
	if (errored)
		return ZA_VERDICT_INCONCLUSIVE;
	return ZA_VERDICT_PASS;
}

enum za_verdict verdict_of_results(const struct result_set *rs, enum za_severity gate, struct za_summary *sum)
{
	enum za_verdict v;
	struct verdict_input one;
	struct za_summary part;
	int failed = 0, errored = 0;

	memset(sum, 0, sizeof(*sum));
	for (size_t i = 0; i < rs->n; i++) {
		one.status = rs->v[i]->status;
		one.severity = rs->v[i]->severity;
		one.known = rs->fail_on_new && rs->v[i]->baseline == 2;
		one.required = rs->v[i]->required;
		v = verdict_compute(&one, 1, gate, &part);
		failed |= v == ZA_VERDICT_FAIL;
		errored |= v == ZA_VERDICT_INCONCLUSIVE;
		sum->total += part.total;
		for (int s = 0; s < ZA_STATUS_COUNT; s++)
			sum->by_status[s] += part.by_status[s];
		for (int s = 0; s < ZA_SEV_COUNT; s++)
			sum->fail_by_severity[s] += part.fail_by_severity[s];
	}
	if (failed)
		return ZA_VERDICT_FAIL;
	if (errored)
		return ZA_VERDICT_INCONCLUSIVE;
	return ZA_VERDICT_PASS;
}

int verdict_exit_code(enum za_verdict v)
{
	switch (v) {
	case ZA_VERDICT_PASS: return ZA_EXIT_PASS;
	case ZA_VERDICT_FAIL: return ZA_EXIT_FAIL;
	case ZA_VERDICT_INCONCLUSIVE: return ZA_EXIT_INCONCLUSIVE;
	}
	return ZA_EXIT_INCONCLUSIVE;
}
