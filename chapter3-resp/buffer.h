/*
 * buffer.h: a growable byte buffer with a read position.
 *
 * Every connection has two: bytes read from the socket and not yet handled
 * (input), and bytes to send that the kernel has not taken yet (output).
 *
 *     data: [ consumed | unread ............ | free space      ]
 *            0         start                 end               cap
 *
 * Appending writes at `end`; consuming moves `start` forward. When the buffer
 * is empty both go back to 0, and space before `start` is reclaimed by moving
 * the unread bytes down only when room is needed, so consuming is O(1).
 * Bytes are bytes: no terminating '\0', any value allowed.
 */
#ifndef BUFFER_H
#define BUFFER_H

#include <stddef.h>

struct buffer {
    char *data;
    size_t start; /* first unread byte */
    size_t end;   /* one past the last unread byte */
    size_t cap;   /* bytes allocated */
};

static inline size_t buffer_len(const struct buffer *b) { return b->end - b->start; }
/* An empty buffer may have no memory at all (data == NULL), and in C even
 * NULL + 0 is undefined behaviour, so that case returns NULL itself. */
static inline char *buffer_begin(const struct buffer *b) { return b->data ? b->data + b->start : NULL; }

/* Make room for at least `n` more bytes at the end. Returns a pointer to the
 * free space (to read() into, say); call buffer_commit() with what you wrote. */
char *buffer_reserve(struct buffer *b, size_t n);
void buffer_commit(struct buffer *b, size_t n);

void buffer_append(struct buffer *b, const void *bytes, size_t n);
void buffer_consume(struct buffer *b, size_t n);

/* Give back memory beyond `keep` bytes of capacity once the buffer is empty,
 * so one large burst does not pin memory for the connection's whole life. */
void buffer_shrink(struct buffer *b, size_t keep);
void buffer_free(struct buffer *b);

#endif
