/*
 * secrets.h - the secrets family and what the `secrets scan` command
 * shares with it: scan paths into results, findings included.
 */
#ifndef ZA_SECRETS_H
#define ZA_SECRETS_H

#include "family.h"
#include "secretscan.h"

/* `secrets scan`: one files.leaked-token result in rs per path (a named
 * link, FIFO or device is an error, never a clean pass), findings included. */
void secrets_scan_paths(struct result_set *rs, const struct ss_engine *e, char *const *paths, size_t n,
                        const struct ss_opts *o);

void secrets_scan_into(struct result_set *rs, struct za_result *r, const struct ss_engine *e, char *const *paths,
                       size_t n, const struct ss_opts *o);

#endif
