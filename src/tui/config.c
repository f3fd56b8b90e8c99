/* config: settings file parsing and validation, theme/keymap lookup. */
#include "tui/config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/util.h"
#include "tui/cfgfile.h"

void config_init(struct config *c)
{
	*c = (struct config){
		.server = NULL,
		.theme = xstrdup("default"),
		.keymap = xstrdup("default"),
		.sort = CONFIG_SORT_WAITING,
		.lock_after = CONFIG_LOCK_AFTER_DEFAULT,
		.keyring = CONFIG_KEYRING_SECRET_SERVICE,
		.notify = true,
		.bell = true,
		.accessible = false,
		.mouse = false,
		.preview_format = CONFIG_PREVIEW_AUTO,
	};
}

void config_free(struct config *c)
{
	free(c->server);
	free(c->theme);
	free(c->keymap);
	c->server = c->theme = c->keymap = NULL;
}

char *config_dir(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	char *dir = NULL;
	/* The XDG spec says relative paths are to be ignored. */
	if (xdg && xdg[0] == '/')
		dir = cfgfile_msg("%s/curtain", xdg);
	else if (getenv("HOME") && getenv("HOME")[0])
		dir = cfgfile_msg("%s/.config/curtain", getenv("HOME"));
	return dir;
}

char *config_default_path(void)
{
	char *dir = config_dir();
	if (!dir)
		return NULL;
	char *path = cfgfile_msg("%s/config", dir);
	free(dir);
	return path;
}

/* ---- values ------------------------------------------------------------- */

static bool parse_bool(const char *v, bool *out)
{
	if (strcasecmp(v, "on") == 0 || strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0) {
		*out = true;
		return true;
	}
	if (strcasecmp(v, "off") == 0 || strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0) {
		*out = false;
		return true;
	}
	return false;
}

static bool host_is_loopback(const char *host, size_t len)
{
	if ((len == 9 && strncasecmp(host, "localhost", 9) == 0) ||
	    (len == 5 && strncmp(host, "[::1]", 5) == 0))
		return true;
	if (len < 7 || len > 15 || strncmp(host, "127.", 4) != 0)
		return false;
	int dots = 0;
	for (size_t i = 0; i < len; i++) {
		if (host[i] == '.')
			dots++;
		else if (host[i] < '0' || host[i] > '9')
			return false;
	}
	return dots == 3;
}

/* Checks a server URL: https://host[:port][/path], or http:// to this
 * computer only (the client never sends credentials or PHI in the clear). */
static char *check_server(const char *v)
{
	size_t skip;
	bool tls;
	if (strncasecmp(v, "https://", 8) == 0) {
		skip = 8;
		tls = true;
	} else if (strncasecmp(v, "http://", 7) == 0) {
		skip = 7;
		tls = false;
	} else {
		return cfgfile_msg(_("server must be an https:// address, not '%s'"), v);
	}
	const char *host = v + skip;
	size_t auth_len = strcspn(host, "/?#");
	size_t host_len;
	if (host[0] == '[') {
		const char *close = memchr(host, ']', auth_len);
		host_len = close ? (size_t)(close - host) + 1 : 0;
	} else {
		host_len = strcspn(host, ":/?#");
	}
	bool ok = host_len > 0 && strpbrk(v, " \t@") == NULL;
	for (size_t i = 0; ok && host[0] != '[' && i < host_len; i++) {
		char ch = host[i];
		ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		     (ch >= '0' && ch <= '9') || ch == '-' || ch == '.';
	}
	if (ok && host_len < auth_len) {
		const char *port = host + host_len;
		size_t plen = auth_len - host_len;
		long n = 0;
		ok = port[0] == ':' && plen >= 2 && plen <= 6;
		for (size_t i = 1; ok && i < plen; i++) {
			ok = port[i] >= '0' && port[i] <= '9';
			n = n * 10 + (port[i] - '0');
		}
		ok = ok && n >= 1 && n <= 65535;
	}
	if (!ok)
		return cfgfile_msg(_("'%s' is not a valid server address (example: "
				     "https://inbox.example.org)"),
				   v);
	if (!tls && !host_is_loopback(host, host_len))
		return cfgfile_msg(_("server '%s' uses plain http://, which is only allowed for "
				     "this computer; use https://"),
				   v);
	return NULL;
}

/* A theme or keymap value: a name (letters, digits, . _ -) or a path. */
static bool name_or_path_ok(const char *v)
{
	if (strchr(v, '/'))
		return true;
	if (v[0] == '.')
		return false;
	return strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	       strlen(v);
}

static void replace(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

const char *config_preview_name(enum config_preview p)
{
	switch (p) {
	case CONFIG_PREVIEW_SYMBOLS: return "symbols";
	case CONFIG_PREVIEW_SIXELS: return "sixels";
	case CONFIG_PREVIEW_KITTY: return "kitty";
	case CONFIG_PREVIEW_ITERM: return "iterm";
	default: return NULL;
	}
}

bool config_set(struct config *c, const char *key, const char *value, char **err)
{
	char *msg = NULL;
	const char *v = value ? value : "";
	bool b;
	*err = NULL;

	static const char *const known[] = { "server",	   "theme",   "keymap", "sort",
					     "lock_after", "keyring", "notify", "bell",
					     "accessible", "mouse",   "preview_format" };
	bool is_known = false;
	if (!key)
		key = "";
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		is_known = is_known || strcmp(key, known[i]) == 0;

	if (!is_known) {
		msg = cfgfile_msg(_("unknown setting '%s' (known: server, theme, keymap, sort, "
				    "lock_after, keyring, notify, bell, accessible, mouse, "
				    "preview_format)"),
				  key);
	} else if (!*v && strcmp(key, "server") != 0) {
		msg = cfgfile_msg(_("'%s' needs a value"), key);
	} else if (strcmp(key, "server") == 0) {
		if (!*v) {
			free(c->server);
			c->server = NULL;
		} else if (!(msg = check_server(v))) {
			replace(&c->server, v);
		}
	} else if (strcmp(key, "theme") == 0 || strcmp(key, "keymap") == 0) {
		if (!name_or_path_ok(v))
			msg = cfgfile_msg(
				_("%s: '%s' is neither a name (letters, digits, '.', '_', "
				  "'-') nor a file path"),
				key, v);
		else
			replace(key[0] == 't' ? &c->theme : &c->keymap, v);
	} else if (strcmp(key, "sort") == 0) {
		if (strcmp(v, "waiting") == 0)
			c->sort = CONFIG_SORT_WAITING;
		else if (strcmp(v, "activity") == 0)
			c->sort = CONFIG_SORT_ACTIVITY;
		else
			msg = cfgfile_msg(_("sort must be waiting or activity, not '%s'"), v);
	} else if (strcmp(key, "preview_format") == 0) {
		int f = -1;
		if (strcmp(v, "auto") == 0)
			f = CONFIG_PREVIEW_AUTO;
		for (int i = CONFIG_PREVIEW_SYMBOLS; i <= CONFIG_PREVIEW_ITERM; i++)
			if (strcmp(v, config_preview_name((enum config_preview)i)) == 0)
				f = i;
		if (f < 0)
			msg = cfgfile_msg(_("preview_format must be auto, symbols, sixels, kitty or "
					    "iterm, not '%s'"),
					  v);
		else
			c->preview_format = (enum config_preview)f;
	} else if (strcmp(key, "lock_after") == 0) {
		char *end;
		errno = 0;
		long n = strtol(v, &end, 10);
		if (errno || *end || v[0] == '-' || v[0] == '+' || n < CONFIG_LOCK_AFTER_MIN ||
		    n > CONFIG_LOCK_AFTER_MAX)
			msg = cfgfile_msg(_("lock_after must be a number of seconds from %d to %d, "
					    "not '%s'"),
					  CONFIG_LOCK_AFTER_MIN, CONFIG_LOCK_AFTER_MAX, v);
		else
			c->lock_after = (int)n;
	} else if (strcmp(key, "keyring") == 0) {
		if (strcmp(v, "secret-service") == 0)
			c->keyring = CONFIG_KEYRING_SECRET_SERVICE;
		else if (strcmp(v, "none") == 0)
			c->keyring = CONFIG_KEYRING_NONE;
		else
			msg = cfgfile_msg(_("keyring must be secret-service or none, not '%s'"), v);
	} else if (strcmp(key, "notify") == 0 || strcmp(key, "bell") == 0 ||
		   strcmp(key, "accessible") == 0 || strcmp(key, "mouse") == 0) {
		if (!parse_bool(v, &b))
			msg = cfgfile_msg(_("%s must be true or false, not '%s'"), key, v);
		else if (key[0] == 'n')
			c->notify = b;
		else if (key[0] == 'b')
			c->bell = b;
		else if (key[0] == 'a')
			c->accessible = b;
		else
			c->mouse = b;
	}
	*err = msg;
	return msg == NULL;
}

static char *config_line(char *raw, void *arg)
{
	struct config *c = arg;
	char *line = cfgfile_trim(raw);
	if (!*line || *line == '#' || *line == ';')
		return NULL;
	char *eq = strchr(line, '=');
	if (!eq)
		return cfgfile_msg(_("expected 'setting = value'"));
	*eq = '\0';
	char *key = cfgfile_trim(line), *value = cfgfile_trim(eq + 1);
	if (!*key)
		return cfgfile_msg(_("expected 'setting = value'"));
	size_t n = strlen(value);
	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		value[n - 1] = '\0';
		value++;
	}
	char *err;
	config_set(c, key, value, &err);
	return err;
}

int config_load_string(struct config *c, const char *name, const char *text, struct errlist *errs)
{
	return cfgfile_parse(name, text, config_line, c, errs);
}

int config_load(struct config *c, const char *path, struct errlist *errs)
{
	char *def = NULL;
	if (!path) {
		def = config_default_path();
		if (!def)
			return 0;
		path = def;
	}
	int bad = 0;
	char *text = cfgfile_read(path);
	if (!text) {
		if (!(def && errno == ENOENT)) {
			errlist_addf(errs, _("%s: cannot read the settings: %s"), path,
				     strerror(errno));
			bad = 1;
		}
	} else {
		bad = config_load_string(c, path, text, errs);
		free(text);
	}
	free(def);
	return bad;
}

/* ---- theme and keymap files --------------------------------------------- */

/* The installed data directory (themes/, keymaps/): -DCURTAIN_DATADIR, or
 * derived from LOCALEDIR, which the Makefile sets to $(DATADIR)/locale. */
static char *installed_datadir(void)
{
#if defined(CURTAIN_DATADIR)
	return xstrdup(CURTAIN_DATADIR);
#elif defined(LOCALEDIR)
	/* $(DATADIR)/locale -> $(DATADIR)/curtain */
	const char *loc = LOCALEDIR;
	size_t n = strlen(loc);
	if (n > 7 && strcmp(loc + n - 7, "/locale") == 0)
		return cfgfile_msg("%.*s/curtain", (int)(n - 7), loc);
	return NULL;
#else
	return NULL;
#endif
}

static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

char *config_find_file(const char *subdir, const char *name, const char *ext)
{
	if (!name || !*name)
		return NULL;
	if (strchr(name, '/')) {
		const char *home = getenv("HOME");
		if (name[0] == '~' && name[1] == '/' && home && *home)
			return cfgfile_msg("%s/%s", home, name + 2);
		return xstrdup(name);
	}
	size_t nl = strlen(name), el = strlen(ext);
	const char *suffix = nl > el && strcmp(name + nl - el, ext) == 0 ? "" : ext;

	char *dirs[4] = { NULL, NULL, NULL, NULL };
	char *cfg = config_dir();
	if (cfg) {
		dirs[0] = cfgfile_msg("%s/%s", cfg, subdir);
		free(cfg);
	}
	const char *env = getenv("CURTAIN_DATADIR");
	if (env && *env)
		dirs[1] = cfgfile_msg("%s/%s", env, subdir);
	char *data = installed_datadir();
	if (data) {
		dirs[2] = cfgfile_msg("%s/%s", data, subdir);
		free(data);
	}
	char *exe = exe_dir();
	if (exe) {
		dirs[3] = cfgfile_msg("%s/../%s", exe, subdir);
		free(exe);
	}
	char *found = NULL;
	for (int i = 0; i < 4; i++) {
		if (!found && dirs[i]) {
			char *p = cfgfile_msg("%s/%s%s", dirs[i], name, suffix);
			if (access(p, R_OK) == 0)
				found = p;
			else
				free(p);
		}
		free(dirs[i]);
	}
	return found;
}

struct theme *config_open_theme(const struct config *c, struct errlist *errs)
{
	struct theme *t = theme_new();
	const char *name = c->theme ? c->theme : "default";
	char *path = config_find_file("themes", name, ".theme");
	if (path)
		theme_load_file(t, path, errs);
	else if (strcmp(name, "default") != 0)
		errlist_addf(errs, _("theme '%s' not found; using the default colours"), name);
	free(path);
	return t;
}

struct keymap *config_open_keymap(const struct config *c, struct errlist *errs)
{
	struct keymap *km = keymap_new();
	const char *name = c->keymap ? c->keymap : "default";
	char *path = config_find_file("keymaps", name, ".keys");
	if (path)
		keymap_load_file(km, path, errs);
	else if (strcmp(name, "default") != 0)
		errlist_addf(errs, _("keymap '%s' not found; using the default keys"), name);
	free(path);
	return km;
}
