/*
 * grafprov.h - Grafana's provisioning files and dashboard JSON, read from the
 * audited system (untrusted input):
 *
 *   grafprov_datasources  provisioning/datasources (.yaml files): how many datasources
 *                         of type prometheus it declares
 *   grafprov_providers    provisioning/dashboards (.yaml files): each file provider's
 *                         options.path (the folder Grafana loads dashboards from)
 *   grafprov_dashboard    a dashboard's JSON: its title, and each query (expr,
 *                         query, rawSql) that uses the label ctype instead of
 *                         container_type, by panel title
 *   grafprov_api_list     an answer of Grafana's HTTP API that is a JSON list of
 *                         objects (/api/search, /api/datasources): each one's
 *                         uid and a second field (title, or type)
 *   grafprov_api_health   /api/datasources/uid/UID/health: "status" is "OK"
 */
#ifndef ZA_GRAFPROV_H
#define ZA_GRAFPROV_H

#include <stddef.h>

#include "za.h"

enum za_err grafprov_datasources(const char *text, size_t len, size_t *nprom, char *err, size_t errlen);
enum za_err grafprov_providers(const char *text, size_t len, void (*fn)(void *arg, const char *path), void *arg,
                               char *err, size_t errlen);
/* ZA_ERR_INPUT when text is no dashboard, or when it is one nested past
 * ZA_MAX_DEPTH (then *title is set: a dashboard not walked whole). */
enum za_err grafprov_dashboard(const char *text, size_t len, char *title, size_t titlelen,
                               void (*on_ctype)(void *arg, const char *panel), void *arg, char *err, size_t errlen);
/* fn(arg, uid, field) for each object of the list; ZA_ERR_INPUT when the
 * answer is no list of objects. */
enum za_err grafprov_api_list(const char *text, size_t len, const char *field,
                              void (*fn)(void *arg, const char *uid, const char *value), void *arg, char *err,
                              size_t errlen);
/* *ok 1 when the health answer says "status": "OK"; its message into msg. */
enum za_err grafprov_api_health(const char *text, size_t len, int *ok, char *msg, size_t msglen, char *err,
                                size_t errlen);
/* 1 when a query uses the label ctype (as a word, not inside container_type). */
int grafprov_uses_ctype(const char *q);

#endif
