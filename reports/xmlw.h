/*
 * xmlw.h - the one escaping XML writer (JUnit).
 *
 * xml_tag() takes constant markup from the renderer's source; xml_text()
 * escapes everything it is handed for element content and quoted attribute
 * values alike (markup.h does the escaping): & < > " ' become references, and what XML 1.0 cannot carry at
 * all (control characters other than tab and newline, U+FFFE, U+FFFF,
 * invalid UTF-8) is shown as the text \xNN.
 */
#ifndef ZA_XMLW_H
#define ZA_XMLW_H

#include "buf.h"

void xml_tag(struct buf *b, const char *markup);
void xml_text(struct buf *b, const char *text);
void xml_textf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
