/*
 * waiver.h - accepted risks, written down: a waiver file (JSON) lists
 *
 *   {"waivers": [{"check": "labels.review", "target": "203.0.113.*",
 *                 "justification": "...", "approved_by": "...", "expires": "2026-12-31"}]}
 *
 * with every field required (a waiver without an expiry would be permanent).
 * `target` is a shell pattern (fnmatch) over the result's target. A waiver
 * is valid before its expiry date (UTC): on that date it has expired. A valid
 * waiver turns a `fail` into `waived` and keeps the raw status; it never
 * touches an `error` (a check that could not see cannot be waived into a
 * pass). An expired waiver changes nothing and is listed as expired. The
 * file is untrusted input: any malformed field or date is an error that
 * names the file and the field (exit 2, nothing scanned).
 */
#ifndef ZA_WAIVER_H
#define ZA_WAIVER_H

#include <stddef.h>

#include "result.h"
#include "za.h"

struct waiver {
	char *check;
	char *target; /* fnmatch pattern */
	char *justification;
	char *approved_by;
	char expires[11]; /* YYYY-MM-DD */
	int expired;      /* on or after expires (today, UTC) */
	size_t used;      /* results it waived */
	size_t would;     /* failing results it matches while expired */
};

struct waivers {
	struct waiver *v;
	size_t n;
	char path[1024];
	char sha256[65];
	char today[11];
};

/* today: "YYYY-MM-DD" (UTC), or NULL for the current date. */
enum za_err waivers_load(const char *path, const char *today, struct waivers *out, char *err, size_t errlen);
enum za_err waivers_parse(const char *file, const char *text, size_t len, const char *today, struct waivers *out,
                          char *err, size_t errlen);
void waivers_free(struct waivers *w);

/* Waive the failing results that a valid waiver matches (the first one that
 * matches wins); count matches of expired waivers. */
void waivers_apply(struct waivers *w, struct result_set *rs);
/* The same for one result of a report document (merge): a failing check
 * object becomes waived with its waiver object; 1 when it was waived. */
struct cJSON;
int waivers_apply_json(struct waivers *w, struct cJSON *check);
/* The waivers object of a report (file, sha256, today, used, expired, unused). */
struct cJSON *waivers_json(const struct waivers *w);

#endif
