/* i18n: the one place gettext is wired in. Every user-facing string goes
 * through _() (translated now), N_() (marked, translated later) or
 * ngettext() for counts. */
#ifndef CURTAIN_I18N_H
#define CURTAIN_I18N_H

#include <libintl.h>
#include <locale.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Sets the locale from the environment and binds the "curtain" domain. */
void i18n_init(void);

#endif
