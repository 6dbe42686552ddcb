/*
 * client.h: one connected client and its life cycle.
 *
 *   accept ──> client_create() ──> on_readable: read into `in`, process it,
 *                                  queue the output in `out`
 *                                   │
 *          before sleeping, the loop flushes every client's `out` (eager
 *          write); whatever the kernel does not take waits for on_writable
 *                                   │
 *   error ─────────────────────> client_free(): unwatch, close, free
 *   end of file ──> close_when_drained: stop reading, finish writing,
 *                   then client_free()
 */
#ifndef CLIENT_H
#define CLIENT_H

#include "buffer.h"
#include "eventloop.h"
#include "net.h"

/* Backpressure: once this much output is waiting for a client that is slow
 * to read it, stop reading that client's input until the output drains.
 * Without it, a client that sends without ever reading would make the server
 * buffer its replies without bound. */
#define CLIENT_OUTPUT_LIMIT (256 * 1024)

/* How much to read() at a time (Redis reads 16 KB). */
#define CLIENT_READ_CHUNK (16 * 1024)

struct client {
    int fd;
    char peer[NET_ADDR_LEN]; /* "ip:port", for the log */
    struct buffer in;        /* read, not yet processed */
    struct buffer out;       /* processed, not yet written */
    int reading_paused;      /* backpressure in force */
    int close_when_drained;  /* the peer has finished sending: close once `out` is written */

    /* Every client is on the list of all clients (for shutdown); a client
     * with output to flush is also on the pending-writes list. */
    struct client *prev, *next;
    struct client *pending_prev, *pending_next;
    int pending;
};

/* A new connection on `fd`; NULL if it could not be watched (it is closed). */
struct client *client_create(int fd, const char *peer);
void client_free(struct client *c);

/* Loop handler: the client's socket is readable. */
void client_on_readable(struct event_loop *loop, int fd, void *data, int ready);

/* Before the loop sleeps: write every client's pending output. */
void clients_flush_pending(void);

/* Free every client (at shutdown). */
void clients_free_all(void);

#endif
