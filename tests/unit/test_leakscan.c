/* test_leakscan.c - the credential scanner: each rule matches its examples,
 * placeholders and look-alikes never match, and it reports line and column. */
#include <stdlib.h>
#include <string.h>

#include "leakscan.h"
#include "za.h"
#include "t.h"

struct hit {
	char rule[32];
	long line, column;
	char value[200];
};

static struct hit hits[16];
static size_t nhits;

static void cb(void *arg, const char *rule, long line, long column, const char *value, size_t len)
{
	(void)arg;
	if (nhits < 16) {
		snprintf(hits[nhits].rule, sizeof(hits[0].rule), "%s", rule);
		hits[nhits].line = line;
		hits[nhits].column = column;
		snprintf(hits[nhits].value, sizeof(hits[0].value), "%.*s", (int)len, value);
	}
	nhits++;
}

struct lcase {
	const char *text;
	const char *rule; /* NULL: nothing may match */
	const char *value;
};

static const struct lcase cases[] = {
        {"url: http://monitor:Hunter2Hunter2x@127.0.0.1:8080/t", "url-userinfo", "Hunter2Hunter2x"},
        {"- url: http://writer:xxxxx@127.0.0.1:9999/api/v1/write", NULL, NULL},
        {"url: https://user@host/x", NULL, NULL},
        {"url: http://h/t?page=2&access_token=qq9f8e7d6c5b4a3928", "url-query-token", "qq9f8e7d6c5b4a3928"},
        {"url: http://h/t?token=${TOKEN}", NULL, NULL},
        {"    password: S3cr3tPassw0rd", "config-inline-secret", "S3cr3tPassw0rd"},
        {"    password: <secret>", NULL, NULL},
        {"    password_file: /etc/prometheus/pw", NULL, NULL},
        {"    bearer_token: 'abcdefgh12345678'", "config-inline-secret", "abcdefgh12345678"},
        {"      api_token: zlh_tok_0123456789abcdef", "secret-label", "zlh_tok_0123456789abcdef"},
        {"      api_token: \"\"", NULL, NULL},
        {"      game: minecraft", NULL, NULL},
        {"k: glsa_iNValIdinValiDinvalidinvalidinva_5b582697", "token-shaped",
         "glsa_iNValIdinValiDinvalidinvalidinva_5b582697"},
        {"static void GLC_CreateLightmapTextureArray(void);", NULL, NULL},
        {"a: PVEAPIToken=root@pam!monitoring=5e1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "token-shaped",
         "PVEAPIToken=root@pam!monitoring=5e1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"},
        {"only eyJhbGciOiJIUzI1NiJ9 here", NULL, NULL},
};

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nhits = 0;
		leakscan_text(cases[i].text, strlen(cases[i].text), cb, NULL);
		if (!cases[i].rule) {
			if (nhits)
				fprintf(stderr, "case %zu: unexpected %s on '%s'\n", i, hits[0].rule, cases[i].text);
			CHECK(nhits == 0);
			continue;
		}
		CHECK(nhits == 1);
		if (nhits) {
			CHECK_STREQ(hits[0].rule, cases[i].rule);
			CHECK_STREQ(hits[0].value, cases[i].value);
			CHECK(hits[0].line == 1);
			CHECK(hits[0].column == (long)(strstr(cases[i].text, cases[i].value) - cases[i].text) + 1);
		}
	}
	{
		static const char multi[] = "a: 1\nb: 2\n  password: S3cr3tPassw0rd\n";
		nhits = 0;
		leakscan_text(multi, strlen(multi), cb, NULL);
		CHECK(nhits == 1 && hits[0].line == 3 && hits[0].column == 13);
	}
	{
		/* a line over ZA_MAX_LINE is scanned whole, in overlapping windows: a
		 * credential far past the first window, and one across a window edge,
		 * are each found once, at their column in the line */
		/* at3 stands wholly inside the overlap of the first two windows: both see it, one reports it */
		size_t n = 3 * ZA_MAX_LINE, at1 = 2 * ZA_MAX_LINE + 100, at2 = ZA_MAX_LINE - 4096 - 10,
		       at3 = ZA_MAX_LINE - 4096 + 1000;
		static const char url[] = " http://admin:Zq8vLm2Tx9Rw@203.0.113.10/ ";
		char *big = malloc(n + 1);
		CHECK(big != NULL);
		if (big) {
			memset(big, 'x', n);
			for (size_t i = 0; i < n; i += 64)
				big[i] = ' ';
			memcpy(big + at1, url, sizeof(url) - 1);
			memcpy(big + at2, url, sizeof(url) - 1);
			memcpy(big + at3, url, sizeof(url) - 1);
			big[n] = '\0';
			nhits = 0;
			leakscan_text(big, n, cb, NULL);
			CHECK(nhits == 3);
			CHECK(nhits == 3 && hits[0].column == (long)(at2 + 15) && hits[1].column == (long)(at3 + 15) &&
			      hits[2].column == (long)(at1 + 15));
			free(big);
		}
	}
	CHECK(leakscan_placeholder("[REDACTED]", 10) && leakscan_placeholder("****", 4) &&
	      !leakscan_placeholder("abc", 3));
	return t_done("test_leakscan");
}
