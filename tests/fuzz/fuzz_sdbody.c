/* fuzz_sdbody.c - discovery endpoint bodies (HTTP SD JSON or anything else). */
#include "discovery.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd_body s;

	sd_body_scan((const char *)data, size, &s);
	return 0;
}
