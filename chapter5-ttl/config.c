/* config.c: see config.h. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "util.h"

struct config config;

enum option_type {
    OPT_INT,      /* one integer between min and max */
    OPT_MEMORY,   /* a size in bytes between min and max: 1048576, 1mb, 1gb */
    OPT_STRING,   /* one string */
    OPT_ADDRLIST, /* one or more addresses (--bind) */
    OPT_LOGLEVEL, /* verbose | notice | warning */
    OPT_FLAG,     /* no value: --verbose is short for --loglevel verbose */
    OPT_FIXED,    /* accepted only with the one value this server supports */
};

struct option {
    const char *name;
    enum option_type type;
    void *value;
    long long min, max;
    const char *fixed; /* OPT_FIXED: the only value allowed */
};

static const struct option options[] = {
    {"port", OPT_INT, &config.port, 0, 65535, NULL},
    {"bind", OPT_ADDRLIST, config.bind, 0, 0, NULL},
    {"unixsocket", OPT_STRING, &config.unixsocket, 0, 0, NULL},
    {"maxclients", OPT_INT, &config.maxclients, 1, 1000000, NULL},
    {"hz", OPT_INT, &config.hz, 0, INT_MAX, NULL},
    {"timeout", OPT_INT, &config.timeout, 0, INT_MAX, NULL},
    {"loglevel", OPT_LOGLEVEL, &config.loglevel, 0, 0, NULL},
    {"verbose", OPT_FLAG, &config.loglevel, 0, 0, NULL},
    {"proto-max-bulk-len", OPT_MEMORY, &config.proto_max_bulk_len, 1024 * 1024, LLONG_MAX, NULL},
    {"client-query-buffer-limit", OPT_MEMORY, &config.client_query_buffer_limit, 1024 * 1024, LLONG_MAX, NULL},
    /* This server keeps nothing on disk. Accepting the settings that say so
     * lets the same command line start it and redis-server. */
    {"save", OPT_FIXED, NULL, 0, 0, ""},
    {"appendonly", OPT_FIXED, NULL, 0, 0, "no"},
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
    case OPT_MEMORY: {
        long long v;
        if (!parse_memory(argv[0], &v) || v < opt->min || v > opt->max)
            config_error("Invalid value for --%s: not a memory size in range (at least 1mb)", opt->name);
        *(long long *)opt->value = v;
        break;
    }
    case OPT_FIXED:
        if (strcasecmp(argv[0], opt->fixed) != 0)
            config_error("--%s: this server does not persist data, so only the default is accepted", opt->name);
        break;
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
    config.hz = 10;
    config.loglevel = LOG_NOTICE;
    config.proto_max_bulk_len = 512LL * 1024 * 1024;
    config.client_query_buffer_limit = 1024LL * 1024 * 1024;

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

    /* Any hz is accepted and brought within 1..500, as Redis does: more
     * than 500 ticks a second would be all overhead, and 0 would stop the
     * timer. */
    if (config.hz < CONFIG_MIN_HZ) config.hz = CONFIG_MIN_HZ;
    if (config.hz > CONFIG_MAX_HZ) config.hz = CONFIG_MAX_HZ;
}

int config_count(void) {
    return (int)(sizeof(options) / sizeof(options[0]));
}

int config_get(int i, const char **name, char *value, size_t len) {
    const struct option *opt = &options[i];
    static const char *levels[] = {"verbose", "notice", "warning"};
    *name = opt->name;
    switch (opt->type) {
    case OPT_INT:
        snprintf(value, len, "%d", *(int *)opt->value);
        return 1;
    case OPT_MEMORY:
        snprintf(value, len, "%lld", *(long long *)opt->value);
        return 1;
    case OPT_STRING: {
        const char *s = *(char **)opt->value;
        snprintf(value, len, "%s", s ? s : "");
        return 1;
    }
    case OPT_ADDRLIST: {
        size_t used = 0;
        value[0] = '\0';
        for (int j = 0; j < config.bind_count && used < len; j++)
            used += (size_t)snprintf(value + used, len - used, "%s%s", j ? " " : "", config.bind[j]);
        return 1;
    }
    case OPT_LOGLEVEL:
        snprintf(value, len, "%s", levels[config.loglevel]);
        return 1;
    case OPT_FIXED:
        snprintf(value, len, "%s", opt->fixed);
        return 1;
    case OPT_FLAG:
        break;
    }
    return 0;
}
