/*
 * promapi.h - answers of Prometheus's HTTP API (untrusted input), read for
 * the readiness checks:
 *
 *   promapi_alertmanagers  GET /api/v1/alertmanagers: how many Alertmanagers
 *                          Prometheus delivers alerts to (activeAlertmanagers)
 *   promapi_vector         GET /api/v1/query with an instant vector: how many
 *                          series answered, and the largest and smallest value
 *   promapi_rules          GET /api/v1/rules: each alerting rule's name and query
 *   promapi_series         GET /api/v1/series: how many series, and how many
 *                          carry every one of some labels
 *
 *   size_t n;
 *   if (promapi_alertmanagers(resp.body, resp.body_len, &n, NULL, NULL, err, sizeof(err)) != ZA_OK)
 *           ... error: not Prometheus's answer (err says why)
 *
 * Anything that is not {"status": "success", "data": ...} of the documented
 * shape is ZA_ERR_INPUT with a reason; a value that is not a number (NaN,
 * +Inf) is counted in bad, never read as a number.
 */
#ifndef ZA_PROMAPI_H
#define ZA_PROMAPI_H

#include <stddef.h>

#include "za.h"

/* fn(arg, url) for each active Alertmanager's URL (may be NULL). */
enum za_err promapi_alertmanagers(const char *text, size_t len, size_t *active, void (*fn)(void *arg, const char *url),
                                  void *arg, char *err, size_t errlen);

struct promapi_vector {
	size_t series; /* samples in the answer */
	size_t bad;    /* samples whose value is not a finite number */
	double min, max;
};
enum za_err promapi_vector(const char *text, size_t len, struct promapi_vector *out, char *err, size_t errlen);

/* fn(arg, name, query, health, lastError) for each rule of type "alerting"
 * (health "ok", "err" or "unknown"; "" when absent); *n counts them. */
enum za_err promapi_rules(const char *text, size_t len,
                          void (*fn)(void *arg, const char *name, const char *query, const char *health,
                                     const char *error),
                          void *arg, size_t *n, char *err, size_t errlen);

enum za_err promapi_series(const char *text, size_t len, const char *const *labels, size_t nlabels, size_t *series,
                           size_t *with_labels, char *err, size_t errlen);

#endif
