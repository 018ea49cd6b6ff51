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
		struct ss_opts o = {0, 1};
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

int main(void)
{
	test_examples();
	test_known();
	test_boundaries();
	return t_done("test_secrets");
}
