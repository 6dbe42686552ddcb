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
 * The loop also runs timers (time events): "call this function in 100 ms".
 * A timer's handler returns how many milliseconds until it should run
 * again, or LOOP_TIMER_DONE to end it. The loop sleeps in the poller only
 * until the nearest timer is due, so one loop serves sockets and timers:
 *
 *     static int tick(struct event_loop *loop, long long id, void *data) {
 *         do_periodic_work();
 *         return 100;               // again in 100 ms
 *     }
 *     loop_add_timer(loop, 100, tick, NULL, NULL);
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

/* Called when a timer is due. Returns the delay in ms until it runs again,
 * or LOOP_TIMER_DONE to delete it. `id` is the timer's own id. */
typedef int timer_handler(struct event_loop *loop, long long id, void *data);
#define LOOP_TIMER_DONE -1

/* Called when a timer is deleted (by LOOP_TIMER_DONE, loop_delete_timer()
 * or loop_destroy()), to free its data. */
typedef void timer_finalizer(struct event_loop *loop, void *data);

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

/* Run `handler` with `data` in `ms` milliseconds (0: on the next
 * iteration). Returns the timer's id (> 0). `finalizer` may be NULL. */
long long loop_add_timer(struct event_loop *loop, long long ms, timer_handler *handler, void *data,
                         timer_finalizer *finalizer);

/* Delete a timer before it fires again: 0, or -1 if there is no such timer.
 * Safe from inside any handler, the timer's own included. */
int loop_delete_timer(struct event_loop *loop, long long id);

void loop_set_before_sleep(struct event_loop *loop, before_sleep_handler *handler);

/* When set, every iteration logs which descriptors fired, and how long the
 * loop will sleep (for learners). */
void loop_set_trace(struct event_loop *loop, int on);

/* Run until loop_stop() is called from a handler. */
void loop_run(struct event_loop *loop);
void loop_stop(struct event_loop *loop);

/* The name of the poller this build uses: "epoll" or "poll". */
const char *loop_poller_name(void);

#endif
