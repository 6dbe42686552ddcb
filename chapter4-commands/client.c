/*
 * client.c: reading from clients, writing to them, and closing them.
 *
 * In chapter 2, process_input() echoed the input. Now it parses requests
 * out of the input buffer and runs them as commands, one after another,
 * until the buffer holds no complete request; the replies collect in the
 * output buffer, which goes out before the loop sleeps, as before.
 */
#include "client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eventloop.h"
#include "command.h"
#include "config.h"
#include "log.h"
#include "reply.h"
#include "server.h"

static struct client *all_clients;     /* every connected client */
static struct client *pending_writes;  /* clients with output to flush */

static void on_writable(struct event_loop *loop, int fd, void *data, int ready);

/* ------------------------------------------------------------------------
 * Creating and freeing.
 * ------------------------------------------------------------------------ */

struct client *client_create(int fd, const char *peer) {
    struct client *c = calloc(1, sizeof(*c));
    if (c == NULL) fatal("out of memory allocating a client");
    c->id = ++server.next_client_id;
    c->fd = fd;
    c->resp = 2;
    c->parser.bulk_len = -1;
    snprintf(c->peer, sizeof(c->peer), "%s", peer);
    if (loop_watch(server.loop, fd, LOOP_READABLE, client_on_readable, c) == -1) {
        log_warning("Error registering fd event for the new client: %s (fd=%d)",
                    strerror(errno), fd);
        close(fd);
        free(c);
        return NULL;
    }
    c->next = all_clients;
    if (all_clients) all_clients->prev = c;
    all_clients = c;
    server.connected_clients++;
    return c;
}

static void pending_remove(struct client *c) {
    if (!c->pending) return;
    if (c->pending_prev) c->pending_prev->pending_next = c->pending_next;
    else pending_writes = c->pending_next;
    if (c->pending_next) c->pending_next->pending_prev = c->pending_prev;
    c->pending_prev = c->pending_next = NULL;
    c->pending = 0;
}

void client_free(struct client *c) {
    loop_unwatch(server.loop, c->fd, LOOP_READABLE | LOOP_WRITABLE);
    close(c->fd);
    pending_remove(c);
    if (c->prev) c->prev->next = c->next;
    else all_clients = c->next;
    if (c->next) c->next->prev = c->prev;
    buffer_free(&c->in);
    buffer_free(&c->out);
    request_free(c);
    free(c->name);
    free(c->lib_name);
    free(c->lib_ver);
    server.connected_clients--;
    free(c);
}

void clients_free_all(void) {
    while (all_clients) client_free(all_clients);
}

/* ------------------------------------------------------------------------
 * Output.
 * ------------------------------------------------------------------------ */

/* Replies are appended to the output buffer. Nothing is written here: the
 * client goes on the pending-writes list, and clients_flush_pending()
 * writes just before the loop sleeps, so all the replies produced in one
 * iteration (a whole pipeline of them) go out in as few write() calls as
 * possible. */
char *client_reply_reserve(struct client *c, size_t n) {
    return buffer_reserve(&c->out, n);
}

void client_reply_commit(struct client *c, size_t n) {
    buffer_commit(&c->out, n);
    if (!c->pending && !(loop_watched(server.loop, c->fd) & LOOP_WRITABLE)) {
        c->pending = 1;
        c->pending_next = pending_writes;
        if (pending_writes) pending_writes->pending_prev = c;
        pending_writes = c;
    }
}

/* Stop reading from the client, and close it once its output is sent. */
void client_close_after_reply(struct client *c) {
    c->close_when_drained = 1;
    loop_unwatch(server.loop, c->fd, LOOP_READABLE);
}

/* Write as much of the output as the kernel takes now. Returns 0, or -1 if
 * the client was closed (it is freed: don't touch it again). */
static int client_write(struct client *c) {
    while (buffer_len(&c->out) > 0) {
        ssize_t n = write(c->fd, buffer_begin(&c->out), buffer_len(&c->out));
        if (n > 0) {
            log_verbose("fd %d: wrote %zd bytes", c->fd, n);
            buffer_consume(&c->out, (size_t)n);
            continue;
        }
        if (n == -1 && errno == EINTR) continue;
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0; /* kernel buffer full */
        log_verbose("Error writing to client %s: %s", c->peer, strerror(errno));
        client_free(c);
        return -1;
    }
    /* Drained. Let an idle connection give back a large buffer. */
    buffer_shrink(&c->out, CLIENT_READ_CHUNK * 4);
    return 0;
}

static void process_input(struct client *c);

/* The output has just drained: close a client that was only waiting for
 * that, or start reading again from one that was paused. A paused client
 * may still have whole requests in its input buffer, which no new read
 * would ever trigger: run them now. */
static void output_drained(struct client *c) {
    if (c->close_when_drained) {
        client_free(c);
    } else if (c->reading_paused) {
        c->reading_paused = 0;
        loop_watch(server.loop, c->fd, LOOP_READABLE, client_on_readable, c);
        log_verbose("fd %d: output drained, reading again", c->fd);
        process_input(c);
    }
}

void clients_flush_pending(void) {
    while (pending_writes) {
        struct client *c = pending_writes;
        pending_remove(c);
        if (client_write(c) == -1) continue;
        if (buffer_len(&c->out) > 0) {
            /* The kernel took only part of it: finish when it has room. */
            loop_watch(server.loop, c->fd, LOOP_WRITABLE, on_writable, c);
        } else {
            output_drained(c);
        }
    }
}

static void on_writable(struct event_loop *loop, int fd, void *data, int ready) {
    (void)fd;
    (void)ready;
    struct client *c = data;
    if (client_write(c) == -1) return;
    if (buffer_len(&c->out) == 0) {
        loop_unwatch(loop, c->fd, LOOP_WRITABLE);
        output_drained(c);
    }
}

/* ------------------------------------------------------------------------
 * Input.
 * ------------------------------------------------------------------------ */

/* Stop reading a client whose replies are piling up (backpressure). */
static void pause_reading(struct client *c) {
    if (c->reading_paused || c->close_when_drained) return;
    c->reading_paused = 1;
    loop_unwatch(server.loop, c->fd, LOOP_READABLE);
    log_verbose("fd %d: %zu bytes of output waiting, pausing reads", c->fd, buffer_len(&c->out));
}

/* Run every complete request in the input buffer, in order. */
static void process_input(struct client *c) {
    while (!c->close_when_drained) {
        /* Backpressure, per request: a pipeline of many requests with large
         * replies must not turn into unbounded output. Leave the rest of
         * the input where it is; output_drained() comes back for it. */
        if (buffer_len(&c->out) >= CLIENT_OUTPUT_LIMIT) {
            pause_reading(c);
            return;
        }
        enum request_status status = request_parse(c);
        if (status == REQUEST_INCOMPLETE) return;
        if (status == REQUEST_ERROR) {
            /* Redis answers a malformed request with an error and closes
             * the connection: after garbage, it cannot know where the next
             * request would start. */
            reply_error_format(c, "ERR Protocol error: %s", c->parser.error);
            log_verbose("Protocol error (%s) from client %s", c->parser.error, c->peer);
            client_close_after_reply(c);
            return;
        }
        if (c->argc > 0) command_execute(c);
        buffer_consume(&c->in, request_done(c));
    }
}

void client_on_readable(struct event_loop *loop, int fd, void *data, int ready) {
    (void)loop;
    (void)ready;
    struct client *c = data;
    char *space = buffer_reserve(&c->in, CLIENT_READ_CHUNK);
    ssize_t n;
    do {
        n = read(fd, space, CLIENT_READ_CHUNK);
    } while (n == -1 && errno == EINTR);

    if (n == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        log_verbose("Reading from client %s: %s", c->peer, strerror(errno));
        client_free(c);
        return;
    }
    if (n == 0) {
        log_verbose("Client closed connection %s", c->peer);
        if (buffer_len(&c->out) == 0) {
            client_free(c);
        } else {
            /* It only half-closed, or closed with replies still on their
             * way: the replies are still owed. Stop reading, finish writing,
             * then close (if the peer is really gone, the write fails and
             * closes it sooner). */
            client_close_after_reply(c);
        }
        return;
    }
    log_verbose("fd %d: read %zd bytes", fd, n);
    buffer_commit(&c->in, (size_t)n);

    /* A client may not park unlimited unparsed input with us (say, one
     * endless argument). Redis closes it without a reply, and so do we.
     * Only the bytes the parser has not been through count: the arguments
     * of the request so far stay in `in` (argv points at them), where Redis
     * would have copied them out, and Redis does not count those. */
    size_t unparsed = buffer_len(&c->in) - c->parser.pos;
    if ((long long)unparsed > config.client_query_buffer_limit) {
        log_warning("Closing client %s that reached max query buffer length (%zu bytes)", c->peer, unparsed);
        client_free(c);
        return;
    }
    process_input(c);
}
