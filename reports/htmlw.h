/*
 * htmlw.h - the one escaping HTML writer.
 *
 * Markup and text never mix: hw_tag() takes constant markup written in the
 * renderer's source (never data), hw_text() escapes everything it is handed
 * (& < > " ' and control characters; invalid UTF-8 shown as \xNN), so it is
 * safe in element content and in quoted attribute values alike.
 */
#ifndef ZA_HTMLW_H
#define ZA_HTMLW_H

#include "buf.h"

void hw_tag(struct buf *b, const char *markup);
void hw_text(struct buf *b, const char *text);
void hw_textf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* <tag class="cls">text</tag> with tag and cls constant. */
void hw_elem(struct buf *b, const char *tag, const char *cls, const char *text);

#endif
