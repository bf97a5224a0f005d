/*
 * fuzz_layer.c: a layer blob (tar, maybe gzip or zstd) through the
 * same calls sbomgen makes: every entry, its content, then the digests.
 */
#include "compat.h"

#include <sys/mman.h>

#include <stdint.h>
#include <unistd.h>

#include "diag.h"
#include "layer.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct layer_expect ex = {
		"sha256:e3b0c44298fc1c149afbf4c8996fb924"
		    "27ae41e4649b934ca495991b7852b855",
		"sha256:5f70bf18a086007016e948b04aed3b82"
		    "103a36bea41755b6cddfaf10ace3c6ef",
	};
	struct layer_reader *r;
	struct layer_entry e;
	struct diag d;
	char buf[4096];
	int fd;

	if ((fd = memfd_create("fuzz_layer", 0)) == -1)
		return 0;
	/* A byte in front: the layer starts at a non-zero offset. */
	if (write(fd, "x", 1) != 1 || write(fd, data, size) != (ssize_t)size)
		goto out;
	diag_init(&d);
	r = layer_open_tar(fd, 1, size, &ex, "fuzz", &d);
	if (r == NULL)
		goto out;
	while (layer_next(r, &e, &d) == 1) {
		if (e.type == LAYER_REG)
			while (layer_read(r, buf, sizeof(buf), &d) > 0)
				continue;
	}
	layer_finish(r, &d);
	layer_close(r);
out:
	close(fd);
	return 0;
}
