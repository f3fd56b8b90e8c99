/* notify_server: a minimal org.freedesktop.Notifications service for the
 * tests (GDBus, no display). It logs every Notify call, one line each, and
 * answers like a real server; test_notify.sh builds and runs it.
 *
 *   notify_server LOG [CAPS]    CAPS: comma-separated capabilities
 *                               (default "body,body-markup")
 *
 * LOG gets, per call, tab-separated fields (tabs and newlines in a field
 * escaped by g_strescape): "Notify", app_name, replaces_id, app_icon,
 * summary, body, expire_timeout, the returned id, hint names (sorted,
 * comma-separated), actions (comma-separated). The line is flushed before
 * the reply leaves, so a caller that got its reply can read it. LOG.ready
 * appears once the bus name is ours. */
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char introspection_xml[] =
	"<node><interface name='org.freedesktop.Notifications'>"
	"<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
	"<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
	"<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
	"<arg type='u' direction='out'/></method>"
	"<method name='CloseNotification'><arg type='u' direction='in'/></method>"
	"<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
	"<method name='GetServerInformation'><arg type='s' direction='out'/><arg type='s' direction='out'/>"
	"<arg type='s' direction='out'/><arg type='s' direction='out'/></method>"
	"<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
	"<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
	"</interface></node>";

static FILE *log_file;
static const char *log_path;
static char **caps;
static guint32 next_id = 1;

static void put_field(GString *line, const char *s)
{
	char *e = g_strescape(s, "");
	g_string_append_c(line, '\t');
	g_string_append(line, e);
	g_free(e);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void on_notify(GVariant *params, GDBusMethodInvocation *inv)
{
	const char *app, *icon, *summary, *body;
	guint32 replaces, id;
	gint32 timeout;
	GVariant *actions, *hints;
	GString *line = g_string_new("Notify");
	GPtrArray *names = g_ptr_array_new();
	GVariantIter it;
	const char *key;
	char buf[32];

	g_variant_get(params, "(&su&s&s&s@as@a{sv}i)", &app, &replaces, &icon, &summary, &body,
		      &actions, &hints, &timeout);
	id = replaces ? replaces : next_id++;
	put_field(line, app);
	snprintf(buf, sizeof buf, "%u", replaces);
	put_field(line, buf);
	put_field(line, icon);
	put_field(line, summary);
	put_field(line, body);
	snprintf(buf, sizeof buf, "%d", timeout);
	put_field(line, buf);
	snprintf(buf, sizeof buf, "%u", id);
	put_field(line, buf);

	g_variant_iter_init(&it, hints);
	while (g_variant_iter_next(&it, "{&sv}", &key, NULL))
		g_ptr_array_add(names, (gpointer)key);
	g_ptr_array_sort(names, cmp_str);
	g_string_append_c(line, '\t');
	for (guint i = 0; i < names->len; i++)
		g_string_append_printf(line, "%s%s", i ? "," : "", (char *)names->pdata[i]);
	g_string_append_c(line, '\t');
	{
		gsize n;
		const char **a = g_variant_get_strv(actions, &n);
		for (gsize i = 0; i < n; i++)
			g_string_append_printf(line, "%s%s", i ? "," : "", a[i]);
		g_free(a);
	}
	fprintf(log_file, "%s\n", line->str);
	fflush(log_file);
	g_string_free(line, TRUE);
	g_ptr_array_free(names, TRUE);
	g_variant_unref(actions);
	g_variant_unref(hints);
	g_dbus_method_invocation_return_value(inv, g_variant_new("(u)", id));
}

static void on_method(GDBusConnection *conn, const char *sender, const char *path,
		      const char *iface, const char *method, GVariant *params,
		      GDBusMethodInvocation *inv, gpointer data)
{
	if (strcmp(method, "Notify") == 0) {
		on_notify(params, inv);
	} else if (strcmp(method, "GetCapabilities") == 0) {
		g_dbus_method_invocation_return_value(
			inv,
			g_variant_new("(@as)", g_variant_new_strv((const char *const *)caps, -1)));
	} else if (strcmp(method, "GetServerInformation") == 0) {
		g_dbus_method_invocation_return_value(inv,
						      g_variant_new("(ssss)", "curtain-test-notify",
								    "Curtain tests", "1", "1.2"));
	} else if (strcmp(method, "CloseNotification") == 0) {
		g_dbus_method_invocation_return_value(inv, NULL);
	} else {
		g_dbus_method_invocation_return_dbus_error(
			inv, "org.freedesktop.DBus.Error.UnknownMethod", method);
	}
}

static const GDBusInterfaceVTable vtable = { on_method, NULL, NULL, { 0 } };

static void on_bus(GDBusConnection *conn, const char *name, gpointer data)
{
	GDBusNodeInfo *info = g_dbus_node_info_new_for_xml(introspection_xml, NULL);
	GError *err = NULL;
	if (!g_dbus_connection_register_object(conn, "/org/freedesktop/Notifications",
					       info->interfaces[0], &vtable, NULL, NULL, &err)) {
		fprintf(stderr, "notify_server: %s\n", err->message);
		exit(1);
	}
	g_dbus_node_info_unref(info);
}

static void on_name(GDBusConnection *conn, const char *name, gpointer data)
{
	char *ready = g_strconcat(log_path, ".ready", NULL);
	g_file_set_contents(ready, "ready\n", -1, NULL);
	g_free(ready);
}

static void on_lost(GDBusConnection *conn, const char *name, gpointer data)
{
	fprintf(stderr, "notify_server: could not own %s (another server?)\n", name);
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: notify_server LOG [CAPS]\n");
		return 2;
	}
	log_path = argv[1];
	log_file = fopen(log_path, "a");
	if (!log_file) {
		perror(log_path);
		return 1;
	}
	caps = g_strsplit(argc > 2 ? argv[2] : "body,body-markup", ",", -1);
	g_bus_own_name(G_BUS_TYPE_SESSION, "org.freedesktop.Notifications",
		       G_BUS_NAME_OWNER_FLAGS_NONE, on_bus, on_name, on_lost, NULL, NULL);
	g_main_loop_run(g_main_loop_new(NULL, FALSE));
	return 0;
}
