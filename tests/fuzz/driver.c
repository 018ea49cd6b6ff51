/* driver.c - replays a corpus directory through a harness, then mutates each
 * input deterministically (bit flips, truncations, splices, byte insertions)
 * for a bounded number of rounds. Prints "N passed, 0 failed" at the end; a
 * crash or sanitizer report fails the test. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define MAX_INPUT (1u << 20)
#define ROUNDS    400

static unsigned long long rng = 0x9e3779b97f4a7c15ull;

static unsigned next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

static size_t mutate(unsigned char *b, size_t n, size_t cap)
{
	static const char *const tokens[] = {"\"", "{",           "}",    "[",    "]",        ":",
	                                     ",",  "\\u0000",     "null", "\xff", "<script>", "999999999999",
	                                     "-1", "\"targets\"", "\\"};
	switch (next() % 5) {
	case 0:
		if (n)
			b[next() % n] ^= (unsigned char)(1u << (next() % 8));
		return n;
	case 1: return n ? next() % n : 0;
	case 2: {
		const char *t = tokens[next() % (sizeof(tokens) / sizeof(tokens[0]))];
		size_t tl = strlen(t), at = n ? next() % (n + 1) : 0;
		if (n + tl > cap)
			return n;
		memmove(b + at + tl, b + at, n - at);
		memcpy(b + at, t, tl);
		return n + tl;
	}
	case 3:
		if (n > 2) {
			size_t a = next() % n, l = next() % (n - a);
			if (n + l <= cap) {
				memmove(b + a + l, b + a, n - a);
				return n + l;
			}
		}
		return n;
	default:
		if (n)
			b[next() % n] = (unsigned char)next();
		return n;
	}
}

int main(int argc, char **argv)
{
	unsigned char *buf = malloc(MAX_INPUT), *work = malloc(MAX_INPUT);
	unsigned long runs = 0;
	DIR *d;
	struct dirent *e;

	if (argc != 2 || !buf || !work) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	d = opendir(argv[1]);
	if (!d) {
		perror(argv[1]);
		return 2;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	while ((e = readdir(d))) {
		char path[4096];
		FILE *f;
		size_t n;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		n = fread(buf, 1, MAX_INPUT / 2, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		runs++;
		for (int r = 0; r < ROUNDS; r++) {
			size_t m = n;
			memcpy(work, buf, n);
			for (int k = 0; k <= r % 4; k++)
				m = mutate(work, m, MAX_INPUT);
			LLVMFuzzerTestOneInput(work, m);
			runs++;
		}
	}
	closedir(d);
	free(buf);
	free(work);
	printf("%lu passed, 0 failed\n", runs);
	return 0;
}
