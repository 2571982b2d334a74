#include "lib/config-number.h"
#include "lib/repo.h"

#include <errno.h>
#include <stdlib.h>

int config_get_seconds(git_repository *repo, const char *key, double def, double *out,
		       struct strbuf *err)
{
	char *value = config_get_string(repo, key), *end;
	double d;

	*out = def;
	if (!value)
		return 0;
	errno = 0;
	d = strtod(value, &end);
	if (end == value || *end || errno || d < 0 || d > 86400 * 7) {
		strbuf_addf(err, "bad number of seconds '%s' for '%s'", value, key);
		free(value);
		return -1;
	}
	*out = d;
	free(value);
	return 0;
}

int config_get_int(git_repository *repo, const char *key, int def, int max, int *out,
		   struct strbuf *err)
{
	char *value = config_get_string(repo, key), *end;
	long n;

	*out = def;
	if (!value)
		return 0;
	n = strtol(value, &end, 10);
	if (end == value || *end || n < 0 || n > max) {
		strbuf_addf(err, "bad number '%s' for '%s' (0 to %d)", value, key, max);
		free(value);
		return -1;
	}
	*out = (int)n;
	free(value);
	return 0;
}
