/*
 * eventloop.c: the reactor. See eventloop.h for the API.
 *
 * The loop keeps one slot per possible descriptor (an array indexed by fd,
 * like the kernel's own table), saying what the descriptor is watched for and
 * which handler to call. The poller tells us which descriptors are ready; we
 * look each one up in the array and call its handler.
 */
#include "eventloop.h"

#include <errno.h>
#include <stdlib.h>

#include "log.h"
#include "poller.h"

struct fd_event {
    int mask;                 /* LOOP_READABLE | LOOP_WRITABLE, or LOOP_NONE */
    fd_handler *on_readable;
    fd_handler *on_writable;
    void *data;
};

struct event_loop {
    int setsize;               /* descriptors 0 .. setsize-1 can be watched */
    struct fd_event *events;   /* events[fd] */
    struct fired_event *fired; /* filled by the poller on every wait */
    struct poller *poller;
    int stop;
    int trace;
    before_sleep_handler *before_sleep;
    /* Chapter 5 adds the time events here. */
};

struct event_loop *loop_create(int setsize) {
    struct event_loop *loop = calloc(1, sizeof(*loop));
    if (loop == NULL) return NULL;
    loop->setsize = setsize;
    loop->events = calloc((size_t)setsize, sizeof(*loop->events));
    loop->fired = calloc((size_t)setsize, sizeof(*loop->fired));
    loop->poller = poller_create(setsize);
    if (loop->events == NULL || loop->fired == NULL || loop->poller == NULL) {
        loop_destroy(loop);
        return NULL;
    }
    return loop;
}

void loop_destroy(struct event_loop *loop) {
    if (loop == NULL) return;
    if (loop->poller) poller_destroy(loop->poller);
    free(loop->events);
    free(loop->fired);
    free(loop);
}

int loop_watch(struct event_loop *loop, int fd, int mask, fd_handler *handler, void *data) {
    if (fd < 0 || fd >= loop->setsize) {
        errno = ERANGE;
        return -1;
    }
    struct fd_event *ev = &loop->events[fd];
    int new_mask = ev->mask | mask;
    if (new_mask != ev->mask && poller_update(loop->poller, fd, ev->mask, new_mask) == -1)
        return -1;
    ev->mask = new_mask;
    if (mask & LOOP_READABLE) ev->on_readable = handler;
    if (mask & LOOP_WRITABLE) ev->on_writable = handler;
    ev->data = data;
    return 0;
}

void loop_unwatch(struct event_loop *loop, int fd, int mask) {
    if (fd < 0 || fd >= loop->setsize) return;
    struct fd_event *ev = &loop->events[fd];
    int new_mask = ev->mask & ~mask;
    if (new_mask == ev->mask) return;
    /* Removing interest cannot fail for a descriptor we are watching; if it
     * somehow does, the handler lookup below still ignores the event. */
    poller_update(loop->poller, fd, ev->mask, new_mask);
    ev->mask = new_mask;
}

int loop_watched(struct event_loop *loop, int fd) {
    if (fd < 0 || fd >= loop->setsize) return LOOP_NONE;
    return loop->events[fd].mask;
}

void loop_set_before_sleep(struct event_loop *loop, before_sleep_handler *handler) {
    loop->before_sleep = handler;
}

void loop_set_trace(struct event_loop *loop, int on) {
    loop->trace = on;
}

void loop_stop(struct event_loop *loop) {
    loop->stop = 1;
}

const char *loop_poller_name(void) {
    return poller_name();
}

static void trace_fired(struct event_loop *loop, int n) {
    log_verbose("loop: woke up, %d descriptor(s) ready", n);
    for (int i = 0; i < n; i++) {
        int m = loop->fired[i].mask;
        log_verbose("loop:   fd %d %s", loop->fired[i].fd,
                    m == (LOOP_READABLE | LOOP_WRITABLE) ? "readable writable"
                    : (m & LOOP_READABLE)              ? "readable"
                                                       : "writable");
    }
}

/* One iteration: before-sleep work, sleep in the poller, run the handlers of
 * whatever is ready. */
static void loop_once(struct event_loop *loop) {
    if (loop->before_sleep) loop->before_sleep(loop);

    int n = poller_wait(loop->poller, loop->fired, loop->setsize, -1);
    if (loop->trace && n > 0) trace_fired(loop, n);

    for (int i = 0; i < n; i++) {
        int fd = loop->fired[i].fd;
        int ready = loop->fired[i].mask;
        struct fd_event *ev = &loop->events[fd];

        /* Check ev->mask before each call, not once: an earlier handler in
         * this same batch may have stopped watching fd, or closed it. */
        if ((ready & LOOP_READABLE) && (ev->mask & LOOP_READABLE))
            ev->on_readable(loop, fd, ev->data, LOOP_READABLE);
        if ((ready & LOOP_WRITABLE) && (ev->mask & LOOP_WRITABLE))
            ev->on_writable(loop, fd, ev->data, LOOP_WRITABLE);
    }
}

void loop_run(struct event_loop *loop) {
    loop->stop = 0;
    while (!loop->stop) loop_once(loop);
}
