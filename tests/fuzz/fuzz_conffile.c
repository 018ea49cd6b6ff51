/* fuzz_conffile.c - the host audit's readers of files on the audited system:
 * grafana.ini (INI), /etc/default and EnvironmentFile= files, systemd units,
 * and the words of Environment= values. Each callback touches every byte of
 * what it is given so a missing terminator shows up under the sanitizers. */
#include <string.h>

#include "conffile.h"
#include "fuzz.h"

static void touch(void *arg, const char *section, const char *key, const char *value, long line)
{
	size_t *n = arg;

	*n += strlen(section) + strlen(key) + strlen(value) + (line > 0);
}

static void words(void *arg, const char *section, const char *key, const char *value, long line)
{
	touch(arg, section, key, value, line);
	if (strcmp(key, "Environment") == 0)
		conf_env_words(value, line, touch, arg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;

	conf_ini((const char *)data, size, touch, &n);
	conf_env((const char *)data, size, touch, &n);
	conf_unit((const char *)data, size, words, &n);
	return n == (size_t)-1;
}
