/*
 * discovery.h - reading a discovery endpoint's answer (untrusted input).
 *
 * sd_body_scan() parses a body as Prometheus HTTP SD would
 * ([{"targets": ["host:port", ...], "labels": {"k": "v"}}, ...]) and says
 * whether it carries targets. It never fails: anything that is not SD JSON is
 * described as such. Bodies are capped by the HTTP layer.
 */
#ifndef ZA_DISCOVERY_H
#define ZA_DISCOVERY_H

#include <stddef.h>

struct sd_body {
	int is_json;          /* the body parses as JSON */
	int is_array;         /* ... and is an array */
	int valid_sd;         /* every element is a well-formed target group */
	size_t groups;        /* array elements */
	size_t targets;       /* strings in every "targets" array, at any depth */
	int mentions_targets; /* the bytes "targets" appear anywhere (HTML, text) */
};

void sd_body_scan(const char *body, size_t len, struct sd_body *out);

#endif
