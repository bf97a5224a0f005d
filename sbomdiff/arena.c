#include "compat.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diag.h"
#include "load.h"
#include "sbomdiff.h"
#include "xalloc.h"

/*
 * A bump allocator for cJSON trees. A 50,000-component SBOM is about a
 * million cJSON nodes and strings; allocating them from large blocks and
 * dropping the blocks together costs far less than a million malloc()
 * and free() calls, and leaves the heap unfragmented for what follows.
 */

#define ARENA_BLOCK	((size_t)1 << 20)
#define ARENA_ALIGN	16

struct arena_block {
	struct arena_block	*next;
	size_t			 used, size;
	unsigned char		*mem;
};

static struct arena_block *arena_head;

static void *
arena_alloc(size_t n)
{
	struct arena_block *b = arena_head;
	size_t sz;
	void *p;

	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (b == NULL || b->size - b->used < n) {
		sz = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
		b = xmalloc(sizeof(*b));
		b->mem = xmalloc(sz);
		b->size = sz;
		b->used = 0;
		/* A big one-off block goes behind the current one. */
		if (sz != ARENA_BLOCK && arena_head != NULL) {
			b->next = arena_head->next;
			arena_head->next = b;
		} else {
			b->next = arena_head;
			arena_head = b;
		}
	}
	p = b->mem + b->used;
	b->used += n;
	return p;
}

static void
arena_nofree(void *p)
{
}

void
arena_json_begin(void)
{
	cJSON_Hooks h = { arena_alloc, arena_nofree };

	cJSON_InitHooks(&h);
}

void
arena_json_end(void)
{
	struct arena_block *b, *next;

	cJSON_InitHooks(NULL);
	for (b = arena_head; b != NULL; b = next) {
		next = b->next;
		free(b->mem);
		free(b);
	}
	arena_head = NULL;
}

struct cJSON *
load_json_parse(struct loader *ld, const char *buf, size_t len)
{
	const char *err;
	cJSON *root;

	arena_json_begin();
	if ((root = cJSON_ParseWithLength(buf, len)) != NULL)
		return root;
	err = cJSON_GetErrorPtr();
	diag_error(ld->d, "'%s': malformed JSON (or nested deeper than %d) "
	    "near byte %zu", ld->doc->path, CJSON_NESTING_LIMIT,
	    err != NULL && err >= buf ? (size_t)(err - buf) : (size_t)0);
	return NULL;
}

const char *
json_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

const cJSON *
json_arr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsArray(v) ? v : NULL;
}
