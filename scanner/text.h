/*
 * text.h - making untrusted bytes safe to store as report text.
 *
 * Everything a probe quotes from outside (HTTP bodies, headers, server
 * messages) passes through text_sanitize() before it enters a result: the
 * output is valid UTF-8 with no control characters, so every writer (JSON,
 * HTML, terminal) can rely on it. Invalid UTF-8 bytes and control bytes are
 * shown as \xNN; tab, CR and LF become \t, \r, \n. The output goes to a
 * capped buf, so overlong input is truncated and the truncation recorded.
 */
#ifndef ZA_TEXT_H
#define ZA_TEXT_H

#include <stddef.h>

#include "buf.h"

void text_sanitize(const char *in, size_t n, struct buf *out);

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if the bytes at s
 * (at most n) do not start one. */
size_t text_utf8_seq(const unsigned char *s, size_t n);

/* Whole-string UTF-8 validity. */
int text_is_utf8(const char *s, size_t n);

#endif
