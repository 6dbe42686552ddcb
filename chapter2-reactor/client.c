/*
 * client.c: reading from clients, writing to them, and closing them.
 *
 * The server is still an echo server in this chapter: process_input() moves
 * every byte from the input buffer to the output buffer. Chapter 3 replaces
 * just that function with a protocol parser; everything else here (reading,
 * eager writes, backpressure, closing) stays as it is.
 */
#include "client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eventloop.h"
#include "log.h"
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
    c->fd = fd;
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
    server.connected_clients--;
    free(c);
}

void clients_free_all(void) {
    while (all_clients) client_free(all_clients);
}

/* ------------------------------------------------------------------------
 * Output.
 * ------------------------------------------------------------------------ */

/* Queue bytes for the client. Nothing is written here: the client goes on
 * the pending-writes list, and clients_flush_pending() writes just before
 * the loop sleeps, so all the output produced in one iteration goes out in
 * as few write() calls as possible. */
static void client_queue(struct client *c, const void *bytes, size_t n) {
    buffer_append(&c->out, bytes, n);
    if (!c->pending && !(loop_watched(server.loop, c->fd) & LOOP_WRITABLE)) {
        c->pending = 1;
        c->pending_next = pending_writes;
        if (pending_writes) pending_writes->pending_prev = c;
        pending_writes = c;
    }
}

/* Stop reading from the client, and close it once its output is sent. */
static void client_close_after_reply(struct client *c) {
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

/* The output has just drained: close a client that was only waiting for
 * that, or start reading again from one that was paused. */
static void output_drained(struct client *c) {
    if (c->close_when_drained) {
        client_free(c);
    } else if (c->reading_paused) {
        c->reading_paused = 0;
        loop_watch(server.loop, c->fd, LOOP_READABLE, client_on_readable, c);
        log_verbose("fd %d: output drained, reading again", c->fd);
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

/* The echo "protocol": every byte read is a byte to send back. */
static void process_input(struct client *c) {
    client_queue(c, buffer_begin(&c->in), buffer_len(&c->in));
    buffer_consume(&c->in, buffer_len(&c->in));
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
    process_input(c);

    /* Backpressure: the client is not reading what we send. Stop taking its
     * input; output_drained() starts reading again once it has drained. */
    if (buffer_len(&c->out) >= CLIENT_OUTPUT_LIMIT) pause_reading(c);
}
