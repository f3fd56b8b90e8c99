/* errtext: the server's error types in words for staff, translated. */
#include "core/errtext.h"

#include <string.h>

#include "common/i18n.h"

static const struct {
	const char *type;
	const char *text;
} type_texts[] = {
	{ "forbidden", N_("You are not allowed to do that.") },
	{ "notFound", N_("That conversation is gone or no longer yours to see.") },
	{ "invalidArguments", N_("The server did not understand the request.") },
	{ "invalidProperties", N_("The server did not accept that change.") },
	{ "invalidPatch", N_("The server did not accept that change.") },
	{ "conversationChanged", N_("New messages arrived in the meantime.") },
	{ "alreadyExists", N_("That was already done.") },
	{ "optedOut", N_("The patient opted out of texts (STOP). Call them instead.") },
	{ "tooLarge", N_("The text is too long.") },
	{ "rateLimited", N_("Too many requests. Wait a moment and try again.") },
	{ "stateMismatch", N_("Someone changed it at the same time. Try again.") },
	{ "serverFail", N_("The server had a problem. Try again.") },
	{ "unavailable", N_("The server is busy. Try again in a moment.") },
	{ "requestTooLarge", N_("The request was too large for the server.") },
};

const char *errtext(const char *type, const char *description)
{
	if (description && *description) {
		const char *t = gettext(description);
		if (t != description)
			return t;
	}
	const char *base = type ? strrchr(type, ':') : NULL;
	base = base ? base + 1 : type;
	const char *english = NULL;
	for (size_t i = 0; base && i < sizeof type_texts / sizeof type_texts[0]; i++)
		if (strcmp(base, type_texts[i].type) == 0)
			english = type_texts[i].text;
	const char *translated = english ? gettext(english) : NULL;
	/* gettext() hands back its argument when there is no translation. */
	if (translated && translated != english)
		return translated;
	if (description && *description)
		return description;
	if (translated)
		return translated;
	return type && *type ? type : "?";
}
