/*
 * config.c - settings read from files in git-config syntax: revdiff's own
 * (~/.config/revdiff/config, a store's config) and, for safe.directory,
 * git's global and system files (trust.c).
 *
 * The files are parsed by cfgfile.c, not by libgit2: libgit2 follows
 * every `[include] path=` wherever it points (a FIFO hangs the command)
 * and would be loaded for a plain `diff FILE FILE`.  Includes are
 * followed here only when the caller asks (RD_CONFIG_INCLUDES: the
 * user's own files), only to regular files owned by the user or root,
 * at most RD_CONFIG_DEPTH deep as git allows; `includeIf` is not read.
 */
#include "revdiff.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* git's limit on nested includes (config.c MAX_INCLUDE_DEPTH) */
#define RD_CONFIG_DEPTH 10
/* far above any hand-written settings file */
#define RD_CONFIG_MAX (1u << 20)

struct setting {
	char *name;
	char *value; /* NULL: a bare key (true) */
};

struct rd_config {
	struct setting *v;
	size_t n, cap;
};

struct add_ctx {
	struct rd_config *c;
	const char *path;
	unsigned flags;
	int depth;
};

static int add_file(struct rd_config *c, const char *path, unsigned flags, int depth);

/* rd_config_check: every include followed, conditional ones too, and no
 * setting kept. */
#define CHECK_ONLY 0x100u

static int ends_with_path(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".path");
}

/* An include's path: ~/ from HOME, relative ones from the including file's
 * directory, as git resolves them. */
static char *include_path(const char *from, const char *value)
{
	struct rd_buf b = RD_BUF_INIT;
	const char *home = getenv("HOME"), *slash = strrchr(from, '/');

	if (value[0] == '~' && value[1] == '/' && home)
		rd_buf_printf(&b, "%s%s", home, value + 1);
	else if (value[0] == '/' || !slash)
		rd_buf_puts(&b, value);
	else
		rd_buf_printf(&b, "%.*s/%s", (int)(slash - from), from, value);
	return rd_buf_detach(&b, NULL);
}

static int on_item(void *payload, const struct rd_cfg_item *it)
{
	struct add_ctx *a = payload;
	struct rd_config *c = a->c;
	int rc = 0;

	if (!strcmp(it->name, "include.path") || (!strncmp(it->name, "includeif.", 10) &&
						       (a->flags & CHECK_ONLY) && ends_with_path(it->name))) {
		char *p;
		if (!(a->flags & RD_CONFIG_INCLUDES) || !it->value || !*it->value)
			return 0;
		if (a->depth >= RD_CONFIG_DEPTH)
			return rd_error_set(RD_EINVALID, "%s:%zu: includes nested more than %d deep",
					    a->path, it->line, RD_CONFIG_DEPTH);
		p = include_path(a->path, it->value);
		rc = add_file(c, p, a->flags, a->depth + 1);
		free(p);
		return rc;
	}
	if (a->flags & CHECK_ONLY)
		return 0;
	rd_grow((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v));
	c->v[c->n].name = rd_strdup(it->name);
	c->v[c->n].value = it->value ? rd_strdup(it->value) : NULL;
	c->n++;
	return 0;
}

static int add_file(struct rd_config *c, const char *path, unsigned flags, int depth)
{
	struct rd_buf b = RD_BUF_INIT;
	struct stat st;
	struct add_ctx a = { c, path, flags, depth };
	int rc;

	/* a missing file is no setting, not an error (git: nor an include) */
	rc = rd_file_read_regular(&b, path, RD_CONFIG_MAX, flags & RD_CONFIG_NOFOLLOW, &st);
	if (rc == RD_ENOTFOUND) {
		rc = 0;
		goto out;
	}
	if (rc < 0)
		goto out;
	if ((flags & RD_CONFIG_OWNED) && !rd_trust_file_owner(st.st_uid)) {
		rc = rd_error_set(RD_EUNTRUSTED, "'%s' is owned by uid %u, not by you or root",
				  path, (unsigned)st.st_uid);
		goto out;
	}
	rc = rd_cfg_parse(b.ptr, b.len, path, on_item, &a);
out:
	rd_buf_release(&b);
	return rc;
}

/* Frees the settings from `from` on: a file's that failed, or all. */
static void drop_settings(struct rd_config *c, size_t from)
{
	for (size_t i = from; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].value);
	}
	c->n = from;
}

struct rd_config *rd_config_new(void)
{
	return rd_calloc(1, sizeof(struct rd_config));
}

int rd_config_add(struct rd_config *c, const char *path, unsigned flags)
{
	size_t n = c->n;
	int rc;

	if (!path)
		return 0;
	rc = add_file(c, path, flags, 0);
	if (rc < 0)
		drop_settings(c, n); /* all of a file, or none of it */
	return rc;
}

int rd_config_open(struct rd_config **out, const char *user_path, const char *store_path)
{
	struct rd_config *c = rd_config_new();
	int rc;

	*out = NULL;
	if ((rc = rd_config_add(c, user_path, RD_CONFIG_INCLUDES | RD_CONFIG_OWNED)) < 0 ||
	    (rc = rd_config_add(c, store_path, 0)) < 0) {
		rd_config_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int rd_config_check(const char *path)
{
	struct rd_config c = { NULL, 0, 0 };

	return add_file(&c, path, RD_CONFIG_INCLUDES | CHECK_ONLY, 0);
}

const char *rd_config_next(const struct rd_config *c, const char *name, size_t *pos)
{
	for (; *pos < c->n; (*pos)++)
		if (!strcmp(c->v[*pos].name, name)) {
			const char *v = c->v[(*pos)++].value;
			return v ? v : "";
		}
	return NULL;
}

/* The last value of `name` (the one git uses): 1 found, 0 not. */
static int last(const struct rd_config *c, const char *name, const struct setting **out)
{
	for (size_t i = c->n; i-- > 0;)
		if (!strcmp(c->v[i].name, name)) {
			*out = &c->v[i];
			return 1;
		}
	return 0;
}

int rd_config_get_string(char **out, const struct rd_config *c, const char *name)
{
	const struct setting *s;

	*out = NULL;
	if (!last(c, name, &s))
		return RD_ENOTFOUND;
	*out = rd_strdup(s->value ? s->value : "");
	return 0;
}

int rd_config_get_bool(int *out, const struct rd_config *c, const char *name)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0", "" };
	const struct setting *s;

	if (!last(c, name, &s))
		return RD_ENOTFOUND;
	if (!s->value) { /* a bare key is true */
		*out = 1;
		return 0;
	}
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
		if (!strcasecmp(s->value, yes[i]))
			return *out = 1, 0;
	for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
		if (!strcasecmp(s->value, no[i]))
			return *out = 0, 0;
	return rd_error_set(RD_EINVALID, "%s is '%s', not a boolean", name, s->value);
}

void rd_config_free(struct rd_config *c)
{
	if (!c)
		return;
	drop_settings(c, 0);
	free(c->v);
	free(c);
}

int rd_git_user_name(char **out)
{
	struct rd_config *c = rd_config_git();
	int rc = rd_config_get_string(out, c, "user.name");

	rd_config_free(c);
	if (rc == 0 && !**out) {
		free(*out);
		*out = NULL;
		rc = RD_ENOTFOUND;
	}
	return rc < 0 ? RD_ENOTFOUND : 0;
}
