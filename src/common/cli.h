/* cli: what curtain, curtaind and curtainctl print for --version and at the
 * end of --help, and the one-line hint after a usage error, the way GNU
 * programs do (GNU Coding Standards, "--version" and "--help"). */
#ifndef CURTAIN_CLI_H
#define CURTAIN_CLI_H

#include <stdio.h>

/* Packagers may set these with -D; the defaults are the project's own. */
#ifndef CURTAIN_PACKAGE_NAME
#define CURTAIN_PACKAGE_NAME "Curtain"
#endif
#ifndef CURTAIN_COPYRIGHT_YEARS
#define CURTAIN_COPYRIGHT_YEARS "2026"
#endif
#ifndef CURTAIN_BUGREPORT_URL
#define CURTAIN_BUGREPORT_URL "https://curtain.example.org/bugs"
#endif
#ifndef CURTAIN_HOMEPAGE_URL
#define CURTAIN_HOMEPAGE_URL "https://curtain.example.org/"
#endif

/* Exit statuses shared by the three programs (each --help says which it
 * uses): success, trouble, wrong usage. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* --version on stdout: "PROGRAM (Curtain) VERSION", the copyright line and
 * the licence and warranty lines. */
void cli_version(const char *program);
/* The last lines of --help, to f: where to report bugs, the home page. */
void cli_help_footer(FILE *f);
/* "Try 'PROGRAM --help' for more information." to stderr. */
void cli_try_help(const char *program);

/* The message for an option getopt_long refused (it returned '?'), from
 * optopt and the argument getopt looked at (argv[optind - 1]), into buf:
 * "unknown option '-x'", "unknown option '--foo'" or "option '--foo' takes
 * no value". Never echoes what follows '=': "--twilio-t=SECRET", an
 * abbreviation getopt could not resolve, must not put SECRET on a terminal
 * or in a log. Returns buf. */
const char *cli_option_error(int optopt, const char *arg, char *buf, size_t n);

#endif
