/*
 * fuzz_manifest.c: image_open() on a memfd ("/proc/self/fd/N"). The
 * first byte picks what the rest is: 0 the whole outer tar; 1
 * manifest.json, 2 the config, 3 index.json, each put into a small tar
 * beside fixed, valid other parts. Seeds: tests/data-image/.
 */
#include "compat.h"

#include <sys/mman.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "image.h"

#define MANIFEST	"[{\"Config\":\"c.json\",\"Layers\":[\"l.tar\"]}]"
#define CONFIG		"{\"os\":\"linux\",\"rootfs\":{\"diff_ids\":" \
	"[\"sha256:5f70bf18a086007016e948b04aed3b82" \
	"103a36bea41755b6cddfaf10ace3c6ef\"]}}"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Writes one ustar member (header, data, padding) at *off. */
static void
member(int fd, off_t *off, const char *name, const void *p, size_t n)
{
	static const char zero[512];
	unsigned char h[512];
	unsigned sum = 0;
	size_t i;

	memset(h, 0, sizeof(h));
	snprintf((char *)h, 100, "%s", name);
	snprintf((char *)h + 100, 8, "0000644");
	snprintf((char *)h + 124, 12, "%011zo", n);
	h[156] = '0';
	memcpy(h + 257, "ustar\0" "00", 8);
	memset(h + 148, ' ', 8);
	for (i = 0; i < sizeof(h); i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	*off += pwrite(fd, h, sizeof(h), *off);
	*off += pwrite(fd, p, n, *off);
	*off += pwrite(fd, zero, (512 - n % 512) % 512, *off);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char layer[1024];
	static int fd = -1;
	struct image *img;
	char path[64];
	struct diag d;
	off_t off = 0;
	int mode;

	if (len < 1 || (fd == -1 && (fd = memfd_create("fuzz", 0)) == -1))
		return 0;
	mode = data[0] % 4;
	data++;
	len--;
	if (ftruncate(fd, 0) == -1)
		return 0;
	if (mode == 0)
		off = pwrite(fd, data, len, 0);
	else {
		member(fd, &off, mode == 3 ? "index.json" : "manifest.json",
		    mode == 2 ? MANIFEST : (const char *)data,
		    mode == 2 ? strlen(MANIFEST) : len);
		member(fd, &off, "c.json", mode == 2 ? (const char *)data :
		    CONFIG, mode == 2 ? len : strlen(CONFIG));
		member(fd, &off, "l.tar", layer, sizeof(layer));
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	diag_init(&d);
	img = image_open(path, NULL, &d);
	image_free(img);
	return 0;
}
