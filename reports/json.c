/* json.c - the JSON format: the canonical document, pretty-printed. cJSON
 * escapes every string; the text in results was sanitized to valid UTF-8
 * when it was created (scanner/text.h). */
#include <stdlib.h>

#include "formats.h"

enum za_err render_json(const cJSON *doc, struct buf *out, char *err, size_t errlen)
{
	char *s = cJSON_Print(doc);

	if (!s) {
		za_seterr(err, errlen, "out of memory rendering JSON");
		return ZA_ERR_NOMEM;
	}
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	if (out->truncated) {
		za_seterr(err, errlen, "the JSON report is over %zu bytes", out->max);
		return ZA_ERR_INPUT;
	}
	return out->oom ? ZA_ERR_NOMEM : ZA_OK;
}
