/* test_redact.c - redaction at the choke point, the secret type, and text
 * sanitizing. No secret value may survive into a result. */
#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "result.h"
#include "secret.h"
#include "t.h"
#include "text.h"

static char *red(const struct redactor *rd, const char *in)
{
	struct buf b;

	buf_init(&b, 4096);
	redact_text(rd, in, strlen(in), &b);
	return buf_detach(&b);
}

struct rcase {
	const char *in, *want;
};

static const struct rcase cases[] = {
        {"plain text stays", "plain text stays"},
        {"Authorization: Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "Authorization: Bearer 9f8e****"},
        {"authorization=Bearer abc", "authorization=Bearer ****"},
        {"\"authorization\":\"Basic YWRtaW46UzNjcjN0UGFzc3cwcmQ=\"", "\"authorization\":\"Basic YWRt****\""},
        {"Proxy-Authorization: PVEAPIToken=root@pam!mon=5e1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
         "Proxy-Authorization: PVEAPIToken=root****"},
        {"url=http://admin:S3cr3tPassw0rd@prometheus.internal:9090/metrics",
         "url=http://admin:****@prometheus.internal:9090/metrics"},
        {"https://user@host/x", "https://user@host/x"},
        {"GET /api/x?access_token=9f8e7d6c5b4a3928&a=1 HTTP/1.1", "GET /api/x?access_token=****&a=1 HTTP/1.1"},
        {"/t?page=2&token=abcdefgh", "/t?page=2&token=****"},
        {"key glsa_iNValIdinValiDinvalidinvalidinva_5b582697 leaked", "key glsa_**** leaked"},
        {"glc_eyJvIjoiMTIzNDU2IiwibiI6ImFwaS1rZXkifQ==", "glc_****"},
        {"jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "jwt eyJ****"},
        {"bell\a and tab\t and newline\n", "bell\\x07 and tab\\t and newline\\n"},
        {"bad \xff\xfe utf8", "bad \\xff\\xfe utf8"},
        {"ok \xc3\xa9 utf8", "ok \xc3\xa9 utf8"},
};

static void test_rules(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out = red(NULL, cases[i].in);
		CHECK_STREQ(out, cases[i].want);
		free(out);
	}
}

static void test_known(void)
{
	static const char tok[] = "zlh-monitoring-token-0123456789";
	struct za_secret *s = secret_from_bytes(tok, strlen(tok));
	const struct za_secret *known[] = {s};
	struct redactor rd = {known, 1};
	char fp[SECRET_FINGERPRINT_LEN], want[128], *out;

	secret_fingerprint(s, fp);
	CHECK(strncmp(fp, "sha256:", 7) == 0 && strlen(fp) == 19);
	out = red(&rd, "the body echoed zlh-monitoring-token-0123456789 twice: zlh-monitoring-token-0123456789");
	snprintf(want, sizeof(want), "the body echoed [secret %s] twice: [secret %s]", fp, fp);
	CHECK_STREQ(out, want);
	CHECK_NOT_CONTAINS(out, tok);
	free(out);

	/* through the result model */
	{
		struct result_set rs;
		struct za_result *r;
		results_init(&rs, "v");
		rs.rd = rd;
		r = results_new(&rs, checks_find("discovery.tokenless"), "http://203.0.113.10/t");
		result_evidence(&rs, r, "http", "http://203.0.113.10/t?token=zlh-monitoring-token-0123456789",
		                "server said %s", tok);
		result_status(&rs, r, ZA_FAIL, "echo: %s", tok);
		CHECK_NOT_CONTAINS(r->ev[0].detail, tok);
		CHECK_NOT_CONTAINS(r->ev[0].location, tok);
		CHECK_NOT_CONTAINS(r->message, tok);
		CHECK_CONTAINS(r->message, fp);
		results_free(&rs);
	}
	CHECK(secret_equal(s, tok, strlen(tok)));
	CHECK(!secret_equal(s, tok, strlen(tok) - 1));
	CHECK(!secret_equal(s, "zlh-monitoring-token-0123456788", strlen(tok)));
	{
		struct za_secret *w = secret_random_hex(secret_len(s), s);
		char *h = secret_auth_header(s, "Bearer");
		CHECK(w && secret_len(w) == strlen(tok));
		CHECK(w && !secret_equal(w, tok, strlen(tok)));
		CHECK(h && strncmp(h, "Authorization: Bearer ", 22) == 0 && strcmp(h + 22, tok) == 0);
		secret_wipe_free(h);
		secret_free(w);
	}
	secret_free(s);
}

static void test_sanitize(void)
{
	struct buf b;

	buf_init(&b, 8);
	text_sanitize("0123456789", 10, &b);
	CHECK(b.truncated && b.len == 8);
	buf_free(&b);
	CHECK(text_is_utf8("\xe2\x82\xac", 3));
	CHECK(!text_is_utf8("\xc0\xaf", 2));         /* overlong */
	CHECK(!text_is_utf8("\xed\xa0\x80", 3));     /* surrogate */
	CHECK(!text_is_utf8("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
}

int main(void)
{
	test_rules();
	test_known();
	test_sanitize();
	return t_done("test_redact");
}
