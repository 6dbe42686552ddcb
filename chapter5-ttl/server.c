/*
 * Chapter 5: time. The loop learns to run timers beside its sockets, and a
 * periodic timer sweeps away the keys whose deadline has passed.
 *
 * Chapters 2 to 4 are unchanged underneath:
 *
 *     eventloop.c   the reactor: sockets, and now timers
 *     poller_*.c    how to wait for many fds on this OS (epoll, or poll)
 *     net.c         sockets: listen (TCP, IPv6, Unix), accept
 *     client.c      a connection: its buffers, reads, writes, backpressure
 *     config.c      the command-line options (CONFIG GET reads them too)
 *     request.c     parsing requests (multibulk and inline), incrementally
 *     reply.c       encoding replies in RESP2 or RESP3
 *     command.c     the command table, and dispatch with Redis's errors
 *     cmd_connection.c, cmd_server.c   PING, HELLO, CLIENT...; INFO, CONFIG, COMMAND
 *     siphash.c, dict.c, db.c   the keyspace: hash table, keys, deadlines
 *     cmd_string.c, cmd_keys.c  SET, GET, INCR...; DEL, EXISTS, KEYS...
 *     glob.c, util.c  pattern matching; strict integers, the clocks
 *     server.c      this file: start up, accept clients, the periodic
 *                   timer, shut down
 *
 * and the layer this chapter adds:
 *
 *     eventloop.c   timers: loop_add_timer(), loop_delete_timer(), and a
 *                   poller wait that ends when the next timer is due
 *     expire.c      the adaptive sweep that deletes late keys nobody reads
 *     cmd_expire.c  EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL,
 *                   EXPIRETIME, PEXPIRETIME, PERSIST
 */
#define _XOPEN_SOURCE 700 /* realpath() */

#include "server.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "db.h"
#include "expire.h"
#include "log.h"
#include "net.h"
#include "util.h"

struct server server;

/* ------------------------------------------------------------------------
 * Accepting clients.
 * ------------------------------------------------------------------------ */

/* Out of file descriptors: accept() fails with EMFILE (this process's
 * limit) or ENFILE (the system's). The waiting connection stays in the
 * listener's backlog, so the listener stays readable, and the loop would
 * call on_accept() again at once, forever: 100% CPU, and a client left
 * hanging. So the server holds one descriptor in reserve (/dev/null, opened
 * at start-up): give it up, accept the connection with it and close it at
 * once (the client sees its connection closed rather than a hang), then
 * take the reserve back. Once clients leave and free descriptors, accepting
 * works again by itself. */
static void refuse_for_lack_of_fds(int listen_fd) {
    if (server.spare_fd == -1) return; /* someone took it: nothing to give */
    close(server.spare_fd);
    int fd = accept(listen_fd, NULL, NULL);
    if (fd != -1) close(fd);
    server.spare_fd = open("/dev/null", O_RDONLY);
}

/* Loop handler: a listener is readable, so clients are waiting. Accept a
 * bounded batch (as Redis does, 1000), so a flood of new connections cannot
 * starve the clients we already have; the loop calls us again for the rest. */
static void on_accept(struct event_loop *loop, int fd, void *data, int ready) {
    (void)loop;
    (void)data;
    (void)ready;
    int refused = 0;
    for (int i = 0; i < 1000; i++) {
        char peer[NET_ADDR_LEN];
        int cfd = net_accept(fd, peer, sizeof(peer));
        if (cfd == -1 && (errno == EMFILE || errno == ENFILE)) {
            if (!refused) log_warning("Out of file descriptors (%s): refusing new connections", strerror(errno));
            refused++;
            refuse_for_lack_of_fds(fd);
            continue;
        }
        if (cfd == -1) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ECONNABORTED)
                log_warning("Accepting client connection: %s", strerror(errno));
            return;
        }
        if (server.connected_clients >= config.maxclients) {
            /* Accept and close at once: leaving it in the backlog would make
             * the listener readable forever, and the client would hang
             * instead of learning that it was refused. */
            log_warning("Refused connection from %s: max number of clients reached (maxclients %d)",
                        peer, config.maxclients);
            /* Tell the client why, as Redis does. The socket is new and its
             * send buffer empty, so this small write will not block. */
            static const char msg[] = "-ERR max number of clients reached\r\n";
            ssize_t ignored = write(cfd, msg, sizeof(msg) - 1);
            (void)ignored;
            close(cfd);
            continue;
        }
        log_verbose("Accepted %s (fd %d)", peer, cfd);
        client_create(cfd, peer);
    }
}

static void listen_or_die(int fd, const char *err) {
    if (fd == -1) fatal("Could not create server socket: %s", err);
    if (loop_watch(server.loop, fd, LOOP_READABLE, on_accept, NULL) == -1)
        fatal("Could not watch the listening socket: %s", strerror(errno));
    server.listeners[server.listener_count++] = fd;
}

static void open_listeners(void) {
    char err[NET_ERR_LEN];
    for (int i = 0; i < config.bind_count; i++)
        listen_or_die(net_listen_tcp(config.bind[i], config.port, 511, err), err);
    if (config.unixsocket)
        listen_or_die(net_listen_unix(config.unixsocket, 511, err), err);
}

/* ------------------------------------------------------------------------
 * Signals.
 *
 * A signal can arrive at any instant, in the middle of any function; a
 * handler may safely do almost nothing (only "async-signal-safe" calls).
 * So the handler only writes one byte into a pipe, and the loop watches
 * the pipe's other end like any client socket. The shutdown then runs as
 * an ordinary handler, between two events, with everything in a consistent
 * state. This is the "self-pipe trick". Linux's signalfd() does the same
 * job more directly, but it is Linux-only, and this server also builds on
 * systems with nothing but poll().
 * ------------------------------------------------------------------------ */

static void on_signal(int sig) {
    int saved = errno; /* write() may change errno under the interrupted code */
    unsigned char b = (unsigned char)sig;
    ssize_t ignored = write(server.signal_pipe[1], &b, 1);
    (void)ignored; /* if the pipe is full, a shutdown is already on its way */
    errno = saved;
}

static void on_signal_pipe(struct event_loop *loop, int fd, void *data, int ready) {
    (void)data;
    (void)ready;
    unsigned char sig;
    if (read(fd, &sig, 1) != 1) return;
    log_warning("Received %s scheduling shutdown...", sig == SIGINT ? "SIGINT" : "SIGTERM");
    loop_stop(loop);
}

static void setup_signals(void) {
    if (pipe(server.signal_pipe) == -1) fatal("pipe: %s", strerror(errno));
    net_set_nonblocking(server.signal_pipe[0]);
    net_set_nonblocking(server.signal_pipe[1]);
    if (loop_watch(server.loop, server.signal_pipe[0], LOOP_READABLE, on_signal_pipe, NULL) == -1)
        fatal("Could not watch the signal pipe: %s", strerror(errno));

    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Writing to a socket whose peer has gone raises SIGPIPE, which kills
     * the process by default. Ignored, write() fails with EPIPE instead and
     * we close that one client. */
    signal(SIGPIPE, SIG_IGN);
}

/* ------------------------------------------------------------------------
 * Start-up and shutdown.
 * ------------------------------------------------------------------------ */

/* Every client is a file descriptor, and the process may only open as many
 * as RLIMIT_NOFILE allows (often 1024 by default). Raise the limit to what
 * maxclients needs; if the system says no, lower maxclients to fit, and say
 * so, as redis-server does. */
static void adjust_open_files_limit(void) {
    rlim_t wanted = (rlim_t)config.maxclients + SERVER_RESERVED_FDS;
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == -1 || lim.rlim_cur >= wanted) return;
    rlim_t cur = lim.rlim_cur;
    lim.rlim_cur = wanted;
    if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < wanted) lim.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &lim) == 0) cur = lim.rlim_cur;
    if (cur < wanted) {
        int fit = (int)cur - SERVER_RESERVED_FDS;
        if (fit < 1) fatal("Open files limit %ld is too low to run", (long)cur);
        log_warning("You requested maxclients of %d requiring at least %ld max file descriptors; "
                    "the limit is %ld, so maxclients is now %d.",
                    config.maxclients, (long)wanted, (long)cur, fit);
        config.maxclients = fit;
    }
}

/* A run id: 40 random hex digits, which tell one run of the server from
 * the next (Redis uses it in replication; INFO shows it). */
static void make_run_id(void) {
    unsigned char bytes[20];
    random_bytes(bytes, sizeof(bytes));
    for (size_t i = 0; i < sizeof(bytes); i++) sprintf(server.run_id + 2 * i, "%02x", bytes[i]);
}

/* ------------------------------------------------------------------------
 * The periodic timer ("serverCron" in Redis).
 *
 * Work that must happen whether or not any client asks for it runs here,
 * hz times a second: the expiry sweep, rehashing steps for a table that
 * nobody is touching, and closing idle clients (--timeout).
 *
 * Why a timer on the loop, and not a second thread that sleeps and wakes?
 * The keyspace has no locks. Everything that touches it runs on this one
 * thread, one handler at a time, so no handler ever sees a half-changed
 * table. A sweeping thread would need a lock around every key access, and
 * every command would pay for it. The price of the loop is that while a
 * timer handler runs, clients wait; so the handler's work has a budget.
 * ------------------------------------------------------------------------ */

static int server_cron(struct event_loop *loop, long long id, void *data) {
    (void)loop;
    (void)id;
    (void)data;
    long long period_us = 1000000 / config.hz;
    expire_cycle(period_us * EXPIRE_CYCLE_TIME_PERCENT / 100);
    /* Redis also gives rehashing one millisecond per tick. */
    dict_rehash_for(&db.dict, 1000);
    if (config.timeout > 0) clients_close_idle(config.timeout);
    return 1000 / config.hz; /* run again one period from now */
}

static void before_sleep(struct event_loop *loop) {
    (void)loop;
    clients_flush_pending();
}

static void shutdown_server(void) {
    for (int i = 0; i < server.listener_count; i++) close(server.listeners[i]);
    if (config.unixsocket) {
        log_notice("Removing the unix socket file.");
        unlink(config.unixsocket);
    }
    clients_free_all();
    db_flush();
    if (server.spare_fd != -1) close(server.spare_fd);
    close(server.signal_pipe[0]);
    close(server.signal_pipe[1]);
    loop_destroy(server.loop);
    log_warning("littleredis is now ready to exit, bye bye...");
}

int main(int argc, char **argv) {
    config_load(argc, argv);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    server.start_time_ms = (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
    make_run_id();
    if (realpath(argv[0], server.executable) == NULL)
        snprintf(server.executable, sizeof(server.executable), "%s", argv[0]);
    adjust_open_files_limit();
    db_init();

    server.loop = loop_create(config.maxclients + SERVER_RESERVED_FDS);
    if (server.loop == NULL) fatal("Could not create the event loop: %s", strerror(errno));
    loop_set_trace(server.loop, config.loglevel == LOG_VERBOSE);
    loop_set_before_sleep(server.loop, before_sleep);

    server.spare_fd = open("/dev/null", O_RDONLY);
    setup_signals();
    open_listeners();
    loop_add_timer(server.loop, 1, server_cron, NULL, NULL);

    log_notice("Server initialized (poller: %s, maxclients %d)", loop_poller_name(), config.maxclients);
    log_notice("Ready to accept connections on port %d", config.port);
    loop_run(server.loop);

    shutdown_server();
    return 0;
}
