/*
 * checklist.h - the contract checklist at the top of the HTML and Markdown
 * reports: every clause of the monitoring contract (the document's
 * "clauses", scanner/clauses.h; docs/contract.md) with its status in words
 * and links to the results behind it.
 *
 *   checklist_html(out, doc);   // a section, before the run table
 *   checklist_md(out, doc);
 *
 * A result's HTML anchor is "r-" + the hex of its fingerprint
 * (checklist_anchor), on its card or its table row, so a link reaches it
 * without scripts. Documents without "clauses" (older reports) render
 * nothing here.
 */
#ifndef ZA_CHECKLIST_H
#define ZA_CHECKLIST_H

#include <cjson/cJSON.h>

#include "buf.h"

#define CHECKLIST_ANCHOR_LEN 24
/* "r-1f0c9a2b7d441234" from "sha256:1f0c9a2b7d441234": only hex digits
 * are kept (a saved report is untrusted). */
void checklist_anchor(const char *fingerprint, char out[CHECKLIST_ANCHOR_LEN]);
/* The anchor of a result (a card or a row): from its check and target. */
void checklist_result_anchor(const cJSON *result, char out[CHECKLIST_ANCHOR_LEN]);
/* The words for a clause status ("pass" -> "holds"). */
const char *checklist_words(const char *status);
void checklist_html(struct buf *out, const cJSON *doc);
void checklist_md(struct buf *out, const cJSON *doc);

#endif
