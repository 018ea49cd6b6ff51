/* fuzz_promapi.c - Prometheus API answers read by the readiness checks. */
#include "fuzz.h"
#include "promapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n;
	struct promapi_vector v;
	char err[ZA_MAX_ERR];

	(void)promapi_alertmanagers((const char *)data, size, &n, err, sizeof(err));
	(void)promapi_vector((const char *)data, size, &v, err, sizeof(err));
	return 0;
}
