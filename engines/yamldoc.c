/* yamldoc.c - see yamldoc.h. */
#include "yamldoc.h"

#include <string.h>

enum za_err yamldoc_load(yaml_document_t *d, const char *text, size_t len, char *err, size_t errlen)
{
	yaml_parser_t p;
	int ok;

	if (memchr(text, '\0', len)) {
		za_seterr(err, errlen, "NUL byte in the document");
		return ZA_ERR_INPUT;
	}
	if (!yaml_parser_initialize(&p))
		return ZA_ERR_NOMEM;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	ok = yaml_parser_load(&p, d);
	if (!ok)
		za_seterr(err, errlen, "line %zu: %s", p.problem_mark.line + 1, p.problem ? p.problem : "invalid YAML");
	yaml_parser_delete(&p); /* the document does not need the parser */
	return ok ? ZA_OK : ZA_ERR_INPUT;
}

const char *yamldoc_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *yamldoc_get(yaml_document_t *d, const yaml_node_t *m, const char *key)
{
	if (!m || m->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		const char *k = yamldoc_scalar(yaml_document_get_node(d, p->key));
		if (k && strcmp(k, key) == 0)
			return yaml_document_get_node(d, p->value);
	}
	return NULL;
}
