/* cli: --version, the end of --help and the usage-error hint, shared. */
#include "common/cli.h"

#include "common/i18n.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void cli_version(const char *program)
{
	/* The first line is for scripts and packagers: untranslated. */
	printf("%s (%s) %s\n", program, CURTAIN_PACKAGE_NAME, CURTAIN_VERSION);
	/* TRANSLATORS: keep "(C)" as it is; %s is the years. */
	printf(_("Copyright (C) %s the Curtain developers.\n"), CURTAIN_COPYRIGHT_YEARS);
	fputs(_("License: see the copyright file that comes with Curtain.\n"
		"There is NO WARRANTY, to the extent permitted by law.\n"),
	      stdout);
}

void cli_help_footer(FILE *f)
{
	/* TRANSLATORS: %s is a web address. */
	fprintf(f, _("\nReport bugs to: <%s>\n"), CURTAIN_BUGREPORT_URL);
	/* TRANSLATORS: %s is a web address. */
	fprintf(f, _("Curtain home page: <%s>\n"), CURTAIN_HOMEPAGE_URL);
}

void cli_try_help(const char *program)
{
	/* TRANSLATORS: %s is the program, e.g. "curtain"; keep --help as it is. */
	fprintf(stderr, _("Try '%s --help' for more information.\n"), program);
}

const char *cli_option_error(int optopt, const char *arg, char *buf, size_t n)
{
	if (!arg)
		arg = "";
	bool is_long = strncmp(arg, "--", 2) == 0;
	if (optopt && !is_long) {
		snprintf(buf, n, _("unknown option '-%c'"), optopt);
		return buf;
	}
	/* The option's name only: never what follows '='. */
	int len = (int)strcspn(arg, "=");
	if (optopt && arg[len] == '=')
		/* A long option that takes no value was given one. */
		snprintf(buf, n, _("option '%.*s' takes no value"), len, arg);
	else
		snprintf(buf, n, _("unknown option '%.*s'"), len, arg);
	return buf;
}
