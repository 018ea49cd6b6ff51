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
/* 1 when a query uses the label ctype (as a word, not inside container_type). */
int grafprov_uses_ctype(const char *q);

#endif
