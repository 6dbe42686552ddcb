/*
 * client.h: one connected client and its life cycle.
 *
 *   accept ──> client_create() ──> on_readable: read into `in`, parse the
 *                                  requests in it, run each command, queue
 *                                  its reply in `out`
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
#include "request.h"

/* Backpressure: once this much output is waiting for a client that is slow
 * to read it, stop reading that client's input until the output drains.
 * Without it, a client that sends without ever reading would make the server
 * buffer its replies without bound. */
#define CLIENT_OUTPUT_LIMIT (256 * 1024)

/* How much to read() at a time (Redis reads 16 KB). */
#define CLIENT_READ_CHUNK (16 * 1024)

struct client {
    long long id;            /* unique, increasing: CLIENT ID */
    int fd;
    char peer[NET_ADDR_LEN]; /* "ip:port", for the log */
    int resp;                /* protocol version for replies: 2, or 3 after HELLO 3 */
    char *name;              /* CLIENT SETNAME; NULL when unset */
    char *lib_name, *lib_ver; /* CLIENT SETINFO */
    struct buffer in;        /* read, not yet processed */
    struct buffer out;       /* processed, not yet written */
    int reading_paused;      /* backpressure in force */
    long long last_interaction_ms; /* last read or write, monotonic (--timeout) */
    int close_when_drained;  /* close once `out` is written (QUIT, a protocol
                                error, or the peer finished sending) */

    struct request_parser parser; /* the request being parsed */
    int argc;                /* the request being run: its arguments */
    struct arg *argv;

    /* Every client is on the list of all clients (for shutdown); a client
     * with output to flush is also on the pending-writes list. */
    struct client *prev, *next;
    struct client *pending_prev, *pending_next;
    int pending;
};

/* A new connection on `fd`; NULL if it could not be watched (it is closed). */
struct client *client_create(int fd, const char *peer);
void client_free(struct client *c);

/* Room for n bytes of reply at the end of the output buffer; write them,
 * then commit how many were written. The reply_*() functions use these. */
char *client_reply_reserve(struct client *c, size_t n);
void client_reply_commit(struct client *c, size_t n);

/* Stop reading from the client, and close it once its replies are sent. */
void client_close_after_reply(struct client *c);

/* Loop handler: the client's socket is readable. */
void client_on_readable(struct event_loop *loop, int fd, void *data, int ready);

/* Before the loop sleeps: write every client's pending output. */
void clients_flush_pending(void);

/* From the periodic timer: close clients idle for more than `seconds`. */
void clients_close_idle(int seconds);

/* Free every client (at shutdown). */
void clients_free_all(void);

#endif
