/* server: curtaind's shared context — configuration, keys, the per-thread
 * store handles, and the types every route and method handler sees (the
 * request, the authenticated principal, problem replies). */
#ifndef CURTAIN_SERVER_H
#define CURTAIN_SERVER_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/buf.h"
#include "server/crypto.h"
#include "server/store.h"

/* Limits announced in the session (PROTOCOL.md section 10). */
#define LIMIT_SIZE_REQUEST 1000000
#define LIMIT_CALLS_IN_REQUEST 32
#define LIMIT_OBJECTS_IN_GET 500
#define LIMIT_OBJECTS_IN_SET 100
#define LIMIT_QUERY 500
#define LIMIT_SMS_SEGMENTS 10
#define LIMIT_NOTE_BYTES 4000
#define LIMIT_CHANGES_DEFAULT 500

struct server_config {
	char *db_path;
	char *key_path;
	char *listen_host;
	int listen_port;
	char *port_file;
	char *tls_cert;
	char *tls_key;
	bool behind_tls_proxy;
	char *gateway; /* "sim" or "twilio" */
	int threads;
	int max_idle_lock_s;   /* policy.maxIdleLockSeconds */
	int access_idle_s;     /* access token sliding lifetime */
	int access_max_s;      /* access token absolute lifetime */
	int pin_min_length;
	int64_t max_media_bytes; /* limits.maxMediaBytes (--max-media-bytes) */
};

struct push;
struct twilio;

struct server {
	struct server_config cfg;
	struct crypto_keys keys;
	pthread_key_t store_key;
	struct push *push;
	struct twilio *twilio; /* the Twilio gateway, or NULL (sim) */
	void *daemon; /* struct MHD_Daemon * */
	char db_id[64];
};

/* The calling thread's store connection, opened on first use. NULL (and
 * logged) if the database cannot be opened. */
struct store *server_store(struct server *srv);

/* One HTTP request as the handlers see it. */
struct request {
	struct server *srv;
	void *conn; /* struct MHD_Connection * */
	const char *method;
	const char *url;
	char *raw_uri; /* the request target as received (path and query), for signatures */
	char ip[64];
	struct buf body;
	size_t body_limit; /* the route's largest body (LIMIT_SIZE_REQUEST for most) */
	bool too_large;
	bool body_seen;
	/* response */
	int status;
	void *response; /* struct MHD_Response * */
	int64_t started_ms;
};

const char *request_header(struct request *req, const char *name);
/* Replies with a JSON body (the reference is stolen). */
void reply_json(struct request *req, int status, json_t *body);
/* Replies with an RFC 9457 problem document; extra (stolen, may be NULL)
 * adds members such as "limit" or "attemptsRemaining". */
void reply_problem(struct request *req, int status, const char *type, const char *title,
		   const char *detail, json_t *extra);
void reply_text(struct request *req, int status, const char *content_type, const char *body);
void reply_header(struct request *req, const char *name, const char *value);
/* Replies with a ready libmicrohttpd response (struct MHD_Response *). */
void reply_response(struct request *req, int status, void *mhd_response);
/* Parses the body as a JSON object or replies notJSON/notRequest; NULL then. */
json_t *request_json(struct request *req);

/* The signed-in staff member behind an access token. */
struct principal {
	struct staff staff;
	char device_id[ID_LEN];
	char token_hash[65];
	struct id_list visible; /* member departments plus live break-glass grants */
	struct id_list grants;	/* the break-glass part of visible */
	int64_t grants_next_expiry;
	char epoch[17];		/* hash of who they are and what they can see */
};

/* Resolves the bearer token into *p; on failure replies 401 and returns false. */
bool auth_principal(struct request *req, struct store *st, struct principal *p);
/* Loads staff and visibility for a known staff/device (also used by push). */
bool principal_load(struct server *srv, struct store *st, const char *staff_id, const char *device_id,
		    struct principal *p);
void principal_clear(struct principal *p);
bool principal_sees(const struct principal *p, const char *dept_id);

/* Route handlers. */
void route_health(struct request *req);
void route_login(struct request *req);
void route_mfa(struct request *req);
void route_unlock(struct request *req);
void route_revoke(struct request *req);
void route_session(struct request *req);
void route_api(struct request *req);
void route_events(struct request *req);
void route_sim_inbound(struct request *req);
/* Whether the sim carrier's hook takes this request: loopback, the sim
 * gateway, and not behind a TLS proxy (where every client is loopback). */
bool gateway_sim_hook_open(const struct request *req);
void route_twilio_inbound(struct request *req);
void route_twilio_status(struct request *req);
/* Attachments (attachments.c): GET /v1/attachments/{id}, POST
 * /v1/attachments, and the carrier's GET /v1/hooks/twilio/media/{id}/{token}. */
void route_attachment_get(struct request *req);
void route_attachment_upload(struct request *req);
void route_carrier_media(struct request *req);

/* State tokens (PROTOCOL.md "State tokens"). */
void state_make(struct server *srv, const struct principal *p, int64_t modseq, char out[96]);
/* Parses a token made for this database and principal; false if foreign or stale. */
bool state_parse(struct server *srv, const struct principal *p, const char *token, int64_t *modseq);

/* Audit helper: appends inside the caller's transaction; false (logged)
 * when the entry could not be written. */
bool audit_add(struct store *st, const struct principal *p, const char *ip, const char *action,
	       const char *object_type, const char *object_id, json_t *detail /* stolen, may be NULL */);

#endif
