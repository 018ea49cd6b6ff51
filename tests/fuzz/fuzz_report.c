/* fuzz_report.c - a saved report is untrusted input: strict parse, then every
 * renderer must cope with whatever shape it has. */
#include <stdlib.h>

#include "formats.h"
#include "fuzz.h"
#include "jsonv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[ZA_MAX_ERR];
	cJSON *doc = jsonv_parse("fuzz.json", (const char *)data, size, err, sizeof(err));

	if (!doc)
		return 0;
	for (size_t i = 0; i < formats_count(); i++) {
		struct buf b;
		buf_init(&b, 1u << 22);
		(void)formats_at(i)->render(doc, &b, err, sizeof(err));
		buf_free(&b);
	}
	cJSON_Delete(doc);
	return 0;
}
