/* test_leakscan.c - the credential scanner: each rule matches its examples,
 * placeholders and look-alikes never match, and it reports line and column. */
#include <string.h>

#include "leakscan.h"
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
	CHECK(leakscan_placeholder("[REDACTED]", 10) && leakscan_placeholder("****", 4) &&
	      !leakscan_placeholder("abc", 3));
	return t_done("test_leakscan");
}
