/*
 * labels.h - the label contract and "no secrets in labels, URLs or target
 * metadata", applied to one document of target groups (a discovery answer,
 * a file_sd file, Prometheus's live targets).
 *
 *   labels.required    every group: the required labels (vmid, instance,
 *                      container_type), numeric ones numeric, container_type
 *                      one of the policy's types
 *   labels.canonical   forbidden spellings absent (ctype; container_type is canonical)
 *   labels.review      labels outside required/optional/lifecycle: needs review
 *   labels.identifying customer/user-identifying names or values (policy patterns)
 *   labels.stable      one label key set per container_type; no duplicate vmid
 *   labels.lifecycle   the lifecycle fields the policy expects, per container_type
 *   labels.secrets     no credentials in label names/values, target addresses or
 *                      __param_* values, and none of the policy's own tokens
 *                      (findings by fingerprint; values never stored)
 *
 * Results take `source` (URL or path) as their target. Without a "labels"
 * section in the policy only labels.secrets runs.
 */
#ifndef ZA_LABELS_H
#define ZA_LABELS_H

#include "family.h"
#include "sdparse.h"

void labels_judge(struct probe_ctx *ctx, const struct sd_doc *doc, const char *source);

/* Every label check for source, when its target list could not be read:
 * status ZA_ERROR or ZA_SKIPPED, with why (a check the report plans is
 * never silently absent). */
void labels_unjudged(struct probe_ctx *ctx, const char *source, enum za_status st, const char *why);

/* 1 when the policy's lifecycle label (labels.inactive) marks the group as
 * deleted, stopped or otherwise gone. */
int labels_inactive(const struct policy_labels *pl, const struct sd_group *g);

#endif
