/*
 * promapi.h - answers of Prometheus's HTTP API (untrusted input), read for
 * the readiness checks:
 *
 *   promapi_alertmanagers  GET /api/v1/alertmanagers: how many Alertmanagers
 *                          Prometheus delivers alerts to (activeAlertmanagers)
 *   promapi_vector         GET /api/v1/query with an instant vector: how many
 *                          series answered, and the largest and smallest value
 *
 *   size_t n;
 *   if (promapi_alertmanagers(resp.body, resp.body_len, &n, err, sizeof(err)) != ZA_OK)
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

enum za_err promapi_alertmanagers(const char *text, size_t len, size_t *active, char *err, size_t errlen);

struct promapi_vector {
	size_t series; /* samples in the answer */
	size_t bad;    /* samples whose value is not a finite number */
	double min, max;
};
enum za_err promapi_vector(const char *text, size_t len, struct promapi_vector *out, char *err, size_t errlen);

#endif
