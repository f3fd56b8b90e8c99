/* ctl: what curtainctl's commands share: the command table, the open
 * database and its keys, error and usage reporting, password and secret
 * input, and the admin audit trail (actor = no staff member, detail names
 * the OS user). Each group of commands lives in its own file. */
#ifndef CURTAIN_CTL_H
#define CURTAIN_CTL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "server/crypto.h"
#include "server/store.h"

/* Exit statuses: GNU style. */
enum ctl_exit { CTL_OK = 0, CTL_FAIL = 1, CTL_USAGE = 2 };

#define CTL_PASSWORD_MIN 10 /* characters (UTF-8 code points) */

struct ctl {
	const char *db_path; /* -d/--db; NULL when not given */
	const char *key_opt; /* --key; NULL means "<db>.key" */
	char *key_path;	     /* resolved by ctl_open or ctl_key_path */
	struct crypto_keys keys;
	bool keys_loaded;
	struct store *store;
};

struct ctl_cmd;
typedef int (*ctl_run_fn)(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);

/* One line of the command table (main.c); help is generated from it. */
struct ctl_cmd {
	const char *group;   /* "dept", or the command itself for single words */
	const char *sub;     /* "add", or NULL */
	const char *args;    /* synopsis after the command words, N_() */
	const char *summary; /* one line, N_() */
	const char *options; /* option lines for COMMAND --help, N_(), may be NULL */
	ctl_run_fn run;
};

/* ---- reporting ---------------------------------------------------------- */
void ctl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the problem and a hint to COMMAND --help; returns CTL_USAGE. */
int ctl_usage(const struct ctl_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints "cannot WHAT: reason"; returns CTL_FAIL. */
int ctl_store_fail(enum store_rc rc, const char *what);
const char *ctl_rc_text(enum store_rc rc);
/* The full help of one command on stdout. */
void ctl_cmd_help(const struct ctl_cmd *cmd);
/* "dept add" style name of a command; points into a static buffer. */
const char *ctl_cmd_name(const struct ctl_cmd *cmd);

/* Shared getopt handling: returns CTL_OK to go on, or an exit status after
 * --help (CTL_OK with *done set) or an unknown option (CTL_USAGE). */
int ctl_getopt_end(const struct ctl_cmd *cmd, int opt, char **argv, bool *done);
/* Parses a command's options when --help is its only one: true when the
 * command is over (help shown, or a usage error) with its exit code in *rc. */
bool ctl_help_only(const struct ctl_cmd *cmd, int argc, char **argv, int *rc);

/* ---- database ----------------------------------------------------------- */
/* "<db>.key" unless --key was given; sets c->key_path. Needs c->db_path. */
const char *ctl_key_path(struct ctl *c);
/* Loads the keys and opens the existing database. Returns CTL_OK, CTL_FAIL,
 * or CTL_USAGE when no -d DB was given. */
int ctl_open(struct ctl *c, const struct ctl_cmd *cmd);
void ctl_close(struct ctl *c);

/* Begins an IMMEDIATE transaction, reporting a failure. */
bool ctl_tx_begin(struct ctl *c);
/* Commits, or rolls back and reports; returns CTL_OK or CTL_FAIL. */
int ctl_tx_commit(struct ctl *c);

/* ---- audit ---------------------------------------------------------------- */
/* The login name of whoever runs curtainctl. */
const char *ctl_os_user(void);
/* Appends an admin audit entry in the current transaction. detail (may be
 * NULL) is an object of extra non-PHI fields; it is consumed. */
enum store_rc ctl_audit(struct ctl *c, const char *action, const char *object_type,
			const char *object_id, json_t *detail);

/* ---- secrets ------------------------------------------------------------ */
/* Reads a new password: the first line of stdin when from_stdin, else two
 * prompts without echo on the terminal. Checks the minimum length. Returns
 * a malloc'd string (free with ctl_secret_free) or NULL after an error. */
char *ctl_password_read(bool from_stdin);
/* Number of UTF-8 characters in s. */
size_t ctl_utf8_len(const char *s);
/* Zeroes and frees *p, then NULLs it. */
void ctl_secret_free(char **p);
/* Random password of len characters from an unambiguous alphabet. */
void ctl_password_random(char *out, size_t len);
/* Upper-cases and strips spaces and '=' padding from a base32 TOTP secret;
 * false if it is not base32 or shorter than 80 bits. out: 129 bytes. */
bool ctl_base32_normalise(const char *in, char out[129]);

/* ---- output ------------------------------------------------------------- */
/* Listings are tab-separated lines, one row each. Writes s with tab,
 * newline, carriage return and backslash escaped as \t \n \r \\
 * (NULL prints as "-"), then sep ('\t' or '\n'). */
void ctl_put_field(const char *s, char sep);
/* "2026-11-23T07:13:33.123Z", or "-" for 0. out: 40 bytes. */
const char *ctl_time(int64_t ms, char out[40]);

/* ---- input -------------------------------------------------------------- */
/* All of stdin, with one trailing newline removed; caller frees. NULL on error. */
char *ctl_read_stdin(void);

/* ---- lookups ------------------------------------------------------------ */
/* Department by name; prints an error naming it when missing. */
bool ctl_dept_find(struct ctl *c, const char *name, struct department *d);

/* ---- commands ----------------------------------------------------------- */
int ctl_cmd_init(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_practice_set(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_practice_show(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_dept_add(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_dept_list(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_dept_set(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_template_add(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_template_list(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_template_remove(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_user_add(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_user_list(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_user_disable(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_user_enable(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_user_set_password(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_device_list(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_device_revoke(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_seed(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_sms_in(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_sim_outbox(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_audit_verify(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);
int ctl_cmd_audit_export(struct ctl *c, const struct ctl_cmd *cmd, int argc, char **argv);

/* Used by `user add` and the seeders: creates one staff member in the
 * current transaction (with its audit entry). password_hash comes from
 * crypto_password_hash (made before the transaction: argon2id is slow);
 * secret_b32 is normalised base32. */
enum store_rc ctl_staff_create(struct ctl *c, const char *username, const char *display_name,
			       enum role role, const struct id_list *depts,
			       const char *password_hash, const char *secret_b32,
			       struct staff *out);
/* Used by `dept add` and the seeders: creates a department with its audit entry. */
enum store_rc ctl_dept_create(struct ctl *c, const char *name, const char *number,
			      struct department *out);
/* Used by `template add` and `seed --demo`. dept_id "" = global. */
enum store_rc ctl_template_create(struct ctl *c, const char *name, const char *dept_id,
				  const char *lang, const char *body, struct template *out);

#endif
