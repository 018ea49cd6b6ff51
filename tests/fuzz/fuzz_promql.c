/* fuzz_promql.c - alert rule expressions (from /api/v1/rules or rule files). */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "promql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct promql_selector s[ZA_MAX_PROMQL_SELECTORS];
	char *expr = malloc(size + 1), err[ZA_MAX_ERR];
	size_t n;

	if (!expr)
		return 0;
	memcpy(expr, data, size);
	expr[size] = '\0';
	(void)promql_selectors(expr, s, ZA_MAX_PROMQL_SELECTORS, &n, err, sizeof(err));
	free(expr);
	return 0;
}
