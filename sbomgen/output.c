/*
 * output.c: writing an output file so that it appears whole or not at
 * all.
 */
#include "compat.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sbomgen.h"
#include "xalloc.h"

static int
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static mode_t
umask_get(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

/* "dir/.name.XXXXXX" beside path. */
static char *
temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xasprintf(".%s.XXXXXX", path);
	return xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path,
	    slash + 1);
}

/*
 * A device or pipe (/dev/null, /dev/stdout, a fifo) cannot be replaced
 * by renaming: it is written in place.
 */
static int
write_special(const char *path, const char *buf, size_t len)
{
	int fd, rc = 0;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
		warn("cannot open '%s'", path);
		return -1;
	}
	if (write_all(fd, buf, len) != 0) {
		warn("cannot write '%s'", path);
		rc = -1;
	}
	if (close(fd) != 0 && rc == 0) {
		warn("cannot write '%s'", path);
		rc = -1;
	}
	return rc;
}

/* Whether path is written in place rather than through a rename. */
static int
in_place(const char *path)
{
	struct stat st;

	return path == NULL || (stat(path, &st) == 0 && !S_ISREG(st.st_mode));
}

static int
write_place(const char *path, const char *buf, size_t len)
{
	if (path != NULL)
		return write_special(path, buf, len);
	if (write_all(STDOUT_FILENO, buf, len) != 0) {
		warn("cannot write to standard output");
		return -1;
	}
	return 0;
}

/* Writes buf to a new temporary file beside path; sets *tmpp. */
static int
write_temp(const char *path, const char *buf, size_t len, char **tmpp)
{
	char *tmp;
	int fd, rc = -1;

	tmp = temp_name(path);
	if ((fd = mkstemp(tmp)) < 0) {
		warn("cannot create a temporary file for '%s'", path);
		free(tmp);
		return -1;
	}
	if (write_all(fd, buf, len) != 0 || fsync(fd) != 0) {
		warn("cannot write '%s'", path);
		goto out;
	}
	/* mkstemp makes the file 0600; an SBOM is not a secret. */
	if (fchmod(fd, 0644 & ~umask_get()) != 0) {
		warn("cannot set the mode of '%s'", path);
		goto out;
	}
	rc = close(fd);
	fd = -1;
	if (rc != 0)
		warn("cannot write '%s'", path);
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	*tmpp = tmp;
	return 0;
}

int
sbomgen_write_outs(const struct out_spec *out, char *const *bufs,
    const size_t *lens, size_t n)
{
	char *tmps[SBOMGEN_MAXOUT] = { NULL };
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++)
		if (!in_place(out[i].path))
			rc = write_temp(out[i].path, bufs[i], lens[i],
			    &tmps[i]);
	for (i = 0; i < n && rc == 0; i++) {
		if (tmps[i] == NULL)
			continue;
		if (rename(tmps[i], out[i].path) != 0) {
			warn("cannot rename '%s' to '%s'", tmps[i],
			    out[i].path);
			rc = -1;
		} else
			FREE_AND_NULL(tmps[i]);
	}
	for (i = 0; i < n && rc == 0; i++)
		if (in_place(out[i].path))
			rc = write_place(out[i].path, bufs[i], lens[i]);
	for (i = 0; i < n; i++) {
		if (tmps[i] != NULL)
			unlink(tmps[i]);
		free(tmps[i]);
	}
	return rc;
}
