/*
 * poller.h: the one part of the event loop that differs between systems.
 *
 * Every operating system has its own way to wait for many descriptors at
 * once: epoll on Linux, kqueue on the BSDs and macOS, event ports on Solaris,
 * and plain poll() everywhere POSIX. The event loop talks only to this
 * interface, and the Makefile compiles exactly one implementation of it:
 *
 *     make                 poller_epoll.c  (Linux)
 *     make POLLER=poll     poller_poll.c   (any POSIX system)
 *
 * A kqueue version would be a third file with the same five functions.
 */
#ifndef POLLER_H
#define POLLER_H

struct poller;

/* One ready descriptor, as reported by poller_wait(). */
struct fired_event {
    int fd;
    int mask; /* LOOP_READABLE and/or LOOP_WRITABLE */
};

/* State for watching descriptors 0 .. setsize-1, or NULL on failure. */
struct poller *poller_create(int setsize);
void poller_destroy(struct poller *p);

/* Change what fd is watched for from old_mask to new_mask (either may be
 * LOOP_NONE: adding a new descriptor, or removing it). 0, or -1 and errno. */
int poller_update(struct poller *p, int fd, int old_mask, int new_mask);

/* Sleep until at least one descriptor is ready or timeout_ms passes (-1:
 * no timeout). Fills `fired` with up to `max` ready descriptors and returns
 * how many (0 on timeout or when a signal interrupted the wait). */
int poller_wait(struct poller *p, struct fired_event *fired, int max, int timeout_ms);

const char *poller_name(void);

#endif
