/*
 * formats.h - report formats, as a table of renderers.
 *
 * Every format renders from the canonical JSON document (scanner/report.h)
 * into a capped buffer; adding a format is one file and one table line.
 * Renderers must accept any document report_load() accepts: a saved report
 * is untrusted input, so missing or mistyped fields render as empty.
 */
#ifndef ZA_FORMATS_H
#define ZA_FORMATS_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "buf.h"
#include "za.h"

struct report_format {
	const char *name;     /* --format name */
	const char *filename; /* file written in --out DIR */
	enum za_err (*render)(const cJSON *doc, struct buf *out, char *err, size_t errlen);
};

size_t formats_count(void);
const struct report_format *formats_at(size_t i);
const struct report_format *formats_find(const char *name);
/* Render doc in format f into out (capped at out->max): what f->render
 * returns, or ZA_ERR_INPUT naming the format when the output went over the
 * cap (never a cut-off file), ZA_ERR_NOMEM when memory ran out. Callers
 * render through this, not f->render. */
enum za_err formats_render(const struct report_format *f, const cJSON *doc, struct buf *out, char *err, size_t errlen);
/* "json,html" -> table rows, in order, without repeats. */
enum za_err formats_parse_list(const char *csv, const struct report_format **out, size_t max, size_t *n, char *err,
                               size_t errlen);

/* The renderers. */
enum za_err render_json(const cJSON *doc, struct buf *out, char *err, size_t errlen);
enum za_err render_html(const cJSON *doc, struct buf *out, char *err, size_t errlen);
enum za_err render_markdown(const cJSON *doc, struct buf *out, char *err, size_t errlen);
enum za_err render_sarif(const cJSON *doc, struct buf *out, char *err, size_t errlen);
enum za_err render_junit(const cJSON *doc, struct buf *out, char *err, size_t errlen);
enum za_err render_metrics(const cJSON *doc, struct buf *out, char *err, size_t errlen);

#endif
