/*
 * Unit tests for lib/color: git colour values turn into the escape
 * sequences git itself writes (the expected strings are what
 * `git config --get-color "" <value>` prints with git 2.39), and the
 * colour settings parse as git parses them.
 */
#include "t/unit/unit.h"
#include "lib/color.h"
#include "lib/repo.h"

static void check_color(const char *value, const char *want)
{
	char got[COLOR_MAXLEN];

	if (!CHECK(!color_parse(value, got)))
		printf("#   value: '%s'\n", value);
	else
		CHECK_STR(got, want);
}

static void check_bad_color(const char *value)
{
	char got[COLOR_MAXLEN];

	if (!CHECK(color_parse(value, got) < 0))
		printf("#   value: '%s'\n", value);
}

int main(void)
{
	check_color("red", "\033[31m");
	check_color("bold red", "\033[1;31m");
	check_color("reverse red", "\033[7;31m");
	check_color("brightred", "\033[91m");
	check_color("default black", "\033[39;40m");
	check_color("-1 red", "\033[41m");
	check_color("9", "\033[91m");
	check_color("15", "\033[97m");
	check_color("16", "\033[38;5;16m");
	check_color("255", "\033[38;5;255m");
	check_color("208 blue", "\033[38;5;208;44m");
	check_color("#ff8700 ul", "\033[4;38;2;255;135;0m");
	check_color("#FF8700", "\033[38;2;255;135;0m");
	check_color("bold dim italic ul blink reverse strike", "\033[1;2;3;4;5;7;9m");
	check_color("nobold", "\033[22m");
	check_color("no-bold no-dim", "\033[22m");
	check_color("noreverse nostrike noitalic noul noblink", "\033[23;24;25;27;29m");
	check_color("reset", "\033[m");
	check_color("reset red", "\033[;31m");
	check_color("bold reset", "\033[;1m");
	check_color("normal", "");
	check_color("", "");
	check_color("  green  ", "\033[32m");

	check_bad_color("red green blue");
	check_bad_color("bright");
	check_bad_color("purple");
	check_bad_color("256");
	check_bad_color("-2");
	check_bad_color("#ff87");
	check_bad_color("#gg8700");
	check_bad_color("underline");
	check_bad_color("averyveryveryverylongcolournamethatisnotacolour");

	CHECK_INT(color_parse_when("always"), GIT_COLOR_ALWAYS);
	CHECK_INT(color_parse_when("NEVER"), GIT_COLOR_NEVER);
	CHECK_INT(color_parse_when("auto"), GIT_COLOR_AUTO);
	CHECK_INT(color_parse_when("true"), GIT_COLOR_UNKNOWN);
	CHECK_INT(color_parse_when(""), GIT_COLOR_UNKNOWN);

	CHECK_INT(color_parse_config("always"), GIT_COLOR_ALWAYS);
	CHECK_INT(color_parse_config("never"), GIT_COLOR_NEVER);
	CHECK_INT(color_parse_config("auto"), GIT_COLOR_AUTO);
	CHECK_INT(color_parse_config("true"), GIT_COLOR_AUTO);
	CHECK_INT(color_parse_config("yes"), GIT_COLOR_AUTO);
	CHECK_INT(color_parse_config("1"), GIT_COLOR_AUTO);
	CHECK_INT(color_parse_config("false"), GIT_COLOR_NEVER);
	CHECK_INT(color_parse_config("off"), GIT_COLOR_NEVER);
	CHECK_INT(color_parse_config(""), GIT_COLOR_NEVER);
	CHECK_INT(color_parse_config("sometimes"), GIT_COLOR_UNKNOWN);

	/* The booleans under color.results, pager.results and GIT_PAGER_IN_USE. */
	CHECK_INT(config_parse_bool("TRUE"), 1);
	CHECK_INT(config_parse_bool("on"), 1);
	CHECK_INT(config_parse_bool("-3"), 1);
	CHECK_INT(config_parse_bool("No"), 0);
	CHECK_INT(config_parse_bool("0"), 0);
	CHECK_INT(config_parse_bool(""), 0);
	CHECK_INT(config_parse_bool("less -S"), -1);
	CHECK_INT(config_parse_bool("1x"), -1);

	/* Colour is off until color_setup() turns it on. */
	CHECK_STR(color_get(COLOR_FAIL), "");
	CHECK_STR(color_status(STATUS_PASS), "");
	CHECK_STR(color_reset(), "");
	return unit_done();
}
