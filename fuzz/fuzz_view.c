/*
 * fuzz_view: the input is a tar layer, applied twice (as layers 0 and
 * 1) to one view with taps, and then looked up through symlinks.
 */
#include "compat.h"

#include <sys/mman.h>

#include <stdint.h>
#include <unistd.h>

#include "diag.h"
#include "layer.h"
#include "view.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static volatile unsigned sink;

static void
tap(void *arg, size_t layer, const char *path, const unsigned char *data,
    size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		sink += data[i];
	sink += (unsigned)layer + (unsigned char)path[0];
}

static int
visit(void *arg, const struct view_file *f)
{
	const struct view_file *g;

	if ((g = view_lookup(arg, f->path, 1)) != NULL)
		sink += (unsigned)g->datalen;
	return 0;
}

static void
lookups(struct view *v)
{
	static const char *paths[] = { "", "/", "a", "a/b", "etc/os-release",
	    "../../x", "a/../b/./c", "usr/lib/os-release", "l", "l/x" };
	const struct view_file *f;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		if ((f = view_lookup(v, paths[i], 1)) != NULL)
			sink += (unsigned)f->type;
		if ((f = view_lookup(v, paths[i], 0)) != NULL)
			sink += (unsigned)f->type;
	}
	view_foreach(v, "*", visit, v);
	sink += (unsigned)view_nfiles(v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layer_reader *r;
	struct view *v;
	struct diag d;
	size_t i;
	int fd;

	if ((fd = memfd_create("fuzz_view", 0)) == -1)
		return 0;
	if (write(fd, data, size) != (ssize_t)size)
		goto out;
	v = view_new();
	view_tap(v, "*", tap, NULL);
	view_tap(v, "etc/*release", NULL, NULL);
	view_tap(v, "[a-c]?/\\*x", tap, NULL);
	for (i = 0; i < 2; i++) {
		diag_init(&d);
		r = layer_open_tar(fd, 0, size, NULL, "fuzz", &d);
		if (r != NULL)
			view_add_layer(v, r, i, 1, &d);
		layer_close(r);
	}
	lookups(v);
	view_free(v);
out:
	close(fd);
	return 0;
}
