/*
 * poller_poll.c: the poller on POSIX poll() (see poller.h), for systems
 * without epoll (macOS and the BSDs could also use kqueue, but poll() works
 * everywhere and is the easiest to read).
 *
 * poll() takes the whole watched set on every call, as an array of struct
 * pollfd, and the kernel scans all of it. We keep that array packed (no
 * holes), plus an index from descriptor to its position in the array, so
 * that adding, changing and removing a descriptor are all O(1).
 */
#include "poller.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "eventloop.h"
#include "log.h"

struct poller {
    int setsize;
    struct pollfd *fds; /* the watched descriptors, packed: fds[0 .. count-1] */
    int count;
    int *slot;          /* slot[fd] = position of fd in fds, or -1 */
};

struct poller *poller_create(int setsize) {
    struct poller *p = calloc(1, sizeof(*p));
    if (p == NULL) return NULL;
    p->setsize = setsize;
    p->fds = calloc((size_t)setsize, sizeof(*p->fds));
    p->slot = malloc(sizeof(*p->slot) * (size_t)setsize);
    if (p->fds == NULL || p->slot == NULL) {
        free(p->fds);
        free(p->slot);
        free(p);
        return NULL;
    }
    for (int i = 0; i < setsize; i++) p->slot[i] = -1;
    return p;
}

void poller_destroy(struct poller *p) {
    free(p->fds);
    free(p->slot);
    free(p);
}

int poller_update(struct poller *p, int fd, int old_mask, int new_mask) {
    (void)old_mask;
    int i = p->slot[fd];
    if (new_mask == LOOP_NONE) {
        if (i == -1) return 0;
        /* Fill the hole with the last entry so the array stays packed. */
        p->count--;
        p->fds[i] = p->fds[p->count];
        p->slot[p->fds[i].fd] = i;
        p->slot[fd] = -1;
        return 0;
    }
    if (i == -1) {
        i = p->count++;
        p->slot[fd] = i;
        p->fds[i].fd = fd;
    }
    p->fds[i].events = 0;
    if (new_mask & LOOP_READABLE) p->fds[i].events |= POLLIN;
    if (new_mask & LOOP_WRITABLE) p->fds[i].events |= POLLOUT;
    return 0;
}

int poller_wait(struct poller *p, struct fired_event *fired, int max, int timeout_ms) {
    int ready = poll(p->fds, (nfds_t)p->count, timeout_ms);
    if (ready == -1) {
        if (errno == EINTR) return 0; /* a signal arrived: the loop goes round */
        fatal("poll: %s", strerror(errno));
    }
    if (ready == 0) return 0; /* timeout */
    int n = 0;
    for (int i = 0; i < p->count && n < max && n < ready; i++) {
        short r = p->fds[i].revents;
        if (r == 0) continue;
        int mask = 0;
        if (r & (POLLIN | POLLERR | POLLHUP | POLLNVAL)) mask |= LOOP_READABLE;
        if (r & (POLLOUT | POLLERR | POLLHUP | POLLNVAL)) mask |= LOOP_WRITABLE;
        fired[n].fd = p->fds[i].fd;
        fired[n].mask = mask;
        n++;
    }
    return n;
}

const char *poller_name(void) {
    return "poll";
}
