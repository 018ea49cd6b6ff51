/*
 * secrets.h - the secrets family and the one helper the `secrets scan`
 * command shares with it: scan paths into one result, findings included.
 */
#ifndef ZA_SECRETS_H
#define ZA_SECRETS_H

#include "family.h"
#include "secretscan.h"

void secrets_scan_into(struct result_set *rs, struct za_result *r, const struct ss_engine *e, char *const *paths,
                       size_t n, const struct ss_opts *o);

#endif
