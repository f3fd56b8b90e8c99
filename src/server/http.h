/* http: the libmicrohttpd daemon behind curtaind's routes. */
#ifndef CURTAIN_HTTP_H
#define CURTAIN_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "server/server.h"

void server_store_init(struct server *srv);
/* Starts listening (cfg.listen_port 0 picks a port and writes it back). */
bool http_start(struct server *srv, char *err, size_t errlen);
/* Stops accepting new connections. */
void http_quiesce(struct server *srv);
void http_stop(struct server *srv);

#endif
