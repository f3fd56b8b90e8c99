/* codec: the one JSON shape of each protocol object (camelCase properties,
 * ISO 8601 UTC times, null for "none"), written by curtaind and read by the
 * client, plus the JMAP `properties` filter. Server-only fields (password
 * hashes, TOTP secrets, idempotency hashes, carrier ids) are never emitted. */
#ifndef CURTAIN_CODEC_H
#define CURTAIN_CODEC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "proto/objects.h"

/* to_json returns a new object (caller json_decref()s); out of memory
 * aborts. Times are int64 ms inside and whole-second ISO 8601 UTC strings
 * on the wire ("2026-11-23T07:13:33Z"), so sub-second parts are dropped.
 *
 * from_json overwrites *out without freeing what it held (clear it first
 * when reusing a struct). Only "id" is required, because a JMAP reply may
 * carry just the requested properties: an absent property leaves its field
 * zero/empty/NULL, a present one must have the right type (and a known
 * name for enums). On failure *out is cleared, err receives a translated
 * "Type.property: problem" naming the first bad property (never its value,
 * which may be PHI), and false is returned. err may be NULL. */

/* Department: id, version, name, smsNumber, secureTemplateId, and "counts"
 * {open, unassigned, mine, waiting, snoozed, resolved} when counts is not
 * NULL. from_json fills *counts (zeroed when absent) when counts is not NULL. */
json_t *department_to_json(const struct department *d, const struct dept_counts *counts);
bool department_from_json(const json_t *j, struct department *out, struct dept_counts *counts,
			  char *err, size_t errlen);

/* Staff: id, version, username, displayName, role, departmentIds, disabled. */
json_t *staff_to_json(const struct staff *s);
bool staff_from_json(const json_t *j, struct staff *out, char *err, size_t errlen);

/* Conversation: id, version, departmentId, patientName, patientPhone,
 * language, status, snoozedUntil (null when 0), assigneeId (null when
 * unassigned), lastMessage ({id, direction, preview, at} or null when there
 * is no last message; "at" is lastActivity, which the struct shares),
 * lastActivity, waitingSince (null when 0), unread, consent, createdAt. */
json_t *conversation_to_json(const struct conversation *c);
bool conversation_from_json(const json_t *j, struct conversation *out, char *err, size_t errlen);

/* Message: id, version, conversationId, direction, body, authorId (null
 * when none), clientMsgId (null), delivery, deliveryError (null), segments,
 * createdAt, attachments (an array, empty without any; absent or null
 * decodes as none). */
json_t *message_to_json(const struct message *m);
bool message_from_json(const json_t *j, struct message *out, char *err, size_t errlen);

/* Attachment (an element of Message.attachments): id, contentType (null
 * when unknown), size, state, reason (null unless rejected), name (null). */
json_t *msg_attachment_to_json(const struct msg_attachment *a);

/* Note: id, version, conversationId, authorId, body, createdAt. */
json_t *note_to_json(const struct note *n);
bool note_from_json(const json_t *j, struct note *out, char *err, size_t errlen);

/* Assignment: id, version, conversationId, kind, fromStaffId, toStaffId,
 * fromDepartmentId, toDepartmentId, byStaffId (each null when empty), at. */
json_t *assignment_to_json(const struct assignment *a);
bool assignment_from_json(const json_t *j, struct assignment *out, char *err, size_t errlen);

/* Template: id, version, name, departmentId (null = every department),
 * language, body. */
json_t *template_to_json(const struct template *t);
bool template_from_json(const json_t *j, struct template *out, char *err, size_t errlen);

/* A new object holding only the members of obj named in properties (a JSON
 * array of strings), always including "id"; unknown names are skipped.
 * properties NULL or JSON null means all of them (a shallow copy). Returns
 * NULL when properties is anything else (the caller answers
 * invalidArguments) or obj is not an object. Caller json_decref()s. */
json_t *codec_properties_filter(json_t *obj, const json_t *properties);

#endif
