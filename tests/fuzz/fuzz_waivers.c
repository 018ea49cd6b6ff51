/* fuzz_waivers.c - the waiver file (dates, patterns, every required field). */
#include "fuzz.h"
#include "waiver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct waivers w;
	char err[ZA_MAX_ERR];

	if (waivers_parse("fuzz.json", (const char *)data, size, "2026-11-27", &w, err, sizeof(err)) == ZA_OK)
		waivers_free(&w);
	return 0;
}
