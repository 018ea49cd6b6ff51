/*
 * yamldoc.h - one YAML document of untrusted text through libyaml's document
 * API, and the two lookups every YAML reader here needs. Aliases stay
 * references (nothing is expanded), so a reader that walks the whole tree
 * must bound its own walk (promconf.c does).
 */
#ifndef ZA_YAMLDOC_H
#define ZA_YAMLDOC_H

#include <stddef.h>
#include <yaml.h>

#include "za.h"

/* Parse text (no NUL bytes) into d; on failure err names the line.
 * The caller frees d with yaml_document_delete() after ZA_OK. */
enum za_err yamldoc_load(yaml_document_t *d, const char *text, size_t len, char *err, size_t errlen);
/* A scalar's text, or NULL for any other node (or NULL). */
const char *yamldoc_scalar(const yaml_node_t *n);
/* The value of key in mapping m, or NULL. */
yaml_node_t *yamldoc_get(yaml_document_t *d, const yaml_node_t *m, const char *key);

#endif
