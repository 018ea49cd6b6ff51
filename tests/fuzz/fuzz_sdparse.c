/* fuzz_sdparse.c - target groups from outside: HTTP SD answers (JSON) and
 * file_sd files (JSON and YAML), then the label contract's helpers on what
 * parsed. */
#include "fuzz.h"
#include "sdparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sd_doc d;
	char err[ZA_MAX_ERR];

	if (sd_parse_json((const char *)data, size, &d, err, sizeof(err)) == ZA_OK) {
		for (size_t i = 0; i < d.ng; i++)
			(void)sd_label(&d.g[i], "vmid");
		sd_doc_free(&d);
	}
	if (sd_parse_yaml((const char *)data, size, &d, err, sizeof(err)) == ZA_OK) {
		for (size_t i = 0; i < d.ng; i++)
			(void)sd_label(&d.g[i], "container_type");
		sd_doc_free(&d);
	}
	return 0;
}
