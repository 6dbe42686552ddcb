/*
 * poller_epoll.c: the poller on Linux's epoll (see poller.h).
 *
 * epoll keeps the watched set inside the kernel, so each wait costs time in
 * proportion to the number of *ready* descriptors, not the number watched.
 * That is why it scales to tens of thousands of mostly idle connections where
 * poll() would copy and scan the whole set on every call.
 */
#include "poller.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "eventloop.h"
#include "log.h"

struct poller {
    int epfd;
    int setsize;
    struct epoll_event *events; /* epoll_wait() writes the ready ones here */
};

struct poller *poller_create(int setsize) {
    struct poller *p = calloc(1, sizeof(*p));
    if (p == NULL) return NULL;
    p->setsize = setsize;
    p->events = calloc((size_t)setsize, sizeof(*p->events));
    p->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (p->events == NULL || p->epfd == -1) {
        if (p->epfd != -1) close(p->epfd);
        free(p->events);
        free(p);
        return NULL;
    }
    return p;
}

void poller_destroy(struct poller *p) {
    close(p->epfd);
    free(p->events);
    free(p);
}

int poller_update(struct poller *p, int fd, int old_mask, int new_mask) {
    struct epoll_event ev = {0};
    ev.data.fd = fd;
    if (new_mask & LOOP_READABLE) ev.events |= EPOLLIN;
    if (new_mask & LOOP_WRITABLE) ev.events |= EPOLLOUT;

    int op = EPOLL_CTL_MOD;
    if (old_mask == LOOP_NONE) op = EPOLL_CTL_ADD;
    else if (new_mask == LOOP_NONE) op = EPOLL_CTL_DEL;
    return epoll_ctl(p->epfd, op, fd, &ev);
}

int poller_wait(struct poller *p, struct fired_event *fired, int max, int timeout_ms) {
    if (max > p->setsize) max = p->setsize;
    int n = epoll_wait(p->epfd, p->events, max, timeout_ms);
    if (n == -1) {
        /* EINTR: a signal arrived (its handler already ran); the loop just
         * goes round. Anything else is a bug, and going round would spin. */
        if (errno == EINTR) return 0;
        fatal("epoll_wait: %s", strerror(errno));
    }
    for (int i = 0; i < n; i++) {
        uint32_t e = p->events[i].events;
        int mask = 0;
        /* An error or hang-up counts as both: the handler's next read or
         * write returns the error (or end of file) and closes the client. */
        if (e & (EPOLLIN | EPOLLERR | EPOLLHUP)) mask |= LOOP_READABLE;
        if (e & (EPOLLOUT | EPOLLERR | EPOLLHUP)) mask |= LOOP_WRITABLE;
        fired[i].fd = p->events[i].data.fd;
        fired[i].mask = mask;
    }
    return n;
}

const char *poller_name(void) {
    return "epoll";
}
