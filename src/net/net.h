/* net: the client's HTTP side on libcurl's multi interface — JSON requests
 * to curtaind and the Server-Sent Events stream, all driven from the one
 * event loop (net_poll wraps curl_multi_poll with the caller's extra file
 * descriptors, e.g. the terminal and the signal self-pipe). Never blocks
 * the interface; never logs bodies. Plain http:// is refused except to
 * loopback. */
#ifndef CURTAIN_NET_H
#define CURTAIN_NET_H

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct net;

/* Creates the transport for base (e.g. "https://inbox.example.org" or
 * "http://127.0.0.1:8750"); NULL with a reason in err when the URL is bad
 * or plain HTTP to a non-loopback host. TLS peers are always verified,
 * against the system's CAs or the bundle named by CURTAIN_CA_FILE (else
 * CURL_CA_BUNDLE, else SSL_CERT_FILE), read here. */
struct net *net_new(const char *base, char *err, size_t errlen);
void net_free(struct net **n);
const char *net_base(const struct net *n);

/* Sets (or clears, NULL) the bearer token sent with every request; the old
 * one is wiped. */
void net_set_token(struct net *n, const char *access_token);

/* Completion of a request: status is the HTTP status, or 0 for a transport
 * failure (err says which, e.g. "connection refused"); body is the parsed
 * JSON (NULL if none or not JSON; borrowed for the call); retry_after is
 * the Retry-After header or NULL. */
typedef void (*net_done_fn)(void *ctx, int status, json_t *body, const char *retry_after,
			    const char *err);

/* Starts a request; body (may be NULL) is stolen. idem_key adds an
 * Idempotency-Key header. Returns a request id (> 0) usable with net_cancel. */
unsigned net_request(struct net *n, const char *method, const char *path, json_t *body,
		     const char *idem_key, net_done_fn done, void *ctx);
/* Completion of a request made with net_request_bytes: data and len are
 * the answer's bytes (borrowed for the call, wiped afterwards: they may be
 * a patient's picture), content_type its Content-Type header (or NULL),
 * json the same bytes parsed when they are JSON (a problem document),
 * else NULL. The other arguments are as for net_done_fn. */
typedef void (*net_bytes_fn)(void *ctx, int status, const unsigned char *data, size_t len,
			     const char *content_type, json_t *json, const char *retry_after,
			     const char *err);

/* A request with a body of raw bytes (copied; NULL with len 0 for none)
 * of type content_type, extra header lines ("Name: value", a
 * NULL-terminated array; may be NULL; a line with CR or LF fails the
 * request) and an answer kept as bytes, at most max_resp of them (a
 * larger one fails as "response too large"). The same TLS, token,
 * loopback and no-redirect rules as net_request, with a longer overall
 * time limit for the bigger bodies; the copies of the body and of the
 * answer are wiped when freed. Returns a request id like net_request. */
unsigned net_request_bytes(struct net *n, const char *method, const char *path, const void *body,
			   size_t len, const char *content_type, const char *const *headers,
			   size_t max_resp, net_bytes_fn done, void *ctx);
void net_cancel(struct net *n, unsigned id);
/* Cancels everything (lock, sign-out), the event stream included; no
 * callbacks run for them. */
void net_cancel_all(struct net *n);
size_t net_inflight(const struct net *n);

/* The event stream. on_event gets each event; on_state reports connected
 * or not (with a reason), so the status bar can show it. The stream
 * reconnects by itself with backoff (1 s doubling to 30 s, reset after a
 * stable minute) and honours the server's "retry". A loss is reported each
 * time; failed attempts only when the reason changes. A 401 reports
 * "unauthorized" and stops until net_events_start is called again. Both
 * callbacks run from net_poll only. */
typedef void (*net_event_fn)(void *ctx, const char *event, const char *data);
typedef void (*net_stream_fn)(void *ctx, bool connected, const char *why);
void net_events_start(struct net *n, net_event_fn on_event, net_stream_fn on_state, void *ctx);
void net_events_stop(struct net *n);
bool net_events_connected(const struct net *n);

/* Waits for network activity or one of extra's descriptors, at most
 * timeout_ms (-1: no limit; shortened to net_next_timer), then performs
 * transfers and runs completion callbacks. extra[i].revents tells which
 * descriptors are ready. Returns 0, or -1 if polling failed or it was called
 * from a callback. A callback may call net_free: the rest of that poll's
 * callbacks are dropped. */
int net_poll(struct net *n, struct curl_waitfd *extra, unsigned n_extra, int timeout_ms);
/* Milliseconds until the net layer needs to run again (reconnect timer), or -1. */
int64_t net_next_timer(const struct net *n);

#endif
