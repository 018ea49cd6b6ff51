/*
 * markup.h - the escaping both markup writers share (htmlw.h for HTML,
 * xmlw.h for JUnit XML): & < > " ' become character references, so the text
 * is safe in element content and in quoted attribute values; control
 * characters, U+FFFE, U+FFFF and invalid UTF-8 are shown as the text \xNN.
 * With breaks_as_refs, newline and tab become &#10; and &#9; (XML attribute
 * values would otherwise turn them into spaces); without, they stay as is.
 */
#ifndef ZA_MARKUP_H
#define ZA_MARKUP_H

#include "buf.h"

#include <stdarg.h>

void markup_escape(struct buf *b, const char *text, int breaks_as_refs);
/* The same for printf-style text (the buffer's oom flag set when formatting fails). */
void markup_escapev(struct buf *b, int breaks_as_refs, const char *fmt, va_list ap)
        __attribute__((format(printf, 3, 0)));

#endif
