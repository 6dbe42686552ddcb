/*
 * eventloop.c: the reactor. See eventloop.h for the API.
 *
 * The loop keeps one slot per possible descriptor (an array indexed by fd,
 * like the kernel's own table), saying what the descriptor is watched for and
 * which handler to call. The poller tells us which descriptors are ready; we
 * look each one up in the array and call its handler.
 *
 * Timers are kept in a plain, unsorted linked list, as Redis does. Finding
 * the nearest one means looking at all of them, O(n) per iteration; a
 * min-heap would make that O(1) (and adding or deleting O(log n)), and is
 * what a loop with thousands of timers needs (per-connection timeouts,
 * say). This server has one timer, the periodic "cron", so the list is
 * both the simplest choice and the fastest. Chapter 5's exercises ask for
 * the heap.
 */
#include "eventloop.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "log.h"
#include "poller.h"
#include "util.h"

/* A deleted timer is only marked, and unlinked on the next pass over the
 * list: a handler may delete timers (its own included) while the loop is in
 * the middle of walking that list. */
#define TIMER_DELETED -1

struct timer {
    long long id;          /* > 0, or TIMER_DELETED */
    long long when_us;     /* when it is due, on the monotonic clock */
    timer_handler *handler;
    timer_finalizer *finalizer;
    void *data;
    struct timer *next;
};

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
    struct timer *timers;      /* unsorted: see the top of this file */
    long long next_timer_id;
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
    while (loop->timers) {
        struct timer *t = loop->timers;
        loop->timers = t->next;
        /* Deleted or not, a timer still in the list has not been
         * finalized yet (process_timers() finalizes as it unlinks). */
        if (t->finalizer) t->finalizer(loop, t->data);
        free(t);
    }
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

/* ------------------------------------------------------------------------
 * Timers.
 *
 * Timers run on the monotonic clock, which only moves forward at a steady
 * pace. The wall clock (gettimeofday) can jump, back or forward, when an
 * administrator or NTP sets it: a timer on it could fire an hour late, or a
 * thousand times at once.
 * ------------------------------------------------------------------------ */

long long loop_add_timer(struct event_loop *loop, long long ms, timer_handler *handler, void *data,
                         timer_finalizer *finalizer) {
    struct timer *t = malloc(sizeof(*t));
    if (t == NULL) fatal("out of memory adding a timer");
    t->id = ++loop->next_timer_id;
    t->when_us = monotonic_us() + ms * 1000;
    t->handler = handler;
    t->finalizer = finalizer;
    t->data = data;
    t->next = loop->timers;
    loop->timers = t;
    return t->id;
}

int loop_delete_timer(struct event_loop *loop, long long id) {
    for (struct timer *t = loop->timers; t; t = t->next) {
        if (t->id == id) {
            t->id = TIMER_DELETED;
            return 0;
        }
    }
    return -1;
}

/* How long the poller may sleep: until the nearest timer is due (rounded
 * up to whole milliseconds, so we never wake a little early and spin), or
 * forever (-1) when there are no timers. */
static int wait_timeout_ms(struct event_loop *loop) {
    long long nearest = -1;
    for (struct timer *t = loop->timers; t; t = t->next)
        if (t->id != TIMER_DELETED && (nearest == -1 || t->when_us < nearest)) nearest = t->when_us;
    if (nearest == -1) return -1;
    long long wait_us = nearest - monotonic_us();
    if (wait_us <= 0) return 0;
    long long ms = (wait_us + 999) / 1000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Run every timer that is due. */
static void process_timers(struct event_loop *loop) {
    /* Timers that handlers add during this pass wait for the next one:
     * a handler that adds a 0 ms timer must not make this pass endless. */
    long long last_id = loop->next_timer_id;
    long long now = monotonic_us();
    struct timer **link = &loop->timers;
    while (*link) {
        struct timer *t = *link;
        if (t->id == TIMER_DELETED) {
            *link = t->next;
            if (t->finalizer) t->finalizer(loop, t->data);
            free(t);
            continue;
        }
        if (t->id <= last_id && t->when_us <= now) {
            int again = t->handler(loop, t->id, t->data);
            /* The handler may have marked this timer deleted; if not, it
             * runs again `again` ms from now. "From now", measured after the
             * handler: a handler slower than its period is not run in a
             * burst to catch up. */
            if (t->id != TIMER_DELETED) {
                if (again == LOOP_TIMER_DONE) t->id = TIMER_DELETED;
                else t->when_us = monotonic_us() + (long long)again * 1000;
            }
        }
        link = &t->next;
    }
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

/* One iteration: before-sleep work, sleep in the poller until a descriptor
 * is ready or the nearest timer is due, run the handlers of whatever is
 * ready, then the timers that are due. */
static void loop_once(struct event_loop *loop) {
    if (loop->before_sleep) loop->before_sleep(loop);

    int timeout = wait_timeout_ms(loop);
    if (loop->trace) {
        if (timeout < 0) log_verbose("loop: sleeping until a descriptor is ready");
        else log_verbose("loop: sleeping at most %d ms (the next timer)", timeout);
    }
    int n = poller_wait(loop->poller, loop->fired, loop->setsize, timeout);
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

    process_timers(loop);
}

void loop_run(struct event_loop *loop) {
    loop->stop = 0;
    while (!loop->stop) loop_once(loop);
}
