/*
 * mdw.h - the one escaping Markdown writer (GitHub/GitLab job summaries,
 * which also render inline HTML).
 *
 * md_tag() takes constant markup from the renderer's source; md_text()
 * escapes everything it is handed so it stays literal text on one table cell
 * or list line: Markdown syntax (\\ ` * _ [ ] | ~) is backslash-escaped, & < > become
 * entities (no HTML gets through), line breaks become spaces, control bytes
 * and invalid UTF-8 are shown as \xNN, and overlong text is cut with "...".
 */
#ifndef ZA_MDW_H
#define ZA_MDW_H

#include <stddef.h>

#include "buf.h"

void md_tag(struct buf *b, const char *markup);
/* At most max bytes of text (0 = no limit) before "...". */
void md_text(struct buf *b, const char *text, size_t max);
void md_textf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
