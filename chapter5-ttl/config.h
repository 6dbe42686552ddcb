/*
 * config.h: command-line options, named and written like redis-server's:
 *
 *     littleredis --port 6380 --bind 127.0.0.1 ::1 --unixsocket /tmp/lr.sock
 *
 * An option is "--name" followed by its values, up to the next "--name".
 * The table in config.c lists every option with its type and limits, so
 * adding one is a single line there.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_BIND 16
#define CONFIG_MIN_HZ 1
#define CONFIG_MAX_HZ 500

struct config {
    int port;
    char *bind[CONFIG_MAX_BIND]; /* addresses to listen on */
    int bind_count;
    char *unixsocket;            /* NULL: no Unix-domain listener */
    int maxclients;
    int hz;                      /* periodic timer ticks per second */
    int timeout;                 /* close clients idle this many seconds (0: never) */
    int loglevel;                /* an enum log_level */
    long long proto_max_bulk_len;        /* longest argument a request may carry */
    long long client_query_buffer_limit; /* most unprocessed input per client */
};

extern struct config config;

/* Fill `config` with defaults, then apply argv. Exits with a message on a
 * bad option, as redis-server does. */
void config_load(int argc, char **argv);

/* For CONFIG GET: how many parameters there are, and each one's name and
 * value as text. config_get() returns 0 for entries that are not parameters
 * (the --verbose shorthand). */
int config_count(void);
int config_get(int i, const char **name, char *value, size_t len);

#endif
