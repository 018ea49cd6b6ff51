/* labels.c - see labels.h. */
#define _GNU_SOURCE
#include "labels.h"

#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonv.h"
#include "leakscan.h"

static int in_list(char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* Is name one of the comma-separated names in csv? */
static int in_csv(const char *csv, const char *name)
{
	size_t nl = strlen(name);

	for (const char *p = csv; p && *p;) {
		size_t n = strcspn(p, ",");
		while (n && *p == ' ') {
			p++;
			n--;
		}
		if (n == nl && strncmp(p, name, n) == 0)
			return 1;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int lifecycle_name(const struct policy_labels *pl, const char *name)
{
	for (size_t i = 0; i < pl->nlifecycle; i++)
		if (in_csv(pl->lifecycle[i].value, name))
			return 1;
	return 0;
}

static const char *group_name(const struct sd_group *g, char *buf, size_t n)
{
	const char *inst = sd_label(g, "instance"), *vmid = sd_label(g, "vmid");

	if (vmid || inst)
		snprintf(buf, n, "%s%s%s%s", vmid ? "vmid " : "", vmid ? vmid : "", vmid && inst ? ", " : "",
		         inst ? inst : "");
	else
		snprintf(buf, n, "%s", g->ntargets ? g->targets[0] : "(no targets)");
	return buf;
}

/* One result per check: violations collected as evidence, then judged. */
struct verdict_acc {
	struct probe_ctx *ctx;
	struct za_result *r;
	size_t bad;
	long t0;
};

static int acc_begin(struct verdict_acc *a, struct probe_ctx *ctx, enum check_id check, const char *source)
{
	a->ctx = ctx;
	a->bad = 0;
	a->t0 = probe_now_ms();
	a->r = probe_begin(ctx, check_get(check), NULL, source);
	return a->r != NULL;
}

static void acc_bad(struct verdict_acc *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void acc_bad(struct verdict_acc *a, const char *fmt, ...)
{
	char msg[ZA_MAX_EVIDENCE];
	va_list ap;

	a->bad++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	result_evidence(a->ctx->rs, a->r, "label", NULL, "%s", msg);
}

static void acc_end(struct verdict_acc *a, size_t groups, const char *fail_what, const char *pass_msg)
{
	if (a->bad)
		result_status(a->ctx->rs, a->r, ZA_FAIL, "%zu problem%s in %zu target group%s: %s", a->bad,
		              a->bad == 1 ? "" : "s", groups, groups == 1 ? "" : "s", fail_what);
	else
		result_status(a->ctx->rs, a->r, ZA_PASS, "%s (%zu target group%s)", pass_msg, groups,
		              groups == 1 ? "" : "s");
	probe_end(a->ctx, a->r, a->t0);
}

/* The label contract's checks (labels.secrets runs without a contract too). */
static const enum check_id contract_ids[] = {CK_LABELS_REQUIRED,    CK_LABELS_CANONICAL, CK_LABELS_REVIEW,
                                             CK_LABELS_IDENTIFYING, CK_LABELS_STABLE,    CK_LABELS_LIFECYCLE};

static void one_status(struct probe_ctx *ctx, enum check_id id, const char *source, enum za_status st, const char *why)
{
	long t0 = probe_now_ms();
	struct za_result *r = probe_begin(ctx, check_get(id), NULL, source);

	if (!r)
		return;
	if (st == ZA_SKIPPED)
		result_skip(ctx->rs, r, "%s", why);
	else
		result_status(ctx->rs, r, st, "%s", why);
	probe_end(ctx, r, t0);
}

static void skip_all(struct probe_ctx *ctx, const char *source)
{
	for (size_t i = 0; i < sizeof(contract_ids) / sizeof(contract_ids[0]); i++)
		one_status(ctx, contract_ids[i], source, ZA_SKIPPED, "the policy has no label contract (labels)");
}

void labels_unjudged(struct probe_ctx *ctx, const char *source, enum za_status st, const char *why)
{
	if (ctx->policy->labels.present)
		for (size_t i = 0; i < sizeof(contract_ids) / sizeof(contract_ids[0]); i++)
			one_status(ctx, contract_ids[i], source, st, why);
	else
		skip_all(ctx, source);
	one_status(ctx, CK_LABELS_SECRETS, source, st, why);
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* labels.stable: the first group of each container_type sets its key set;
 * no two groups share a vmid (sorted, so a fleet costs n log n). 0, or -1
 * when out of memory (the result says so). */
static int stable(struct verdict_acc *a, const struct sd_doc *doc)
{
	size_t *ct = sd_sorted_by(doc, "container_type"), *vm = sd_sorted_by(doc, "vmid");
	char gn[128];

	if (doc->ng && (!ct || !vm)) {
		result_status(a->ctx->rs, a->r, ZA_ERROR, "out of memory");
		free(ct);
		free(vm);
		return -1;
	}
	for (size_t k = 0, first = 0; k < doc->ng; k++) {
		const struct sd_group *g = &doc->g[ct[k]], *h;
		const char *t = sd_label(g, "container_type");
		int differs;
		if (!t)
			break; /* the rest have no container_type: labels.required says so */
		if (k == 0 || strcmp(t, sd_label(&doc->g[ct[k - 1]], "container_type")) != 0) {
			first = ct[k];
			continue;
		}
		h = &doc->g[first];
		differs = g->nlabels != h->nlabels;
		for (size_t l = 0; !differs && l < g->nlabels; l++)
			differs = sd_label(h, g->labels[l].name) == NULL;
		if (differs)
			acc_bad(a, "group %zu (%s): its label keys differ from group %zu's (container_type %s)", ct[k],
			        group_name(g, gn, sizeof(gn)), first, t);
	}
	for (size_t k = 1, run = 0; k < doc->ng; k++) {
		const char *v = sd_label(&doc->g[vm[k]], "vmid"), *prev = sd_label(&doc->g[vm[k - 1]], "vmid");
		if (!v || !prev)
			break;
		if (strcmp(v, prev) != 0)
			run = k; /* a new value: its first group */
		else
			acc_bad(a, "groups %zu and %zu share vmid %s", vm[run], vm[k], v);
	}
	free(ct);
	free(vm);
	return 0;
}

static void contract(struct probe_ctx *ctx, const struct sd_doc *doc, const char *source)
{
	const struct policy_labels *pl = &ctx->policy->labels;
	struct verdict_acc a;
	char gn[200];

	if (acc_begin(&a, ctx, CK_LABELS_REQUIRED, source)) {
		for (size_t i = 0; i < doc->ng; i++) {
			const struct sd_group *g = &doc->g[i];
			const char *ct = sd_label(g, "container_type");
			for (size_t k = 0; k < pl->nrequired; k++)
				if (!sd_label(g, pl->required[k]))
					acc_bad(&a, "group %zu (%s): missing %s", i, group_name(g, gn, sizeof(gn)),
					        pl->required[k]);
			for (size_t k = 0; k < pl->nnumeric; k++) {
				const char *v = sd_label(g, pl->numeric[k]);
				if (v && !all_digits(v))
					acc_bad(&a, "group %zu (%s): %s=\"%s\" is not numeric", i,
					        group_name(g, gn, sizeof(gn)), pl->numeric[k], v);
			}
			if (ct && pl->ncontainer_types && !in_list(pl->container_types, pl->ncontainer_types, ct))
				acc_bad(&a, "group %zu (%s): container_type=\"%s\" is not one of the policy's types", i,
				        group_name(g, gn, sizeof(gn)), ct);
			/* a NUL (\u0000, read as U+FFFD) in a name or value: C code and
			 * Prometheus's consumers would cut it short */
			for (size_t k = 0; k < g->nlabels; k++)
				if (strstr(g->labels[k].name, JSONV_NUL_MARK) ||
				    strstr(g->labels[k].value, JSONV_NUL_MARK))
					acc_bad(&a, "group %zu (%s): label %s holds a NUL character (\\u0000)", i,
					        group_name(g, gn, sizeof(gn)), g->labels[k].name);
		}
		acc_end(&a, doc->ng, "required labels missing or malformed", "every group carries the required labels");
	}
	if (acc_begin(&a, ctx, CK_LABELS_CANONICAL, source)) {
		for (size_t i = 0; i < doc->ng; i++)
			for (size_t k = 0; k < pl->nforbidden; k++)
				if (sd_label(&doc->g[i], pl->forbidden[k].key))
					acc_bad(&a, "group %zu (%s): label %s: %s", i,
					        group_name(&doc->g[i], gn, sizeof(gn)), pl->forbidden[k].key,
					        pl->forbidden[k].value);
		acc_end(&a, doc->ng, "non-canonical label spellings", "canonical spellings only");
	}
	if (acc_begin(&a, ctx, CK_LABELS_REVIEW, source)) {
		for (size_t i = 0; i < doc->ng; i++)
			for (size_t k = 0; k < doc->g[i].nlabels; k++) {
				const char *n = doc->g[i].labels[k].name;
				/* __* are Prometheus's internal labels, job is the one it adds itself */
				int known = strncmp(n, "__", 2) == 0 || strcmp(n, "job") == 0 ||
				            in_list(pl->required, pl->nrequired, n) ||
				            in_list(pl->optional, pl->noptional, n) || lifecycle_name(pl, n) ||
				            (pl->inactive_label && strcmp(pl->inactive_label, n) == 0);
				for (size_t f = 0; f < pl->nforbidden; f++)
					known |= strcmp(pl->forbidden[f].key, n) == 0; /* labels.canonical reports it */
				if (!known)
					acc_bad(&a, "group %zu (%s): label %s is neither required nor optional", i,
					        group_name(&doc->g[i], gn, sizeof(gn)), n);
			}
		acc_end(&a, doc->ng, "labels that need review before dashboard or alert exposure",
		        "only required, optional and lifecycle labels");
	}
	if (acc_begin(&a, ctx, CK_LABELS_IDENTIFYING, source)) {
		regex_t *re = calloc(pl->nidentifying_values + 1, sizeof(regex_t));
		size_t nre = 0;
		for (size_t k = 0; re && k < pl->nidentifying_values; k++)
			if (regcomp(&re[nre], pl->identifying_values[k], REG_EXTENDED | REG_NOSUB) == 0)
				nre++;
		for (size_t i = 0; i < doc->ng; i++)
			for (size_t k = 0; k < doc->g[i].nlabels; k++) {
				const struct sd_label *l = &doc->g[i].labels[k];
				if (in_list(pl->identifying_names, pl->nidentifying_names, l->name)) {
					acc_bad(&a, "group %zu (%s): label %s identifies a customer or user", i,
					        group_name(&doc->g[i], gn, sizeof(gn)), l->name);
					continue;
				}
				for (size_t e = 0; e < nre; e++)
					if (regexec(&re[e], l->value, 0, NULL, 0) == 0) {
						acc_bad(&a,
						        "group %zu (%s): the value of %s looks customer- or "
						        "user-identifying",
						        i, group_name(&doc->g[i], gn, sizeof(gn)), l->name);
						break;
					}
			}
		for (size_t e = 0; e < nre; e++)
			regfree(&re[e]);
		free(re);
		acc_end(&a, doc->ng, "customer/user-identifying labels to review before exposure",
		        "no customer- or user-identifying labels");
	}
	if (acc_begin(&a, ctx, CK_LABELS_STABLE, source)) {
		if (stable(&a, doc) == 0)
			acc_end(&a, doc->ng, "unstable labels", "one label key set per container_type, unique vmids");
		else
			probe_end(ctx, a.r, a.t0);
	}
	if (acc_begin(&a, ctx, CK_LABELS_LIFECYCLE, source)) {
		for (size_t i = 0; i < doc->ng; i++) {
			const struct sd_group *g = &doc->g[i];
			const char *ct = sd_label(g, "container_type");
			for (size_t k = 0; k < pl->nlifecycle; k++) {
				const struct policy_kv *lc = &pl->lifecycle[k];
				const char *p = lc->value;
				if (strcmp(lc->key, "all") != 0 && (!ct || strcmp(lc->key, ct) != 0))
					continue;
				while (*p) {
					char name[ZA_MAX_NAME + 1];
					size_t n = strcspn(p, ",");
					const char *s = p;
					while (n && *s == ' ') {
						s++;
						n--;
					}
					snprintf(name, sizeof(name), "%.*s", (int)n, s);
					if (*name && !sd_label(g, name))
						acc_bad(&a, "group %zu (%s): no %s", i, group_name(g, gn, sizeof(gn)),
						        name);
					p = s + n;
					if (*p == ',')
						p++;
				}
			}
		}
		acc_end(&a, doc->ng, "lifecycle metadata missing (launch debugging needs it)",
		        "the lifecycle metadata the policy expects is there");
	}
}

int labels_inactive(const struct policy_labels *pl, const struct sd_group *g)
{
	const char *v = pl->inactive_label ? sd_label(g, pl->inactive_label) : NULL;

	for (size_t i = 0; v && i < pl->ninactive_values; i++)
		if (strcmp(pl->inactive_values[i], v) == 0)
			return 1;
	return 0;
}

struct leak_ctx {
	struct probe_ctx *ctx;
	struct za_result *r;
	const char *source;
	long group;
	size_t n;
};

static void on_secret(void *arg, const char *rule, long line, long column, const char *value, size_t len)
{
	struct leak_ctx *lc = arg;

	(void)line;
	result_finding(lc->ctx->rs, lc->r, rule, lc->source, lc->group + 1, column, value, len);
	if (lc->n < 8)
		result_evidence(lc->ctx->rs, lc->r, "finding", lc->source, "%s in target group %ld", rule, lc->group);
	lc->n++;
}

static void secrets(struct probe_ctx *ctx, const struct sd_doc *doc, const char *source)
{
	struct leak_ctx lc = {ctx, NULL, source, 0, 0};
	long t0 = probe_now_ms();
	struct buf text;
	size_t cut = 0; /* groups whose text went over the buffer's cap: not scanned whole */

	lc.r = probe_begin(ctx, check_get(CK_LABELS_SECRETS), NULL, source);
	if (!lc.r)
		return;
	buf_init(&text, ZA_MAX_LABEL_TEXT);
	for (size_t i = 0; i < doc->ng; i++) {
		const struct sd_group *g = &doc->g[i];
		lc.group = (long)i;
		buf_reset(&text);
		for (size_t k = 0; k < g->ntargets; k++)
			buf_printf(&text, "target: %s\n", g->targets[k]);
		for (size_t k = 0; k < g->nlabels; k++)
			buf_printf(&text, "%s: %s\n", g->labels[k].name, g->labels[k].value);
		cut += text.truncated != 0;
		leakscan_text(buf_str(&text), text.len, on_secret, &lc);
		/* the deployment's own tokens, in any label value or target */
		for (size_t t = 0; t < ctx->ntokens; t++) {
			const struct za_secret *s = ctx->tokens[t].secret;
			long at = s ? secret_find(s, buf_str(&text), text.len) : -1;
			if (at >= 0) {
				result_finding(ctx->rs, lc.r, "known-secret", source, lc.group + 1, 0,
				               buf_str(&text) + at, secret_len(s));
				result_evidence(ctx->rs, lc.r, "finding", source,
				                "the policy's token '%s' in target group %ld", ctx->tokens[t].name,
				                lc.group);
				lc.n++;
			}
		}
	}
	if (text.p)
		explicit_bzero(text.p, text.alloc);
	buf_free(&text);
	if (lc.n)
		result_status(ctx->rs, lc.r, ZA_FAIL,
		              "%zu credential%s in labels, targets or parameters (service discovery metadata is not "
		              "secret to Prometheus)",
		              lc.n, lc.n == 1 ? "" : "s");
	else if (cut)
		result_status(ctx->rs, lc.r, ZA_ERROR,
		              "%zu target group%s over %u bytes of targets and labels were not scanned whole", cut,
		              cut == 1 ? "" : "s", ZA_MAX_LABEL_TEXT);
	else
		result_status(ctx->rs, lc.r, ZA_PASS, "no credentials in %zu target group%s", doc->ng,
		              doc->ng == 1 ? "" : "s");
	probe_end(ctx, lc.r, t0);
}

void labels_judge(struct probe_ctx *ctx, const struct sd_doc *doc, const char *source)
{
	if (ctx->policy->labels.present)
		contract(ctx, doc, source);
	else
		skip_all(ctx, source);
	secrets(ctx, doc, source);
}
