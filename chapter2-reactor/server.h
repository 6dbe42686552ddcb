/*
 * server.h: the state of the whole server, in one global as in Redis
 * (`server`). A single-threaded server has exactly one of everything, and
 * one well-known place for it is easier to follow than pointers threaded
 * through every call.
 */
#ifndef SERVER_H
#define SERVER_H

#include "config.h"
#include "eventloop.h"

/* Descriptors kept free beyond maxclients: listeners, the signal pipe, the
 * poller's own descriptor, and some slack (Redis reserves 32 as well). */
#define SERVER_RESERVED_FDS 32

struct server {
    struct event_loop *loop;
    int listeners[CONFIG_MAX_BIND + 1]; /* TCP listeners, then the Unix one */
    int listener_count;
    int signal_pipe[2];   /* [0] watched by the loop, [1] written by signal handlers */
    int spare_fd;         /* a descriptor held in reserve (see on_accept) */
    int connected_clients;
};

extern struct server server;

#endif
