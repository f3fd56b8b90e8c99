/* api: the JMAP-shaped batch endpoint — method calls, back-references,
 * per-call errors — and the context method handlers share. */
#ifndef CURTAIN_API_H
#define CURTAIN_API_H

#include <jansson.h>

#include "server/server.h"

struct call {
	struct request *req;
	struct server *srv;
	struct store *st;
	struct principal *p;
	bool wrote; /* something changed: wake the push thread after the batch */
};

typedef json_t *(*method_fn)(struct call *c, json_t *args, json_t **err);

/* A method error {"type", "description"}. */
json_t *method_error(const char *type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A per-object SetError. */
json_t *set_error(const char *type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reads "ids" (array of strings, at most max); NULL ids sets *all. */
bool args_ids(json_t *args, size_t max, json_t **ids, bool *all, json_t **err);
/* Applies "properties" from args to obj (stolen); returns the filtered object. */
json_t *apply_properties(json_t *args, json_t *obj);
/* Whether the answer will include prop: no "properties", or it names it
 * (so a costly property is computed only when asked for). */
bool args_wants(json_t *args, const char *prop);
/* Reads a non-negative integer argument with a default. */
bool args_int(json_t *args, const char *key, int64_t def, int64_t *out, json_t **err);

/* Generic Foo/changes over the change log with visibility rules. */
json_t *changes_generic(struct call *c, json_t *args, json_t **err, enum obj_type type);
/* The current state token of a type for this principal. */
void state_of(struct call *c, enum obj_type type, char out[96]);

/* Method tables of each file. */
struct method {
	const char *name;
	method_fn fn;
};
extern const struct method methods_misc[];
extern const struct method methods_conv[];

/* The message bodies the carrier sends; in gateway.c. */
void gateway_send(struct server *srv, struct store *st, const char *message_id);
void gateway_enqueue_system(struct server *srv, struct store *st, const struct conversation *conv,
			    const char *body);

#endif
