/* objects: the synced object types of the Curtain protocol, shared by the
 * client's core and the server's store, with the name tables that map their
 * enums to protocol strings. Codecs to and from JSON are in proto/codec.h. */
#ifndef CURTAIN_OBJECTS_H
#define CURTAIN_OBJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role { ROLE_AGENT = 0, ROLE_SUPERVISOR = 1, ROLE_ADMIN = 2 };
enum conv_status { CONV_OPEN = 0, CONV_PENDING, CONV_SNOOZED, CONV_RESOLVED };
enum msg_direction { MSG_IN = 0, MSG_OUT, MSG_SYSTEM };
enum delivery_state { DELIV_RECEIVED = 0, DELIV_PENDING, DELIV_SENT, DELIV_DELIVERED, DELIV_FAILED };
enum consent_state { CONSENT_UNKNOWN = 0, CONSENT_OPTED_IN, CONSENT_OPTED_OUT };
/* An MMS attachment's life (PROTOCOL.md section 6): an inbound picture the
 * server is still fetching, bytes the server keeps, or refused and why. */
enum mms_state { MMS_FETCHING = 0, MMS_STORED, MMS_REJECTED };
enum mms_reason { MMS_REASON_NONE = 0, MMS_TOO_LARGE, MMS_BAD_TYPE, MMS_FETCH_FAILED };

/* Object types with state tokens; also the change log's type column. */
enum obj_type {
	OBJ_DEPARTMENT = 0,
	OBJ_STAFF,
	OBJ_CONVERSATION,
	OBJ_MESSAGE,
	OBJ_NOTE,
	OBJ_TEMPLATE,
	OBJ_ASSIGNMENT,
	OBJ_TYPE_COUNT
};

#define ID_LEN 24 /* ids are one prefix letter + 16 chars (see id_new) */

/* Every *_clear frees the strings the struct owns (wiping PHI and secrets
 * first) and zeroes the struct, so clearing twice, or clearing a zeroed
 * struct, is safe. */

struct id_list {
	char (*ids)[ID_LEN];
	size_t n;
	size_t cap;
};
/* A set of ids: adding one already present, or one that is empty or too long
 * for ID_LEN, does nothing. id_list_clear frees and leaves an empty list. */
void id_list_add(struct id_list *l, const char *id);
bool id_list_has(const struct id_list *l, const char *id);
void id_list_clear(struct id_list *l);

struct department {
	char id[ID_LEN];
	char *name;
	char *sms_number;	  /* E.164 */
	char *secure_template_id; /* template used instead of a too-detailed text; may be NULL */
	int64_t version;
};
void department_clear(struct department *d);

struct dept_counts {
	int64_t open;	    /* status open or pending */
	int64_t unassigned; /* open/pending with no assignee */
	int64_t mine;	    /* open/pending assigned to the asking staff member */
	int64_t waiting;    /* open with the patient waiting (last message inbound) */
	int64_t snoozed;
	int64_t resolved;
};

struct staff {
	char id[ID_LEN];
	char *username;	   /* unique, lower case */
	char *display_name; /* e.g. "Dana Reyes" */
	enum role role;
	struct id_list depts;
	bool disabled;
	char *password_hash; /* argon2id string; only filled by store_staff_get_auth */
	char *totp_secret;   /* base32, decrypted; only filled by store_staff_get_auth */
	int64_t totp_last_step;
	int64_t version;
};
void staff_clear(struct staff *s);

struct conversation {
	char id[ID_LEN];
	char department_id[ID_LEN];
	char *patient_name;
	char *patient_phone; /* E.164 */
	char *language;	     /* BCP 47, e.g. "en", "es" */
	enum conv_status status;
	int64_t snoozed_until; /* ms, 0 when not snoozed */
	char assignee_id[ID_LEN]; /* "" when unassigned */
	char last_message_id[ID_LEN];
	char *last_preview;	 /* first 120 bytes of the last message (UTF-8 safe) */
	enum msg_direction last_direction;
	int64_t last_activity;	 /* ms of the last message or status change */
	int64_t waiting_since;	 /* ms of the oldest unanswered inbound message, 0 if none */
	bool unread;
	enum consent_state consent;
	int64_t created_at;
	int64_t version;
};
void conversation_clear(struct conversation *c);

/* Message.attachments[i]: what a client may know of an attachment; the
 * bytes travel apart (GET /v1/attachments/{id}). */
struct msg_attachment {
	char id[ID_LEN];
	char *content_type; /* "image/jpeg", ...; NULL if unknown */
	int64_t size;	    /* bytes; 0 until stored */
	enum mms_state state;
	enum mms_reason reason; /* MMS_REJECTED only */
	char *name;		   /* the uploader's file name (PHI, wiped), or NULL */
};
void msg_attachment_clear(struct msg_attachment *a);

struct message {
	char id[ID_LEN];
	char conversation_id[ID_LEN];
	enum msg_direction direction;
	char *body;
	char author_id[ID_LEN]; /* staff id for outbound, "" otherwise */
	char *client_msg_id;	/* NULL unless sent by a client */
	char *request_hash;	/* hex hash of the create request (idempotency) */
	enum delivery_state delivery;
	char *delivery_error;	/* carrier error code/reason, NULL if none */
	char *carrier_sid;	/* NULL until submitted */
	int segments;
	int64_t created_at;
	int64_t version;
	struct msg_attachment *attachments; /* n_attachments of them, NULL when none */
	size_t n_attachments;
};
/* Also clears and frees the attachments. */
void message_clear(struct message *m);

struct note {
	char id[ID_LEN];
	char conversation_id[ID_LEN];
	char author_id[ID_LEN];
	char *body;
	int64_t created_at;
	int64_t version;
};
void note_clear(struct note *n);

enum assign_kind { ASSIGN_CLAIM = 0, ASSIGN_REASSIGN, ASSIGN_RELEASE, ASSIGN_TRANSFER };
struct assignment {
	char id[ID_LEN];
	char conversation_id[ID_LEN];
	enum assign_kind kind;
	char from_staff[ID_LEN];
	char to_staff[ID_LEN];
	char from_dept[ID_LEN];
	char to_dept[ID_LEN];
	char by_staff[ID_LEN];
	int64_t at;
	int64_t version;
};

struct template {
	char id[ID_LEN];
	char *name;
	char department_id[ID_LEN]; /* "" = global */
	char *language;
	char *body; /* with {placeholders}; not PHI */
	int64_t version;
};
void template_clear(struct template *t);

struct device {
	char id[ID_LEN];
	char staff_id[ID_LEN];
	char *name;
	int pin_failures;
	int64_t created_at;
	int64_t last_used;
	int64_t revoked_at; /* 0 when active */
};
void device_clear(struct device *d);


/* Protocol names ("agent", "open", "in", "delivered", "optedOut", ...).
 * *_name returns NULL for a value outside the enum; *_parse returns -1 for an
 * unknown name (names are case-sensitive). */
const char *role_name(enum role r);
int role_parse(const char *s);
const char *conv_status_name(enum conv_status s);
int conv_status_parse(const char *s);
const char *msg_direction_name(enum msg_direction d);
int msg_direction_parse(const char *s);
const char *delivery_state_name(enum delivery_state d);
int delivery_state_parse(const char *s);
const char *consent_state_name(enum consent_state c);
int consent_state_parse(const char *s);
const char *assign_kind_name(enum assign_kind k);
int assign_kind_parse(const char *s);
/* "fetching", "stored", "rejected"; reasons "tooLarge", "badType",
 * "fetchFailed" (MMS_REASON_NONE has no name). */
const char *mms_state_name(enum mms_state st);
int mms_state_parse(const char *s);
const char *mms_reason_name(enum mms_reason r);
int mms_reason_parse(const char *s);
/* "Department", "Staff", "Conversation", "Message", "Note", "Template", "Assignment" */
const char *obj_type_name(enum obj_type t);
int obj_type_parse(const char *s);

#endif
