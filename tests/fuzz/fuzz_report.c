/* fuzz_report.c - a saved report is untrusted input: strict parse, then every
 * renderer (with its clauses as given, and made anew as `report` does), the
 * merge (of the report with itself, rendered) and the baseline must cope with
 * whatever shape it has. */
#include <stdlib.h>

#include "formats.h"
#include "fuzz.h"
#include "baseline.h"
#include "clauses.h"
#include "jsonv.h"
#include "merge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[ZA_MAX_ERR];
	cJSON *doc = jsonv_parse("fuzz.json", (const char *)data, size, err, sizeof(err));

	if (!doc)
		return 0;
	for (int pass = 0; pass < 2; pass++) {
		if (pass && clauses_add(doc) != 0)
			break;
		for (size_t i = 0; i < formats_count(); i++) {
			struct buf b;
			buf_init(&b, 1u << 22);
			(void)formats_render(formats_at(i), doc, &b, err, sizeof(err));
			buf_free(&b);
		}
	}
	{
		const cJSON *two[2] = {doc, doc};
		const char *names[2] = {"a.json", "b.json"};
		struct baseline bl;
		cJSON *m = merge_reports(two, names, 2, NULL, NULL);
		for (size_t i = 0; m && i < formats_count(); i++) {
			struct buf b;
			buf_init(&b, 1u << 22);
			(void)formats_render(formats_at(i), m, &b, err, sizeof(err));
			buf_free(&b);
		}
		cJSON_Delete(m);
		if (baseline_from_doc(doc, &bl) == ZA_OK)
			baseline_free(&bl);
	}
	cJSON_Delete(doc);
	return 0;
}
