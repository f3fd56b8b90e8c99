/* keyring: the device token in the Secret Service (gnome-keyring, KWallet)
 * through libsecret, one item per (server, username) under the schema
 * org.curtain.DeviceToken. Tokens pass through here but are never logged. */
#include "sys/keyring.h"

#include <libsecret/secret.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/util.h"

/* How long the Secret Service gets to answer keyring_available's ping
 * (including D-Bus activation), so a wedged daemon cannot hang sign-in. */
#define KEYRING_PING_TIMEOUT_MS 3000

static const SecretSchema keyring_schema = {
	.name = "org.curtain.DeviceToken",
	.flags = SECRET_SCHEMA_NONE,
	.attributes = {
		{ "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	},
};

static void set_msg(char *buf, size_t len, const char *msg)
{
	if (buf && len > 0)
		snprintf(buf, len, "%s", msg);
}

/* Without a session bus address GDBus would try $XDG_RUNTIME_DIR/bus or
 * spawn dbus-launch on $DISPLAY: neither is this session's keyring, and
 * the second can block. Every call checks this first. */
static bool keyring_have_bus(void)
{
	const char *addr = getenv("DBUS_SESSION_BUS_ADDRESS");
	return addr && *addr;
}

static bool keyring_args_ok(const char *server, const char *username)
{
	return server && *server && username && *username;
}

bool keyring_available(char *why, size_t whylen)
{
	GDBusConnection *bus = NULL;
	GVariant *reply = NULL;
	SecretService *service = NULL;
	GError *error = NULL;
	bool ok = false;

	set_msg(why, whylen, "");
	if (!keyring_have_bus()) {
		/* TRANSLATORS: why the sign-in cannot be remembered on this
		 * workstation; shown at sign-in. */
		set_msg(why, whylen,
			_("no desktop keyring in this session (SSH, thin client or no D-Bus)"));
		goto out;
	}
	bus = g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, &error);
	if (!bus) {
		/* TRANSLATORS: D-Bus is the desktop's message bus; keep the name. */
		set_msg(why, whylen, _("the desktop session bus (D-Bus) does not answer"));
		goto out;
	}
	/* secret_service_get_sync() has no timeout of its own: ping first,
	 * with one, which also starts an activatable keyring daemon. */
	reply = g_dbus_connection_call_sync(bus, "org.freedesktop.secrets",
					    "/org/freedesktop/secrets", "org.freedesktop.DBus.Peer",
					    "Ping", NULL, NULL, G_DBUS_CALL_FLAGS_NONE,
					    KEYRING_PING_TIMEOUT_MS, NULL, &error);
	if (!reply) {
		set_msg(why, whylen, _("no desktop keyring answers in this session"));
		goto out;
	}
	service = secret_service_get_sync(SECRET_SERVICE_NONE, NULL, &error);
	if (!service) {
		set_msg(why, whylen, _("no desktop keyring answers in this session"));
		goto out;
	}
	ok = true;
out:
	if (service)
		g_object_unref(service);
	if (reply)
		g_variant_unref(reply);
	if (bus)
		g_object_unref(bus);
	g_clear_error(&error);
	return ok;
}

bool keyring_store(const char *server, const char *username, const char *device_token, char *err,
		   size_t errlen)
{
	GError *error = NULL;
	char *label = NULL;
	bool ok = false;

	set_msg(err, errlen, "");
	if (!keyring_args_ok(server, username) || !device_token || !*device_token) {
		set_msg(err, errlen, _("nothing to save in the keyring"));
		goto out;
	}
	if (!keyring_have_bus()) {
		set_msg(err, errlen,
			_("no desktop keyring in this session (SSH, thin client or no D-Bus)"));
		goto out;
	}
	/* TRANSLATORS: the keyring item's name, shown by the desktop's
	 * password manager; first %s is the username, second the server. */
	label = g_strdup_printf(_("Curtain sign-in for %s on %s"), username, server);
	/* Same attributes, same item: the Secret Service replaces it. */
	if (!secret_password_store_sync(&keyring_schema, SECRET_COLLECTION_DEFAULT, label,
					device_token, NULL, &error, "server", server, "username",
					username, NULL)) {
		if (err && errlen > 0) {
			/* TRANSLATORS: %s is the keyring's own error message. */
			snprintf(err, errlen, _("could not save the sign-in in the keyring: %s"),
				 error ? error->message : _("unknown error"));
		}
		goto out;
	}
	ok = true;
out:
	g_free(label);
	g_clear_error(&error);
	return ok;
}

char *keyring_lookup(const char *server, const char *username)
{
	GError *error = NULL;
	gchar *secret = NULL;
	char *token = NULL;

	if (!keyring_args_ok(server, username) || !keyring_have_bus())
		goto out;
	secret = secret_password_lookup_sync(&keyring_schema, NULL, &error, "server", server,
					     "username", username, NULL);
	if (!secret)
		goto out;
	/* A malloc copy, so the caller can wipe it and free() it. */
	token = xstrdup(secret);
out:
	if (secret)
		secret_password_free(secret); /* wipes */
	g_clear_error(&error);
	return token;
}

/* Adds name to list unless it is there already. */
static void users_add(char ***list, size_t *n, size_t *cap, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i], name) == 0)
			return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		*list = xrealloc(*list, *cap * sizeof(char *));
	}
	(*list)[(*n)++] = xstrdup(name);
}

struct search_wait {
	GList *items;
	GError *error;
	bool done;
};

static void search_done(GObject *source, GAsyncResult *result, gpointer data)
{
	struct search_wait *w = data;

	w->items = secret_password_search_finish(result, &w->error);
	w->done = true;
}

size_t keyring_users(const char *server, char ***users)
{
	struct search_wait w = { 0 };
	GMainContext *ctx = NULL;
	char **list = NULL;
	size_t n = 0, cap = 0;

	*users = NULL;
	if (!server || !*server || !keyring_have_bus())
		goto out;
	/* Not secret_password_search_sync(): the items it returns are D-Bus
	 * proxies whose signal subscriptions are released from an idle on
	 * the sync call's private context, which never runs again (a leak
	 * per item). With a context of our own we run those idles below. */
	ctx = g_main_context_new();
	g_main_context_push_thread_default(ctx);
	/* Attributes only: no secrets are loaded, no collection unlocked. */
	secret_password_search(&keyring_schema, SECRET_SEARCH_ALL, NULL, search_done, &w, "server",
			       server, NULL);
	while (!w.done)
		g_main_context_iteration(ctx, TRUE);
	for (GList *l = w.items; l; l = l->next) {
		GHashTable *attrs = secret_retrievable_get_attributes(l->data);
		const char *name = attrs ? g_hash_table_lookup(attrs, "username") : NULL;
		const char *srv = attrs ? g_hash_table_lookup(attrs, "server") : NULL;

		if (name && *name && srv && strcmp(srv, server) == 0)
			users_add(&list, &n, &cap, name);
		if (attrs)
			g_hash_table_unref(attrs);
	}
	*users = list;
out:
	g_list_free_full(w.items, g_object_unref);
	g_clear_error(&w.error);
	if (ctx) {
		while (g_main_context_iteration(ctx, FALSE))
			;
		g_main_context_pop_thread_default(ctx);
		g_main_context_unref(ctx);
	}
	return n;
}

bool keyring_delete(const char *server, const char *username)
{
	GError *error = NULL;
	bool ok = false;

	if (!keyring_args_ok(server, username) || !keyring_have_bus())
		goto out;
	/* FALSE without an error means there was nothing to remove. */
	secret_password_clear_sync(&keyring_schema, NULL, &error, "server", server, "username",
				   username, NULL);
	ok = error == NULL;
out:
	g_clear_error(&error);
	return ok;
}
