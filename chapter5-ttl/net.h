/*
 * net.h: the socket calls the server needs, each wrapped once so the rest of
 * the code never repeats the boilerplate (modelled on Redis's anet.c).
 *
 * All sockets these functions return are non-blocking and close-on-exec.
 * On error they return -1 and write a message into `err` (NET_ERR_LEN bytes).
 */
#ifndef NET_H
#define NET_H

#include <stddef.h>

#define NET_ERR_LEN 256
#define NET_ADDR_LEN 108 /* fits an IPv6 address, and a Unix socket path */

/* Listen on a numeric IPv4 or IPv6 address ("127.0.0.1", "::1", "0.0.0.0"). */
int net_listen_tcp(const char *addr, int port, int backlog, char *err);

/* Listen on a Unix-domain socket at `path`, replacing a stale socket file. */
int net_listen_unix(const char *path, int backlog, char *err);

/* Accept one pending connection. Returns its fd, or -1 with errno set
 * (EAGAIN/EWOULDBLOCK: nobody is waiting). `peer` receives "ip:port", or the
 * socket path for a Unix-domain client. */
int net_accept(int listen_fd, char *peer, size_t peer_len);

int net_set_nonblocking(int fd);

#endif
