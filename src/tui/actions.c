/* actions: the table built from ACTIONS(), name lookup and preconditions. */
#include "tui/actions.h"

#include <string.h>

#include "common/buf.h"

/* clang-format off */
static const struct action action_table[ACT_COUNT] = {
	[ACT_NONE] = {"", 0, 0, "", ""},
#define X(id, name, ctx, flags, keys, help) [ACT_##id] = {name, ctx, flags, keys, help},
	ACTIONS(X)
#undef X
};
/* clang-format on */

static const char *const context_names[CTX_COUNT] = {
	[CTX_GLOBAL] = "global",   [CTX_LIST] = "list",	    [CTX_THREAD] = "thread",
	[CTX_COMPOSE] = "compose", [CTX_PICKER] = "picker", [CTX_DIALOG] = "dialog",
	[CTX_LOCK] = "lock",	   [CTX_SIGNIN] = "signin",
};

static const char *const context_titles[CTX_COUNT] = {
	/* TRANSLATORS: help overlay headings, one per keyboard context. */
	[CTX_GLOBAL] = N_("Everywhere"),
	[CTX_LIST] = N_("Conversation list"),
	[CTX_THREAD] = N_("Conversation"),
	[CTX_COMPOSE] = N_("Writing a message"),
	[CTX_PICKER] = N_("Choosing from a list"),
	[CTX_DIALOG] = N_("Questions"),
	[CTX_LOCK] = N_("Lock screen"),
	[CTX_SIGNIN] = N_("Sign-in"),
};

const struct action *action_get(enum action_id id)
{
	if ((int)id <= ACT_NONE || id >= ACT_COUNT)
		return NULL;
	return &action_table[id];
}

const char *action_name(enum action_id id)
{
	const struct action *a = action_get(id);
	return a ? a->name : "";
}

const char *action_help(enum action_id id)
{
	const struct action *a = action_get(id);
	return a ? gettext(a->help) : "";
}

unsigned action_contexts(enum action_id id)
{
	const struct action *a = action_get(id);
	return a ? a->contexts : 0;
}

bool action_in_context(enum action_id id, enum ui_context ctx)
{
	if ((int)ctx < 0 || ctx >= CTX_COUNT)
		return false;
	return (action_contexts(id) & (1u << ctx)) != 0;
}

bool action_usable_in(enum action_id id, enum ui_context ctx)
{
	return action_in_context(id, ctx) || (action_get(id) && action_in_context(id, CTX_GLOBAL) &&
					      (int)ctx >= 0 && ctx < CTX_COUNT);
}

enum action_id action_lookup(const char *name, enum ui_context ctx)
{
	if (!name)
		return ACT_NONE;
	for (int i = ACT_FIRST; i < ACT_COUNT; i++)
		if (action_usable_in(i, ctx) && strcmp(action_table[i].name, name) == 0)
			return i;
	return ACT_NONE;
}

enum action_id action_lookup_any(const char *name)
{
	if (!name)
		return ACT_NONE;
	for (int i = ACT_FIRST; i < ACT_COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return i;
	return ACT_NONE;
}

const char *ui_context_name(enum ui_context ctx)
{
	if ((int)ctx < 0 || ctx >= CTX_COUNT)
		return NULL;
	return context_names[ctx];
}

const char *ui_context_title(enum ui_context ctx)
{
	if ((int)ctx < 0 || ctx >= CTX_COUNT)
		return "";
	return gettext(context_titles[ctx]);
}

bool ui_context_from_name(const char *name, enum ui_context *ctx)
{
	for (int i = 0; name && i < CTX_COUNT; i++) {
		if (strcmp(context_names[i], name) == 0) {
			*ctx = i;
			return true;
		}
	}
	return false;
}

bool ui_context_is_text(enum ui_context ctx)
{
	return (int)ctx >= 0 && ctx < CTX_COUNT && ((1u << ctx) & CTXM_FIELDS) != 0;
}

char *ui_context_list(unsigned mask)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "");
	for (int i = 0; i < CTX_COUNT; i++) {
		if (!(mask & (1u << i)))
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		buf_puts(&b, context_names[i]);
	}
	return buf_steal(&b);
}

enum action_denial action_check(enum action_id id, const struct action_env *env)
{
	const struct action *a = action_get(id);
	if (!a)
		return ACTION_OK;
	if ((a->flags & AF_UNLOCKED) && env->locked)
		return ACTION_DENIED_LOCKED;
	if ((a->flags & AF_CONV) && !env->has_conversation)
		return ACTION_DENIED_NO_CONVERSATION;
	if ((a->flags & AF_SUPERVISOR) && !env->supervisor)
		return ACTION_DENIED_NOT_SUPERVISOR;
	return ACTION_OK;
}

const char *action_denial_message(enum action_denial d)
{
	switch (d) {
	case ACTION_OK:
		return "";
	case ACTION_DENIED_LOCKED:
		return _("Unlock the screen first.");
	case ACTION_DENIED_NO_CONVERSATION:
		return _("Select a conversation first.");
	case ACTION_DENIED_NOT_SUPERVISOR:
		return _("Only a supervisor can do that.");
	}
	return "";
}
