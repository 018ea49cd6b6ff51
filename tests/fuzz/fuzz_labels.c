/* fuzz_labels.c - the label contract on target groups from outside: a
 * discovery answer (or file_sd JSON) parsed as untrusted JSON, then every
 * labels.* check of a policy with the full contract and a known token, as
 * discovery.c and filesd.c run them. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "labels.h"
#include "policy.h"
#include "family.h"
#include "sdparse.h"

static const char policy_text[] =
        "{\"name\": \"fuzz\", \"version\": \"1\", \"vantages\": [{\"name\": \"x\", \"role\": \"untrusted\"}],"
        " \"labels\": {\"required\": [\"vmid\", \"instance\", \"container_type\"],"
        " \"optional\": [\"game\", \"runtime\"], \"container_types\": [\"game\", \"dev\"], \"numeric\": [\"vmid\"],"
        " \"forbidden\": {\"ctype\": \"use container_type\"}, \"identifying_names\": [\"email\"],"
        " \"identifying_values\": [\"^[^@]+@[^@]+$\"], \"lifecycle\": {\"all\": \"ready,connectable\", \"dev\": "
        "\"codeServerStatus\"}, \"inactive\": {\"label\": \"state\", \"values\": [\"deleted\"]}}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct policy *p;
	struct result_set rs;
	struct probe_ctx ctx;
	struct probe_token tok;
	struct sd_doc d;
	char err[ZA_MAX_ERR];

	if (!p && policy_parse("fuzz.json", policy_text, sizeof(policy_text) - 1, &p, err, sizeof(err)) != ZA_OK)
		abort(); /* the harness's own policy must parse */
	if (sd_parse_json((const char *)data, size, &d, err, sizeof(err)) != ZA_OK)
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	memset(&tok, 0, sizeof(tok));
	tok.name = "discovery";
	tok.secret = secret_from_bytes("zlhmon_fuzz_token_0123456789", 28);
	results_init(&rs, "fuzz");
	ctx.policy = p;
	ctx.role = ZA_ROLE_UNTRUSTED;
	ctx.rs = &rs;
	ctx.tokens = &tok;
	ctx.ntokens = 1;
	labels_judge(&ctx, &d, "fuzz");
	results_free(&rs);
	secret_free(tok.secret);
	sd_doc_free(&d);
	return 0;
}
