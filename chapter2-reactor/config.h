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

#define CONFIG_MAX_BIND 16

struct config {
    int port;
    char *bind[CONFIG_MAX_BIND]; /* addresses to listen on */
    int bind_count;
    char *unixsocket;            /* NULL: no Unix-domain listener */
    int maxclients;
    int loglevel;                /* an enum log_level */
};

extern struct config config;

/* Fill `config` with defaults, then apply argv. Exits with a message on a
 * bad option, as redis-server does. */
void config_load(int argc, char **argv);

#endif
