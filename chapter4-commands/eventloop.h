/*
 * eventloop.h: a small reactor, modelled on Redis's ae.h.
 *
 * A reactor turns "wait for many sockets" into "call my function when this
 * socket is ready". You register a handler for a file descriptor and the kind
 * of readiness you care about; loop_run() sleeps in the poller until some
 * descriptors are ready and calls their handlers, forever, until loop_stop().
 *
 *     struct event_loop *loop = loop_create(1024);
 *     loop_watch(loop, listen_fd, LOOP_READABLE, accept_handler, NULL);
 *     loop_run(loop);      // returns after some handler calls loop_stop()
 *     loop_destroy(loop);
 *
 * Handlers run one at a time, on the loop's thread, and must never block:
 * a handler that waits stalls every other client.
 *
 * Time events (timers) arrive in chapter 5; they will sit beside the file
 * events in struct event_loop, and loop_run() will sleep only until the
 * nearest one is due.
 */
#ifndef EVENTLOOP_H
#define EVENTLOOP_H

#define LOOP_NONE 0
#define LOOP_READABLE 1 /* data to read, a new connection, or end of file */
#define LOOP_WRITABLE 2 /* room in the kernel's send buffer */

struct event_loop;

/* Called when fd is ready. `ready` says which of LOOP_READABLE /
 * LOOP_WRITABLE fired; `data` is the pointer given to loop_watch(). */
typedef void fd_handler(struct event_loop *loop, int fd, void *data, int ready);

/* Called once per iteration, just before the loop goes to sleep. */
typedef void before_sleep_handler(struct event_loop *loop);

/* A loop able to watch descriptors 0 .. setsize-1. NULL on failure. */
struct event_loop *loop_create(int setsize);
void loop_destroy(struct event_loop *loop);

/* Start watching fd for the events in `mask` (LOOP_READABLE and/or
 * LOOP_WRITABLE), calling `handler` with `data` when they fire. Adds to what
 * is already watched; a later call may give a different handler for the
 * other event. Returns 0, or -1 with errno set (ERANGE: fd >= setsize). */
int loop_watch(struct event_loop *loop, int fd, int mask, fd_handler *handler, void *data);

/* Stop watching fd for the events in `mask`. Call it with
 * LOOP_READABLE | LOOP_WRITABLE before closing a descriptor. */
void loop_unwatch(struct event_loop *loop, int fd, int mask);

/* What fd is currently watched for (LOOP_NONE if nothing). */
int loop_watched(struct event_loop *loop, int fd);

void loop_set_before_sleep(struct event_loop *loop, before_sleep_handler *handler);

/* When set, every iteration logs which descriptors fired (for learners). */
void loop_set_trace(struct event_loop *loop, int on);

/* Run until loop_stop() is called from a handler. */
void loop_run(struct event_loop *loop);
void loop_stop(struct event_loop *loop);

/* The name of the poller this build uses: "epoll" or "poll". */
const char *loop_poller_name(void);

#endif
