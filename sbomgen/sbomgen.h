/*
 * sbomgen.h: the run context of sbomgen and what its files share.
 */
#ifndef SBOMGEN_H
#define SBOMGEN_H

#include <stddef.h>

#include "bom.h"

#define SBOMGEN_MAXOUT	8

enum out_format {
	OUT_JSON,
	OUT_XML
};

struct out_spec {
	enum out_format	 format;
	const char	*path;		/* NULL or "-": standard output */
};

struct sbomgen {
	const char	*input;
	const char	*platform;
	const char	*tag;
	enum bom_spec	 spec;
	struct out_spec	 out[SBOMGEN_MAXOUT];
	size_t		 nout;
	int		 verbose;
	int		 quiet;
	int		 status;	/* exit status so far */
};

/* Scans the image and writes every output. Returns the exit status. */
int	sbomgen_run(struct sbomgen *);

/*
 * Writes len bytes to path atomically: a temporary file beside it,
 * renamed into place on success, removed on failure. path NULL or "-"
 * means standard output. Returns 0, or -1 after printing why.
 */
int	sbomgen_write_out(const char *path, const char *buf, size_t len);

void	sbomgen_warn_cb(void *, const char *);

#endif /* SBOMGEN_H */
