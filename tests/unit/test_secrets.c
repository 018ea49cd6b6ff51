/* test_secrets.c - the secret rules (policies/secrets.json) pass their own
 * examples through the whole engine; known secrets are found in every
 * encoding; a token cut by a read boundary, CRLF, NUL bytes and invalid UTF-8
 * are handled; line and column are right; values never leave as such. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "secret.h"
#include "secretscan.h"
#include "t.h"

struct got {
	size_t n;
	struct ss_finding f[32];
	char paths[32][64];
};

static void collect(void *arg, const struct ss_finding *f)
{
	struct got *g = arg;

	if (g->n < 32) {
		g->f[g->n] = *f;
		snprintf(g->paths[g->n], sizeof(g->paths[0]), "%s", f->path);
		g->f[g->n].path = g->paths[g->n];
	}
	g->n++;
}

static struct ss_engine *engine(const struct za_secret *known)
{
	struct ss_engine *e = NULL;
	char err[ZA_MAX_ERR] = "";

	if (ss_load(ZA_SOURCE_DIR "/policies/secrets.json", &e, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "%s\n", err);
		return NULL;
	}
	if (known)
		ss_add_known(e, known, "discovery");
	if (ss_compile(e, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "%s\n", err);
		ss_free(e);
		return NULL;
	}
	return e;
}

static void test_examples(void)
{
	struct ss_engine *e = engine(NULL);
	char err[ZA_MAX_ERR] = "";

	CHECK(e != NULL);
	if (!e)
		return;
	CHECK(ss_rule_count(e) >= 10);
	if (ss_selftest(e, err, sizeof(err)) != ZA_OK) {
		fprintf(stderr, "%s\n", err);
		t_fail++;
	} else {
		t_pass++;
	}
	ss_free(e);
}

static void test_known(void)
{
	static const char tok[] = "zlh-mon:T0ken/With+Specials=42";
	struct za_secret *s = secret_from_bytes(tok, strlen(tok));
	struct ss_engine *e = engine(s);
	char fp[SECRET_FINGERPRINT_LEN], err[ZA_MAX_ERR];
	/* raw, percent-encoded, JSON-escaped, base64 (as a Basic header carries it) */
	static const char text[] = "raw zlh-mon:T0ken/With+Specials=42 end\n"
	                           "url ?x=zlh-mon%3AT0ken%2FWith%2BSpecials%3D42 end\n"
	                           "json {\"t\":\"zlh-mon:T0ken\\/With+Specials=42\"}\n"
	                           "b64 emxoLW1vbjpUMGtlbi9XaXRoK1NwZWNpYWxzPTQy end\n";
	struct got g = {0};

	secret_fingerprint(s, fp);
	CHECK(e != NULL);
	if (e) {
		CHECK(ss_scan_buffer(e, text, strlen(text), "t.log", collect, &g, NULL, err, sizeof(err)) == ZA_OK);
		CHECK(g.n == 4);
		for (size_t i = 0; i < g.n && i < 4; i++) {
			CHECK(g.f[i].known_secret);
			CHECK_STREQ(g.f[i].fingerprint, fp);
			CHECK(g.f[i].line == (long)i + 1);
			CHECK_STREQ(g.f[i].preview, "****");
		}
		CHECK(g.n >= 1 && g.f[0].column == 5);
		ss_free(e);
	}
	secret_free(s);
}

static void test_boundaries(void)
{
	struct ss_engine *e = engine(NULL);
	char err[ZA_MAX_ERR];
	static const char tok[] = "glsa_iNValIdinValiDinvalidinvalidinva_5b582697";
	/* a 10 MB line, the token cut by the 1 MiB read boundary after it */
	size_t pad = (10u << 20) + (1u << 20) - 20, n = pad + 200;
	char *big = malloc(n);
	struct got g = {0};

	if (!e || !big) {
		t_fail++;
		free(big);
		ss_free(e);
		return;
	}
	/* a token cut by the first 1 MiB read, on a very long line full of NULs and invalid UTF-8 */
	for (size_t i = 0; i < pad; i++)
		big[i] = (char)(i % 7 == 0 ? '\0' : i % 5 == 0 ? '\xff' : 'a');
	big[pad - 1] = ' ';
	memcpy(big + pad, tok, strlen(tok));
	memcpy(big + pad + strlen(tok), "\r\nnext line\r\n", 13);
	CHECK(ss_scan_buffer(e, big, pad + strlen(tok) + 13, "big.log", collect, &g, NULL, err, sizeof(err)) == ZA_OK);
	CHECK(g.n == 1);
	if (g.n) {
		CHECK_STREQ(g.f[0].rule, "grafana-service-account-token");
		CHECK(g.f[0].line == 1 && g.f[0].column == (long)pad + 1);
		CHECK_STREQ(g.f[0].preview, "glsa****");
	}
	/* the same through a file descriptor, binary detection off and on */
	{
		char path[] = "/tmp/zlh-secrets-test-XXXXXX";
		int fd = mkstemp(path);
		struct ss_opts o = {0, 1, 0};
		struct ss_stats st;
		memset(&st, 0, sizeof(st));
		CHECK(fd >= 0 && write(fd, big, pad + strlen(tok) + 13) == (ssize_t)(pad + strlen(tok) + 13));
		lseek(fd, 0, SEEK_SET);
		g.n = 0;
		CHECK(ss_scan_fd(e, fd, path, 0, &o, collect, &g, &st, err, sizeof(err)) == ZA_OK);
		CHECK(g.n == 0 && st.skipped_binary == 1); /* NULs in the first 8 KiB: binary, skipped */
		o.scan_binary = 1;
		lseek(fd, 0, SEEK_SET);
		CHECK(ss_scan_fd(e, fd, path, 0, &o, collect, &g, &st, err, sizeof(err)) == ZA_OK);
		CHECK(g.n == 1);
		close(fd);
		unlink(path);
	}
	(void)n;
	free(big);
	ss_free(e);
}

/* Every finding of a scan, in order: rule, line, column, fingerprint. */
struct all {
	char (*row)[160];
	size_t n, cap;
};

static void collect_all(void *arg, const struct ss_finding *f)
{
	struct all *a = arg;

	if (a->n == a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 64;
		char(*r)[160] = realloc(a->row, nc * sizeof(*r));
		if (!r)
			return;
		a->row = r;
		a->cap = nc;
	}
	snprintf(a->row[a->n++], sizeof(a->row[0]), "%s %ld:%ld %s%s", f->rule, f->line, f->column, f->fingerprint,
	         f->malformed ? " note" : "");
}

/* One large file scanned whole on one thread and in chunks on several:
 * tokens planted across every chunk boundary (and a PEM key across one,
 * the known secret across another) give the same findings, in the same
 * order, at the same lines and columns; with more findings than the
 * per-file cap, the same first ones are kept. */
static void test_chunks(void)
{
	static const char *const toks[] = {
	        "token: glsa_aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY_f46d7a24",
	        "Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0",
	        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oHbZzEdOt6PpoAoGCCqGSM49\n"
	        "AwEHoUQDQgAEXcbWUwVW4ylv5TF1qUH9cYhmWvJGaNnc2MY7XO+7YZrswPnHOYe8\n"
	        "y2PqW0xyDq5WQVfhqNZMxOQr8K1vQeE5Yw==\n-----END EC PRIVATE KEY-----",
	        "sent zlhmon_0123456789abcdef0123456789 to the api",
	};
	const size_t size = 6u << 20;
	struct za_secret *known = secret_from_bytes("zlhmon_0123456789abcdef0123456789", 33);
	struct ss_engine *e = engine(known);
	char *buf = malloc(size), path[] = "/tmp/zlh-chunks-test-XXXXXX", err[ZA_MAX_ERR];
	size_t targets[64], nt = 0, o = 0, line = 0, ti = 0;
	int fd = mkstemp(path);

	CHECK(e && buf && fd >= 0);
	if (!e || !buf || fd < 0)
		goto out;
	/* the boundaries of 2, 3, 4 and 5 chunks; each token starts 20 bytes before one */
	for (size_t n = 2; n <= 5; n++)
		for (size_t k = 1; k < n; k++) {
			size_t t = size / n * k - 20, dup = 0;
			for (size_t i = 0; i < nt; i++)
				dup |= targets[i] == t;
			if (!dup)
				targets[nt++] = t;
		}
	for (size_t i = 1; i < nt; i++) /* sort */
		for (size_t j = i; j > 0 && targets[j] < targets[j - 1]; j--) {
			size_t t = targets[j];
			targets[j] = targets[j - 1];
			targets[j - 1] = t;
		}
	while (o < size) {
		char l[256];
		int len;
		if (ti < nt && o + 120 >= targets[ti] && o <= targets[ti]) {
			const char *t = toks[ti % 4];
			size_t pad = targets[ti] - o;
			if (o + pad + strlen(t) + 2 > size)
				break;
			memset(buf + o, 'x', pad);
			memcpy(buf + o + pad, t, strlen(t));
			o += pad + strlen(t);
			buf[o++] = '\n';
			ti++;
			continue;
		}
		len = snprintf(l, sizeof(l), "203.0.113.%zu - - \"GET /api/servers/%zu?page=2 HTTP/1.1\" 200 %zu\n",
		               line % 250, line, line * 7);
		line++;
		if (o + (size_t)len > size)
			len = (int)(size - o);
		memcpy(buf + o, l, (size_t)len);
		o += (size_t)len;
	}
	if (o < size)
		memset(buf + o, '\n', size - o);
	CHECK(ti == nt); /* every boundary got its token */
	CHECK(write(fd, buf, size) == (ssize_t)size);
	{
		struct all whole = {0}, part = {0};
		struct ss_opts one = {0, 1, (size_t)1 << 30}, many = {0, 4, 64u << 10};
		struct ss_stats st;
		int same = 1;
		for (size_t threads = 2; threads <= 5; threads++) {
			memset(&st, 0, sizeof(st));
			whole.n = 0;
			part.n = 0;
			lseek(fd, 0, SEEK_SET);
			CHECK(ss_scan_fd(e, fd, path, 0, &one, collect_all, &whole, &st, err, sizeof(err)) == ZA_OK);
			many.threads = (int)threads;
			lseek(fd, 0, SEEK_SET);
			CHECK(ss_scan_fd(e, fd, path, 0, &many, collect_all, &part, &st, err, sizeof(err)) == ZA_OK);
			CHECK(whole.n >= nt); /* every planted token found */
			same = whole.n == part.n;
			for (size_t i = 0; same && i < whole.n; i++)
				same = strcmp(whole.row[i], part.row[i]) == 0;
			CHECK(same);
			if (!same)
				for (size_t i = 0; i < whole.n || i < part.n; i++)
					fprintf(stderr, "  %zu threads #%zu: %s | %s\n", threads, i,
					        i < whole.n ? whole.row[i] : "-", i < part.n ? part.row[i] : "-");
		}
		/* over the cap: 150 tokens, the same first 100 kept, the rest counted */
		for (size_t i = 0; i < 150; i++) {
			size_t at = size / 150 * i;
			memcpy(buf + at, "\nAuthorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0\n", 56);
		}
		lseek(fd, 0, SEEK_SET);
		CHECK(ftruncate(fd, 0) == 0 && write(fd, buf, size) == (ssize_t)size);
		{
			struct ss_stats s1, s2;
			memset(&s1, 0, sizeof(s1));
			memset(&s2, 0, sizeof(s2));
			whole.n = part.n = 0;
			lseek(fd, 0, SEEK_SET);
			CHECK(ss_scan_fd(e, fd, path, 0, &one, collect_all, &whole, &s1, err, sizeof(err)) == ZA_OK);
			many.threads = 4;
			lseek(fd, 0, SEEK_SET);
			CHECK(ss_scan_fd(e, fd, path, 0, &many, collect_all, &part, &s2, err, sizeof(err)) == ZA_OK);
			CHECK(s1.findings == ZA_MAX_FINDINGS_PER_FILE && s2.findings == s1.findings);
			CHECK(s1.dropped > 0 && s2.dropped == s1.dropped);
			same = whole.n == part.n;
			for (size_t i = 0; same && i < whole.n; i++)
				same = strcmp(whole.row[i], part.row[i]) == 0;
			CHECK(same);
		}
		free(whole.row);
		free(part.row);
	}
out:
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	free(buf);
	ss_free(e);
	secret_free(known);
}

int main(void)
{
	test_examples();
	test_known();
	test_boundaries();
	test_chunks();
	return t_done("test_secrets");
}
