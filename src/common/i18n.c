/* i18n: locale set-up shared by curtain, curtaind and curtainctl. */
#include "common/i18n.h"

#include <stdlib.h>

void i18n_init(void)
{
	setlocale(LC_ALL, "");
	const char *dir = getenv("CURTAIN_LOCALEDIR");
	bindtextdomain("curtain", dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset("curtain", "UTF-8");
	textdomain("curtain");
}
