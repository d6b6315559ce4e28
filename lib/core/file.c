/* SPDX-License-Identifier: MIT */
/* open(O_CLOEXEC), fstat */
#define _XOPEN_SOURCE 700
/* Reading a whole file (policies, included catalogs, request files). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/file.h"

/* Reads a whole regular file; HPR_EIO with the reason on failure. Opened
 * without blocking and checked with fstat, so a FIFO, a device or a
 * directory named by a policy is refused instead of waited on. */
hpr_status hpr__read_file(const char *path, size_t limit, char **data_out, size_t *len_out)
{
    *data_out = NULL;
    *len_out = 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return hpr__seterr(errno == ENOMEM ? HPR_ENOMEM : HPR_EIO, "cannot open %s: %s", path,
                           strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int err = errno;
        close(fd);
        return hpr__seterr(HPR_EIO, "cannot read %s: %s", path, strerror(err));
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        return hpr__seterr(HPR_EIO, "cannot read %s: %s", path,
                           S_ISDIR(sb.st_mode) ? "it is a directory" : "not a regular file");
    }
    if ((uintmax_t)sb.st_size > limit) {
        close(fd);
        return hpr__seterr(HPR_EIO, "%s is larger than the %zu-byte limit", path, limit);
    }
    hpr__buf b = {0};
    char chunk[65536];
    ssize_t n;
    for (;;) {
        n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (b.len + (size_t)n > limit) {
            close(fd);
            hpr__buf_dispose(&b);
            return hpr__seterr(HPR_EIO, "%s is larger than the %zu-byte limit", path, limit);
        }
        hpr__buf_put(&b, chunk, (size_t)n);
    }
    int err = n < 0 ? errno : 0;
    close(fd);
    if (err) {
        hpr__buf_dispose(&b);
        return hpr__seterr(HPR_EIO, "cannot read %s: %s", path, strerror(err));
    }
    if (b.oom) {
        hpr__buf_dispose(&b);
        return hpr__seterr(HPR_ENOMEM, "out of memory reading %s", path);
    }
    if (!b.ptr) {
        b.ptr = hpr__malloc(1);
        if (!b.ptr)
            return hpr__seterr(HPR_ENOMEM, "out of memory reading %s", path);
        b.ptr[0] = '\0';
    }
    *data_out = b.ptr;
    *len_out = b.len;
    return HPR_OK;
}
