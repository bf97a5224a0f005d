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
 * Writes output i (bufs[i], lens[i] bytes) to out[i].path for i < n,
 * so that the files appear all or not at all: each regular or new file
 * is first written to a temporary file beside it, and only when every
 * one is written are they renamed into place; then standard output
 * (path NULL) and special files such as /dev/null are written in
 * place. On failure no temporary file is left. Returns 0, or -1 after
 * printing why.
 */
int	sbomgen_write_outs(const struct out_spec *out, char *const *bufs,
	    const size_t *lens, size_t n);

void	sbomgen_warn_cb(void *, const char *);

#endif /* SBOMGEN_H */
