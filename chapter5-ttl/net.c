/* net.c: see net.h. Only POSIX calls, so it builds on Linux, macOS and the BSDs. */
#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int net_set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL);
    if (flags == -1) return -1;
    if (fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1) return -1;
    /* Close-on-exec: a child process we might start never inherits it. */
    return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* The part every listener shares: options, bind, listen. */
static int bind_and_listen(int fd, struct sockaddr *sa, socklen_t len, int backlog,
                           const char *what, char *err) {
    if (bind(fd, sa, len) == -1) {
        snprintf(err, NET_ERR_LEN, "bind %s: %s", what, strerror(errno));
        return -1;
    }
    if (listen(fd, backlog) == -1) {
        snprintf(err, NET_ERR_LEN, "listen %s: %s", what, strerror(errno));
        return -1;
    }
    if (net_set_nonblocking(fd) == -1) {
        snprintf(err, NET_ERR_LEN, "fcntl %s: %s", what, strerror(errno));
        return -1;
    }
    return 0;
}

int net_listen_tcp(const char *addr, int port, int backlog, char *err) {
    char what[NET_ADDR_LEN + 16];
    snprintf(what, sizeof(what), strchr(addr, ':') ? "[%s]:%d" : "%s:%d", addr, port);

    /* getaddrinfo turns the text address into a socket address of the right
     * family (IPv4 or IPv6); AI_NUMERICHOST: no DNS lookups, ever. */
    struct addrinfo hints = {0}, *info;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
    char service[8];
    snprintf(service, sizeof(service), "%d", port);
    int rc = getaddrinfo(addr, service, &hints, &info);
    if (rc != 0) {
        snprintf(err, NET_ERR_LEN, "%s: %s", what, gai_strerror(rc));
        return -1;
    }

    int fd = socket(info->ai_family, SOCK_STREAM, 0);
    if (fd == -1) {
        snprintf(err, NET_ERR_LEN, "socket %s: %s", what, strerror(errno));
        freeaddrinfo(info);
        return -1;
    }
    /* A restarted server must be able to bind at once, even while its old
     * connections linger in TIME_WAIT (chapter 1 explains). */
    int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    /* An IPv6 socket would otherwise also take IPv4 connections on the same
     * port, and then "--bind 0.0.0.0 ::" would fail with "address in use". */
    if (info->ai_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &yes, sizeof(yes));

    rc = bind_and_listen(fd, info->ai_addr, info->ai_addrlen, backlog, what, err);
    freeaddrinfo(info);
    if (rc == -1) {
        close(fd);
        return -1;
    }
    return fd;
}

int net_listen_unix(const char *path, int backlog, char *err) {
    struct sockaddr_un sa = {0};
    if (strlen(path) >= sizeof(sa.sun_path)) {
        snprintf(err, NET_ERR_LEN, "unix socket path too long: %s", path);
        return -1;
    }
    sa.sun_family = AF_UNIX;
    strcpy(sa.sun_path, path);

    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd == -1) {
        snprintf(err, NET_ERR_LEN, "socket %s: %s", path, strerror(errno));
        return -1;
    }
    /* A socket file left behind by a server that crashed would make bind()
     * fail with EADDRINUSE. Remove it, as redis-server does. */
    unlink(path);
    if (bind_and_listen(fd, (struct sockaddr *)&sa, sizeof(sa), backlog, path, err) == -1) {
        close(fd);
        return -1;
    }
    return fd;
}

int net_accept(int listen_fd, char *peer, size_t peer_len) {
    struct sockaddr_storage sa;
    socklen_t len = sizeof(sa);
    int fd;
    do {
        fd = accept(listen_fd, (struct sockaddr *)&sa, &len);
    } while (fd == -1 && errno == EINTR);
    if (fd == -1) return -1;

    if (net_set_nonblocking(fd) == -1) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    char ip[INET6_ADDRSTRLEN];
    if (sa.ss_family == AF_INET) {
        struct sockaddr_in *s = (struct sockaddr_in *)&sa;
        inet_ntop(AF_INET, &s->sin_addr, ip, sizeof(ip));
        snprintf(peer, peer_len, "%s:%d", ip, ntohs(s->sin_port));
    } else if (sa.ss_family == AF_INET6) {
        struct sockaddr_in6 *s = (struct sockaddr_in6 *)&sa;
        inet_ntop(AF_INET6, &s->sin6_addr, ip, sizeof(ip));
        snprintf(peer, peer_len, "[%s]:%d", ip, ntohs(s->sin6_port));
    } else {
        snprintf(peer, peer_len, "unix socket");
    }
    if (sa.ss_family != AF_UNIX) {
        /* Send small replies at once instead of waiting to coalesce them
         * (Nagle's algorithm): request/response traffic wants low latency. */
        int yes = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
    }
    return fd;
}
