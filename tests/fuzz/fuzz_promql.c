/* fuzz_promql.c - alert rule expressions (from /api/v1/rules or rule files). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "promql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct promql_selector s[ZA_MAX_PROMQL_SELECTORS];
	static const char *const by[] = {"vmid", "container_type"};
	char *expr = malloc(size + 1), err[ZA_MAX_ERR], narrow[sizeof(s[0].text) + 64];
	size_t n = 0;

	if (!expr)
		return 0;
	memcpy(expr, data, size);
	expr[size] = '\0';
	if (promql_selectors(expr, s, ZA_MAX_PROMQL_SELECTORS, &n, err, sizeof(err)) != ZA_OK)
		n = 0;
	(void)promql_result_keeps(expr, "vmid", err, sizeof(err));
	/* what the readiness checks do with each selector of a rule they read */
	for (size_t i = 0; i < n; i++) {
		(void)promql_require_labels(s[i].text, by, 2, narrow, sizeof(narrow));
	}
	free(expr);
	return 0;
}
