/* formats.c - the format table (see formats.h). */
#include "formats.h"

#include <stdio.h>
#include <string.h>

static const struct report_format formats[] = {
        {"json", "report.json", render_json}, {"html", "report.html", render_html},
        {"md", "report.md", render_markdown}, {"metrics", "zlh_audit.prom", render_metrics},
        {"junit", "junit.xml", render_junit}, {"sarif", "report.sarif", render_sarif},
};

size_t formats_count(void)
{
	return sizeof(formats) / sizeof(formats[0]);
}

const struct report_format *formats_at(size_t i)
{
	return i < formats_count() ? &formats[i] : NULL;
}

const struct report_format *formats_find(const char *name)
{
	for (size_t i = 0; name && i < formats_count(); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

enum za_err formats_parse_list(const char *csv, const struct report_format **out, size_t max, size_t *n, char *err,
                               size_t errlen)
{
	const char *p = csv;

	*n = 0;
	while (p && *p) {
		size_t len = strcspn(p, ",");
		char name[32];
		const struct report_format *f;
		int dup = 0;

		if (len == 0 || len >= sizeof(name)) {
			za_seterr(err, errlen, "--format %s: empty or overlong format name", csv);
			return ZA_ERR_USAGE;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		f = formats_find(name);
		if (!f) {
			char known[128] = "";
			size_t l = 0;
			for (size_t i = 0; i < formats_count(); i++)
				l += (size_t)snprintf(known + l, sizeof(known) - l, "%s%s", i ? ", " : "",
				                      formats[i].name);
			za_seterr(err, errlen, "--format %s: unknown format '%s' (known: %s)", csv, name, known);
			return ZA_ERR_USAGE;
		}
		for (size_t i = 0; i < *n; i++)
			dup |= out[i] == f;
		if (!dup && *n < max)
			out[(*n)++] = f;
		p += len;
		if (*p == ',')
			p++;
	}
	if (*n == 0) {
		za_seterr(err, errlen, "--format: no format given");
		return ZA_ERR_USAGE;
	}
	return ZA_OK;
}

enum za_err formats_render(const struct report_format *f, const cJSON *doc, struct buf *out, char *err, size_t errlen)
{
	enum za_err r = f->render(doc, out, err, errlen);

	if (r != ZA_OK)
		return r;
	if (out->oom) {
		za_seterr(err, errlen, "out of memory rendering the %s report", f->name);
		return ZA_ERR_NOMEM;
	}
	if (out->truncated) {
		za_seterr(err, errlen, "the %s report is over %zu bytes (the cap of this scanner)", f->name, out->max);
		return ZA_ERR_INPUT;
	}
	return ZA_OK;
}
