/* push: the live event stream (GET /v1/events). A single push thread reads
 * the store's change log and event table — so writes by other curtaind
 * instances reach this instance's streams too — and queues PHI-free SSE
 * frames to suspended connections, resuming them; no thread per stream. */
#ifndef CURTAIN_PUSH_H
#define CURTAIN_PUSH_H

#include "server/server.h"

struct push *push_new(struct server *srv);
bool push_start(struct push *p);
/* Wakes the push thread now (after a local write) instead of at its next poll. */
void push_notify(struct push *p);
/* Ends every stream and stops the thread; call before stopping the daemon. */
void push_stop(struct push *p);
void push_free(struct push **p);

#endif
