/*
 * t.h - the unit tests' harness: CHECK() and friends count and report;
 * t_done() prints "N passed, N failed" and returns the exit code.
 */
#ifndef ZA_T_H
#define ZA_T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (cond) {                                                                \
			t_pass++;                                                          \
		} else {                                                                   \
			t_fail++;                                                          \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                          \
	} while (0)

#define CHECK_STREQ(a, b)                                                                                      \
	do {                                                                                                   \
		const char *t_a = (a), *t_b = (b);                                                             \
		if (t_a && t_b && strcmp(t_a, t_b) == 0) {                                                     \
			t_pass++;                                                                              \
		} else {                                                                                       \
			t_fail++;                                                                              \
			fprintf(stderr, "%s:%d: FAILED: %s == %s\n  got:      %s\n  expected: %s\n", __FILE__, \
			        __LINE__, #a, #b, t_a ? t_a : "(null)", t_b ? t_b : "(null)");                 \
		}                                                                                              \
	} while (0)

#define CHECK_CONTAINS(hay, needle)                                                                          \
	do {                                                                                                 \
		const char *t_h = (hay), *t_n = (needle);                                                    \
		if (t_h && strstr(t_h, t_n)) {                                                               \
			t_pass++;                                                                            \
		} else {                                                                                     \
			t_fail++;                                                                            \
			fprintf(stderr, "%s:%d: FAILED: \"%s\" should contain \"%s\"\n", __FILE__, __LINE__, \
			        t_h ? t_h : "(null)", t_n);                                                  \
		}                                                                                            \
	} while (0)

#define CHECK_NOT_CONTAINS(hay, needle)                                                                        \
	do {                                                                                                   \
		const char *t_h = (hay), *t_n = (needle);                                                      \
		if (t_h && !strstr(t_h, t_n)) {                                                                \
			t_pass++;                                                                              \
		} else {                                                                                       \
			t_fail++;                                                                              \
			fprintf(stderr, "%s:%d: FAILED: output should not contain a given string\n", __FILE__, \
			        __LINE__);                                                                     \
		}                                                                                              \
	} while (0)

static inline int t_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, t_pass, t_fail);
	return t_fail ? 1 : 0;
}

#endif
