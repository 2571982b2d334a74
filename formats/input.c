#include "formats/format.h"
#include "lib/record.h"
#include "lib/usage.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int format_parse_file(const char *path, const char *format_name, struct result_sink *sink,
		      struct strbuf *err)
{
	struct strbuf quoted = STRBUF_INIT;
	const char *name;
	const struct format *fmt = NULL;
	struct line_reader lr;
	const char *head;
	size_t head_len;
	off_t start;
	int fd, ret = -1;

	if (strcmp(path, "-"))
		strbuf_addf(&quoted, "'%s'", path);
	else
		strbuf_addstr(&quoted, "standard input");
	name = quoted.buf;
	if (format_name && strcasecmp(format_name, "auto")) {
		fmt = format_find(format_name);
		if (!fmt) {
			strbuf_addf(err, "unknown format '%s' (known: ", format_name);
			format_list_names(err);
			strbuf_addch(err, ')');
			strbuf_release(&quoted);
			return -1;
		}
	}
	fd = strcmp(path, "-") ? open(path, O_RDONLY) : 0;
	if (fd < 0) {
		strbuf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		strbuf_release(&quoted);
		return -1;
	}
	/* where the input starts, to read it again if detection has to */
	start = lseek(fd, 0, SEEK_CUR);
	line_reader_init(&lr, fd);
	head_len = line_reader_peek(&lr, FORMAT_DETECT_BYTES, &head);
	if (lr.error) {
		strbuf_addf(err, "cannot read %s: %s", name, strerror(lr.error));
		goto cleanup;
	}
	if (!head_len) {
		strbuf_addf(err, "%s is empty", name);
		goto cleanup;
	}
	if (!fmt) {
		fmt = format_detect_input(&lr, start);
		if (lr.error) {
			strbuf_addf(err, "cannot read %s: %s", name, strerror(lr.error));
			goto cleanup;
		}
	}
	if (!fmt) {
		strbuf_addf(err, "cannot tell the format of %s; name it with --format", name);
		goto cleanup;
	} else if (format_name && strcasecmp(format_name, "auto")) {
		/*
		 * A named format that sees nothing of its own where another
		 * is sure of itself would read something else: a LAVA signal
		 * quoted in a tuxrun results.json is no LAVA run.
		 */
		const struct format *claimed = format_detect(head, head_len);

		if (claimed && claimed != fmt && !fmt->detect(head, head_len) &&
		    claimed->detect(head, head_len) >= FORMAT_SURE_SCORE) {
			strbuf_addf(err, "cannot parse %s as %s: it is %s; use --format=%s",
				    name, fmt->name, claimed->description, claimed->name);
			goto cleanup;
		}
	}
	{
		struct strbuf msg = STRBUF_INIT;

		ret = fmt->parse(&lr, sink, &msg);
		if (!ret && lr.error) {
			strbuf_addstr(&msg, strerror(lr.error));
			ret = -1;
		}
		if (ret < 0)
			strbuf_addf(err, "cannot parse %s as %s: %s", name, fmt->name, msg.buf);
		strbuf_release(&msg);
	}
cleanup:
	strbuf_release(&quoted);
	line_reader_release(&lr);
	if (fd > 0)
		close(fd);
	return ret < 0 ? -1 : ret;
}

static int add_to_record(struct result_sink *sink, const char *path,
			 enum result_status status, const char *reason)
{
	record_add_test(sink->data, path, status, reason);
	return 0;
}

static int add_metric_to_record(struct result_sink *sink, const char *path,
				enum result_status status, const char *reason,
				const struct record_metric *metric)
{
	record_add_test_metric(sink->data, path, status, reason, metric);
	return 0;
}

int format_sink_test(struct result_sink *sink, const char *path, enum result_status status,
		     const char *reason, const struct record_metric *metric)
{
	if (metric && sink->test_metric)
		return sink->test_metric(sink, path, status, reason, metric);
	return sink->test(sink, path, status, reason);
}

int format_parse_file_to_record(struct record *r, const char *path, const char *format_name,
				struct strbuf *err)
{
	struct result_sink sink = { add_to_record, NULL, r, add_metric_to_record };

	return format_parse_file(path, format_name, &sink, err);
}
