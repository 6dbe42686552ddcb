/* config.c: see config.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"

struct config config;

enum option_type {
    OPT_INT,      /* one integer between min and max */
    OPT_STRING,   /* one string */
    OPT_ADDRLIST, /* one or more addresses (--bind) */
    OPT_LOGLEVEL, /* verbose | notice | warning */
    OPT_FLAG,     /* no value: --verbose is short for --loglevel verbose */
};

struct option {
    const char *name;
    enum option_type type;
    void *value;
    long long min, max;
};

static const struct option options[] = {
    {"port", OPT_INT, &config.port, 0, 65535},
    {"bind", OPT_ADDRLIST, config.bind, 0, 0},
    {"unixsocket", OPT_STRING, &config.unixsocket, 0, 0},
    {"maxclients", OPT_INT, &config.maxclients, 1, 1000000},
    {"loglevel", OPT_LOGLEVEL, &config.loglevel, 0, 0},
    {"verbose", OPT_FLAG, &config.loglevel, 0, 0},
};

static void config_error(const char *fmt, const char *arg) {
    fprintf(stderr, "\n*** FATAL CONFIG ERROR ***\n");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(1);
}

static const struct option *find_option(const char *name) {
    for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
        if (strcasecmp(options[i].name, name) == 0) return &options[i];
    return NULL;
}

/* Apply one option with its `argc` values. */
static void apply(const struct option *opt, int argc, char **argv) {
    if (opt->type == OPT_FLAG) {
        if (argc != 0) config_error("--%s takes no value", opt->name);
        *(int *)opt->value = LOG_VERBOSE;
        return;
    }
    if (argc == 0) config_error("--%s needs a value", opt->name);
    if (opt->type != OPT_ADDRLIST && argc > 1) config_error("--%s takes a single value", opt->name);

    switch (opt->type) {
    case OPT_INT: {
        char *end;
        errno = 0;
        long long v = strtoll(argv[0], &end, 10);
        if (errno || *end || end == argv[0] || v < opt->min || v > opt->max)
            config_error("Invalid value for --%s: not an integer in range", opt->name);
        *(int *)opt->value = (int)v;
        break;
    }
    case OPT_STRING:
        *(char **)opt->value = argv[0];
        break;
    case OPT_ADDRLIST:
        if (argc > CONFIG_MAX_BIND) config_error("Too many addresses for --%s", opt->name);
        for (int i = 0; i < argc; i++) config.bind[i] = argv[i];
        config.bind_count = argc;
        break;
    case OPT_LOGLEVEL:
        if (strcasecmp(argv[0], "verbose") == 0) config.loglevel = LOG_VERBOSE;
        else if (strcasecmp(argv[0], "notice") == 0) config.loglevel = LOG_NOTICE;
        else if (strcasecmp(argv[0], "warning") == 0) config.loglevel = LOG_WARNING;
        else config_error("Invalid --loglevel '%s': use verbose, notice or warning", argv[0]);
        break;
    case OPT_FLAG:
        break;
    }
}

void config_load(int argc, char **argv) {
    config.port = 6379;
    config.bind[0] = "127.0.0.1";
    config.bind_count = 1;
    config.unixsocket = NULL;
    config.maxclients = 10000;
    config.loglevel = LOG_NOTICE;

    int i = 1;
    while (i < argc) {
        if (strncmp(argv[i], "--", 2) != 0)
            config_error("Expected an option such as --port, got '%s'", argv[i]);
        const struct option *opt = find_option(argv[i] + 2);
        if (opt == NULL) config_error("Unknown option '%s'", argv[i]);
        int first = ++i;
        while (i < argc && strncmp(argv[i], "--", 2) != 0) i++;
        apply(opt, i - first, argv + first);
    }
    log_min_level = config.loglevel;
}
