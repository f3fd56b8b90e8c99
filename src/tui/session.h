/* session: sign-in, the session resource, and the bridge from the event
 * loop to the sync engine, the outbox and the event stream. */
#ifndef CURTAIN_SESSION_H
#define CURTAIN_SESSION_H

#include "tui/app.h"

bool session_connect(struct app *a, const char *server, char *err, size_t errlen);
void session_login(struct app *a, const char *server, const char *user, const char *password);
void session_submit_code(struct app *a, const char *code, const char *pin);
void session_unlock(struct app *a, const char *pin);
void session_apply_queue(struct app *a);
/* Sends whatever sync and the outbox want sent now. */
void session_pump(struct app *a);
void session_stream_start(struct app *a);
void session_reauth(struct app *a);
/* Revokes this workstation's device on the server, forgets it in the
 * keyring and returns to the sign-in form showing why. */
void session_sign_out(struct app *a, const char *why);
/* With a keyring item for user on server: straight to the PIN screen. */
bool session_resume(struct app *a, const char *server, const char *user);
void session_clear(struct session *s);

/* Provided by app.c. */
void app_open_guard(struct app *a, unsigned outbox_id);
void app_signed_out(struct app *a, const char *why);
void app_lock(struct app *a);

#endif
