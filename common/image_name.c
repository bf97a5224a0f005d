/*
 * image_name.c: an image's name and tag, from a reference ("repo:tag",
 * a bare tag) or from its file name.
 */
#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include "image_priv.h"
#include "xalloc.h"

/* The tag of "repo:tag" (the colon after the last slash), or NULL. */
static const char *
ref_tag(const char *ref)
{
	const char *slash = strrchr(ref, '/'), *colon = strrchr(ref, ':');

	if (strchr(ref, '@') != NULL || colon == NULL ||
	    (slash != NULL && colon < slash))
		return NULL;
	return colon + 1;
}

int
img_tag_matches(const char *want, const char *ref)
{
	const char *t;

	if (ref == NULL)
		return 0;
	if (strcmp(want, ref) == 0)
		return 1;
	t = ref_tag(ref);
	return t != NULL && strcmp(want, t) == 0;
}

char *
img_file_stem(const char *path)
{
	char *s, *base, *dot, *out;
	size_t len;
	int i;

	s = xstrdup(path);
	while ((len = strlen(s)) > 1 && s[len - 1] == '/')
		s[len - 1] = '\0';
	base = strrchr(s, '/') != NULL ? strrchr(s, '/') + 1 : s;
	for (i = 0; i < 3; i++) {
		dot = strrchr(base, '.');
		if (dot == NULL || dot == base || strlen(dot) > 10 ||
		    !((dot[1] >= 'a' && dot[1] <= 'z') ||
		    (dot[1] >= 'A' && dot[1] <= 'Z')))
			break;
		*dot = '\0';
	}
	out = xstrdup(*base != '\0' ? base : "image");
	free(s);
	return out;
}

void
img_set_name(struct image *img, const char *ref)
{
	const char *t;
	char *stem;

	if (ref == NULL || *ref == '\0') {
		img->name = img_file_stem(img->input);
		return;
	}
	/* A bare tag, as OCI ref.name often is: name the image after it. */
	if (strchr(ref, ':') == NULL && strchr(ref, '/') == NULL &&
	    strchr(ref, '@') == NULL) {
		img->tag = xstrdup(ref);
		stem = img_file_stem(img->input);
		img->name = xasprintf("%s:%s", stem, ref);
		free(stem);
		return;
	}
	img->name = xstrdup(ref);
	if ((t = ref_tag(ref)) != NULL)
		img->tag = xstrdup(t);
}
