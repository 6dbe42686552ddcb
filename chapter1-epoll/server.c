/*
 * Chapter 1: a raw epoll echo server.
 *
 * This file is meant to be read from top to bottom. There are no abstractions
 * on purpose: every system call the server makes is right here, so that you can
 * see what an event loop *is* before chapter 2 wraps it in a small library.
 *
 * What it does: listen on a TCP port, accept any number of clients, and send
 * every byte each client writes straight back to that client, in order. One
 * thread serves all of them. The thread never blocks on a single client:
 * every socket is non-blocking, and the only place the program waits is
 * epoll_wait(), which sleeps until *some* socket is ready.
 *
 * The shape of the program:
 *
 *     main()
 *       parse --bind / --port
 *       listen_on()            socket, SO_REUSEADDR, bind, listen, non-blocking
 *       epoll_create1()        one epoll instance watches every socket
 *       loop forever:
 *         epoll_wait()         sleep until at least one socket is ready
 *         for each ready socket:
 *           the listener?  -> accept_clients()   accept until EAGAIN
 *           readable?      -> read_from_client() read, echo back
 *           writable?      -> write_to_client()  finish a partial write
 */

#define _GNU_SOURCE /* accept4() */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_EVENTS 128       /* ready sockets handled per epoll_wait() call */
#define READ_CHUNK (16*1024) /* bytes read from a client in one read() */

/* ------------------------------------------------------------------------
 * Logging, in the same format as redis-server:
 *     12345:M 23 Nov 2026 09:30:00.123 * Ready to accept connections
 * ------------------------------------------------------------------------ */

static void log_line(const char *fmt, ...) {
    char when[64];
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    size_t n = strftime(when, sizeof(when), "%d %b %Y %H:%M:%S", &tm);
    snprintf(when + n, sizeof(when) - n, ".%03d", (int)(tv.tv_usec / 1000));

    printf("%d:M %s * ", (int)getpid(), when);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout); /* a log is useless if it is still in a buffer when we crash */
}

static void die(const char *what) {
    log_line("Fatal: %s: %s", what, strerror(errno));
    exit(1);
}

/* ------------------------------------------------------------------------
 * Per-client state.
 *
 * An echo server needs to remember exactly one thing per client: the bytes it
 * read but could not write back yet. That happens when the client reads more
 * slowly than it writes: the kernel's send buffer for the socket fills up and
 * write() accepts only part of what we offer (a "partial write"). We keep the
 * rest in `pending` and finish it when epoll says the socket is writable.
 *
 * Clients live in an array indexed by file descriptor. The kernel always
 * hands out the lowest free descriptor, so the array stays dense, and finding
 * a client from an epoll event is a single index.
 * ------------------------------------------------------------------------ */

struct client {
    int fd;
    char pending[READ_CHUNK]; /* bytes read but not yet written back */
    size_t pending_start;     /* first byte of pending not yet written */
    size_t pending_end;       /* one past the last byte of pending */
};

static struct client **clients; /* clients[fd], NULL when fd is not a client */
static int clients_cap;

static int epfd; /* the epoll instance */

/* Tell epoll what we want to hear about for this client.
 *
 * Either we want to read (EPOLLIN), or we have unsent bytes and want to know
 * when we can write them (EPOLLOUT), never both. While a partial write is
 * pending we stop reading from the client: reading more would only pile up
 * more bytes we cannot send. That is backpressure in its simplest form: a
 * client that never reads its replies cannot make the server buffer without
 * bound, because the server stops taking its input. */
static void watch_client(struct client *c, int op) {
    struct epoll_event ev = {0};
    ev.events = c->pending_start < c->pending_end ? EPOLLOUT : EPOLLIN;
    ev.data.fd = c->fd;
    if (epoll_ctl(epfd, op, c->fd, &ev) == -1) die("epoll_ctl");
}

static void close_client(struct client *c, const char *why) {
    log_line("Client closed connection (fd %d): %s", c->fd, why);
    /* close() also removes the descriptor from the epoll set. */
    close(c->fd);
    clients[c->fd] = NULL;
    free(c);
}

static void add_client(int fd) {
    if (fd >= clients_cap) {
        int cap = clients_cap ? clients_cap : 64;
        while (cap <= fd) cap *= 2;
        clients = realloc(clients, sizeof(*clients) * cap);
        if (clients == NULL) die("realloc");
        memset(clients + clients_cap, 0, sizeof(*clients) * (cap - clients_cap));
        clients_cap = cap;
    }
    struct client *c = calloc(1, sizeof(*c));
    if (c == NULL) die("calloc");
    c->fd = fd;
    clients[fd] = c;
    watch_client(c, EPOLL_CTL_ADD);
}

/* ------------------------------------------------------------------------
 * The listening socket.
 * ------------------------------------------------------------------------ */

static int listen_on(const char *addr, int port) {
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)port);
    if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
        log_line("Fatal: --bind %s is not an IPv4 address", addr);
        exit(1);
    }

    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd == -1) die("socket");

    /* After a server exits, the kernel keeps its recent connections in
     * TIME_WAIT for a minute or so, and by default refuses to bind the port
     * again until they are gone. SO_REUSEADDR lets a restarted server bind at
     * once. */
    int yes = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)) == -1)
        die("setsockopt(SO_REUSEADDR)");

    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1) die("bind");
    /* 511 is Redis's default backlog: how many finished TCP handshakes the
     * kernel queues for us while we are busy elsewhere. */
    if (listen(fd, 511) == -1) die("listen");
    return fd;
}

/* The listener is readable: one or more clients are waiting in the backlog.
 * Take all of them, until accept says EAGAIN ("nobody else is waiting"). */
static void accept_clients(int listen_fd) {
    for (;;) {
        struct sockaddr_in peer;
        socklen_t len = sizeof(peer);
        /* accept4 with SOCK_NONBLOCK makes the new socket non-blocking in the
         * same call, so there is no moment where it could block us. */
        int fd = accept4(listen_fd, (struct sockaddr *)&peer, &len, SOCK_NONBLOCK);
        if (fd == -1) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return; /* backlog empty */
            if (errno == EINTR || errno == ECONNABORTED) continue;
            /* Out of descriptors (EMFILE) or similar: log it and try again on
             * the next loop iteration rather than crashing the server. */
            log_line("Accepting client connection: %s", strerror(errno));
            return;
        }
        char ip[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof(ip));
        log_line("Accepted %s:%d (fd %d)", ip, ntohs(peer.sin_port), fd);
        add_client(fd);
    }
}

/* ------------------------------------------------------------------------
 * Reading and writing.
 * ------------------------------------------------------------------------ */

/* Write as much of the pending bytes as the kernel takes right now.
 * Returns 0, or -1 when the client is gone (it has been closed). */
static int write_to_client(struct client *c) {
    while (c->pending_start < c->pending_end) {
        ssize_t n = write(c->fd, c->pending + c->pending_start,
                          c->pending_end - c->pending_start);
        if (n > 0) {
            c->pending_start += (size_t)n;
            continue;
        }
        if (n == -1 && errno == EINTR) continue; /* a signal interrupted us: retry */
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* The kernel's send buffer is full: the client is reading more
             * slowly than it writes. Keep the rest and ask epoll to tell us
             * when there is room again. */
            watch_client(c, EPOLL_CTL_MOD);
            return 0;
        }
        close_client(c, strerror(errno)); /* e.g. EPIPE, ECONNRESET */
        return -1;
    }
    /* Everything is written: go back to reading. (This also runs after an
     * ordinary echo that never waited for EPOLLOUT, costing one redundant
     * epoll_ctl(); docs/01-epoll.md has an exercise about it.) */
    if (c->pending_end != 0) {
        c->pending_start = c->pending_end = 0;
        watch_client(c, EPOLL_CTL_MOD);
    }
    return 0;
}

/* The client is readable. Read a chunk and echo it back. Level-triggered
 * epoll will report the socket again on the next epoll_wait() if more bytes
 * are waiting, so one read per event is enough and keeps one busy client
 * from starving the others. */
static void read_from_client(struct client *c) {
    ssize_t n;
    do {
        n = read(c->fd, c->pending, sizeof(c->pending));
    } while (n == -1 && errno == EINTR);

    if (n == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return; /* spurious wakeup */
        close_client(c, strerror(errno)); /* e.g. ECONNRESET */
        return;
    }
    if (n == 0) { /* end of file: the client closed its side */
        close_client(c, "end of stream");
        return;
    }
    c->pending_start = 0;
    c->pending_end = (size_t)n;
    /* Echo at once: most of the time the kernel takes all of it, and we never
     * need to ask epoll about writability at all. */
    write_to_client(c);
}

/* ------------------------------------------------------------------------
 * main: parse options, listen, run the loop.
 * ------------------------------------------------------------------------ */

static void usage(void) {
    fprintf(stderr, "Usage: littleredis [--bind ADDR] [--port N]\n");
    exit(1);
}

int main(int argc, char **argv) {
    const char *bind_addr = "127.0.0.1";
    int port = 6379;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--bind") == 0 && i + 1 < argc) {
            bind_addr = argv[++i];
        } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
            char *end;
            long p = strtol(argv[++i], &end, 10);
            if (*end != '\0' || p < 1 || p > 65535) usage();
            port = (int)p;
        } else {
            usage();
        }
    }

    /* Writing to a socket whose peer has gone away raises SIGPIPE, whose
     * default action kills the whole process. Ignore it: write() then fails
     * with EPIPE instead, and we close just that one client. */
    signal(SIGPIPE, SIG_IGN);

    int listen_fd = listen_on(bind_addr, port);

    epfd = epoll_create1(0);
    if (epfd == -1) die("epoll_create1");
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = listen_fd};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, listen_fd, &ev) == -1) die("epoll_ctl");

    log_line("Ready to accept connections tcp on %s:%d", bind_addr, port);

    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        /* Sleep until at least one socket is ready (-1: no timeout). */
        int ready = epoll_wait(epfd, events, MAX_EVENTS, -1);
        if (ready == -1) {
            if (errno == EINTR) continue; /* interrupted by a signal: just wait again */
            die("epoll_wait");
        }
        for (int i = 0; i < ready; i++) {
            int fd = events[i].data.fd;
            if (fd == listen_fd) {
                accept_clients(listen_fd);
                continue;
            }
            struct client *c = clients[fd];
            if (c == NULL) continue; /* closed earlier in this same batch */
            /* EPOLLERR and EPOLLHUP are always reported, even if we did not
             * ask. Treat them like readiness: the read or write that follows
             * returns the error or end of file, and closes the client. */
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                if (c->pending_start < c->pending_end)
                    write_to_client(c);
                else
                    read_from_client(c);
            } else if (events[i].events & EPOLLOUT) {
                write_to_client(c);
            }
        }
    }
}
