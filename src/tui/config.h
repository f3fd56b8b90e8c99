/* config: the client's settings file, $XDG_CONFIG_HOME/curtain/config (or
 * ~/.config/curtain/config): "key = value" lines, checked one by one so a
 * bad line is reported as "FILE:LINE: ..." and the default stays. Also finds
 * the theme and keymap files the settings name. */
#ifndef CURTAIN_CONFIG_H
#define CURTAIN_CONFIG_H

#include <stdbool.h>

#include "tui/errlist.h"
#include "tui/keymap.h"
#include "tui/theme.h"

enum config_sort {
	CONFIG_SORT_WAITING = 0, /* longest-waiting patient first */
	CONFIG_SORT_ACTIVITY,	 /* latest message first */
};

enum config_keyring {
	CONFIG_KEYRING_SECRET_SERVICE = 0, /* device token in the OS keyring */
	CONFIG_KEYRING_NONE,		   /* sign in with MFA every start */
};

/* How chafa draws a picture preview (its --format); auto lets it detect. */
enum config_preview {
	CONFIG_PREVIEW_AUTO = 0,
	CONFIG_PREVIEW_SYMBOLS,
	CONFIG_PREVIEW_SIXELS,
	CONFIG_PREVIEW_KITTY,
	CONFIG_PREVIEW_ITERM,
};
/* chafa's name for a format ("symbols", ...), NULL for auto. */
const char *config_preview_name(enum config_preview p);

#define CONFIG_LOCK_AFTER_DEFAULT 300
#define CONFIG_LOCK_AFTER_MIN	  30
#define CONFIG_LOCK_AFTER_MAX	  3600

struct config {
	char *server; /* base URL; NULL when not set */
	char *theme;  /* theme name or path; "default" */
	char *keymap; /* keymap name or path; "default" */
	enum config_sort sort;
	int lock_after; /* idle seconds before the screen locks */
	enum config_keyring keyring;
	bool notify;	 /* desktop notifications (no names or text in them) */
	bool bell;	 /* terminal bell on new texts */
	bool accessible; /* screen-reader friendly: no colour-only cues, fewer redraws */
	bool mouse;
	enum config_preview preview_format;
};

/* Fills c with the defaults. */
void config_init(struct config *c);
/* Frees c's strings; c may be config_init()ed again. */
void config_free(struct config *c);

/* $XDG_CONFIG_HOME/curtain/config, or ~/.config/curtain/config; NULL when
 * neither XDG_CONFIG_HOME nor HOME is set. Caller frees. */
char *config_default_path(void);
/* $XDG_CONFIG_HOME/curtain (or ~/.config/curtain); NULL as above. Caller frees. */
char *config_dir(void);

/* Sets one setting from its text. False when key is unknown or value is
 * not valid; *err then holds why (translated, caller frees). */
bool config_set(struct config *c, const char *key, const char *value, char **err);

/* Applies config-file text; name prefixes the "name:LINE: ..." errors.
 * Returns the number of errors added to errs (which may be NULL). */
int config_load_string(struct config *c, const char *name, const char *text, struct errlist *errs);
/* Loads path, or config_default_path() when path is NULL. A missing
 * default file is not an error (the defaults apply); a missing explicit
 * one is. Returns the number of errors. */
int config_load(struct config *c, const char *path, struct errlist *errs);

/* Finds the file a theme or keymap setting names: a value with a '/' is a
 * path ("~/" is expanded); a name is looked up as <subdir>/<name><ext> in
 * config_dir(), then $CURTAIN_DATADIR, the installed data directory and
 * next to the program (../<subdir> from its directory). NULL when not
 * found. Caller frees. */
char *config_find_file(const char *subdir, const char *name, const char *ext);

/* The theme and keymap the settings choose, always usable: the built-in
 * defaults with the named file applied; problems go to errs. */
struct theme *config_open_theme(const struct config *c, struct errlist *errs);
struct keymap *config_open_keymap(const struct config *c, struct errlist *errs);

#endif
