/*
 * render_json.c - one JSON object per diff, in the schema of DESIGN.md:
 * "from" and "to" (the versions, or the file names), "stats", and "ops"
 * with the text and byte ranges [start, end) of every op.  Text that is
 * not valid UTF-8 has each bad byte replaced by U+FFFD in "text"; the byte
 * ranges stay exact.
 */
#include "render_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A JSON string from bytes that may not be valid UTF-8 (render_int.h). */
json_t *rd_json_bytes(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;
	struct rd_buf b = RD_BUF_INIT;
	json_t *j;

	if ((j = json_stringn(s, n)))
		return j;
	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k <= 0) {
			rd_buf_puts(&b, "\xef\xbf\xbd");
			p++;
		} else {
			rd_buf_put(&b, p, (size_t)k);
			p += k;
		}
	}
	j = json_stringn(b.ptr ? b.ptr : "", b.len);
	rd_buf_release(&b);
	return j ? j : json_string("");
}

json_t *rd_json_opt_string(const char *s)
{
	return s ? rd_json_bytes(s, strlen(s)) : json_null();
}

static json_t *side_json(const struct rd_side *s)
{
	json_t *o = json_object();

	if (!s)
		return o;
	if (s->is_file) {
		json_object_set_new(o, "file", rd_json_opt_string(s->name));
		return o;
	}
	json_object_set_new(o, "entry", rd_json_opt_string(s->name));
	json_object_set_new(o, "version", json_integer(s->version));
	json_object_set_new(o, "commit", rd_json_opt_string(s->commit));
	json_object_set_new(o, "timestamp", rd_json_opt_string(s->timestamp));
	json_object_set_new(o, "author", rd_json_opt_string(s->author));
	json_object_set_new(o, "label", rd_json_opt_string(s->label));
	json_object_set_new(o, "revision_id", rd_json_opt_string(s->revision_id));
	/* the audit flags, as `log` shows them */
	json_object_set_new(o, "minor", json_boolean(s->minor));
	json_object_set_new(o, "text_deleted", json_boolean(s->text_deleted));
	json_object_set_new(o, "comment_deleted", json_boolean(s->comment_deleted));
	json_object_set_new(o, "revert_to", s->revert_to ? json_integer(s->revert_to) : json_null());
	json_object_set_new(o, "reverted_by",
			    s->reverted_by ? json_integer(s->reverted_by) : json_null());
	if (s->tags) {
		/* MediaWiki's own words, only for versions pulled from a wiki */
		json_t *a = json_array();
		for (const char *t = s->tags; *t;) {
			size_t n = strcspn(t, " ");
			if (n)
				json_array_append_new(a, json_stringn(t, n));
			t += n + (t[n] == ' ');
		}
		json_object_set_new(o, "tags", a);
	}
	return o;
}

static json_t *range(size_t s, size_t e)
{
	return json_pack("[I, I]", (json_int_t)s, (json_int_t)e);
}

static json_t *stats_json(const struct rd_diff *d)
{
	const struct rd_diff_stats *s = &d->stats;
	json_t *o = json_object(), *classes = json_object();

	json_object_set_new(o, "words_inserted", json_integer((json_int_t)s->words_inserted));
	json_object_set_new(o, "words_deleted", json_integer((json_int_t)s->words_deleted));
	json_object_set_new(o, "changes", json_integer((json_int_t)s->changes));
	/* three decimals are all a similarity is good for */
	json_object_set_new(o, "similarity", json_real((double)(long)(s->similarity * 1000 + 0.5) / 1000));
	for (int c = 1; c < RD_CLASS__COUNT; c++)
		if (s->by_class[c])
			json_object_set_new(classes, rd_class_name((enum rd_class)c),
					    json_integer((json_int_t)s->by_class[c]));
	json_object_set_new(o, "classes", classes);
	if (d->bounded)
		json_object_set_new(o, "bounded", json_true());
	return o;
}

static const char *const op_names[] = { "equal", "delete", "insert" };

/* An op of diff x as {"op", "text", "from", "to"}: its ranges moved by
 * `da` and `db` bytes (a moved text's inner diff is of the moved text
 * alone; its ranges are shown in the whole texts). */
static json_t *op_json(const struct rd_diff *x, const struct rd_op *op, size_t da, size_t db)
{
	json_t *j = json_object();

	json_object_set_new(j, "op", json_string(op_names[op->kind]));
	if (op->kind == RD_OP_DELETE)
		json_object_set_new(j, "text", rd_json_bytes(x->a + op->a_start, op->a_end - op->a_start));
	else
		json_object_set_new(j, "text", rd_json_bytes(x->b + op->b_start, op->b_end - op->b_start));
	if (op->kind != RD_OP_INSERT)
		json_object_set_new(j, "from", range(da + op->a_start, da + op->a_end));
	if (op->kind != RD_OP_DELETE)
		json_object_set_new(j, "to", range(db + op->b_start, db + op->b_end));
	return j;
}

/* The word diff of a moved text against where it came from: ops as the
 * top-level ones, their ranges in the whole old and new texts, so that the
 * equal and delete ones give the moved text's old form, equal and insert
 * its new form. */
static json_t *inner_json(const struct rd_diff *d, const struct rd_op *from, const struct rd_op *to)
{
	json_t *v = json_array();
	const struct rd_diff *in = rd_diff_move_inner(d, (size_t)(to - d->ops));

	if (!in)
		return v;
	for (size_t i = 0; i < in->nops; i++)
		json_array_append_new(v, op_json(in, &in->ops[i], from->a_start, to->b_start));
	return v;
}

/* Writes `j` compact, then `after`; takes `j`. */
static int put_json(json_t *j, const char *after, rd_write_fn w, void *ctx)
{
	char *text = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	int err = 0;

	json_decref(j);
	if (!text)
		return rd_error_set(RD_ERROR, "cannot encode JSON");
	if (w(ctx, text, strlen(text)) || w(ctx, after, strlen(after)))
		err = rd_error_set(RD_EIO, "cannot write output");
	free(text);
	return err;
}

/* The object is written piece by piece, one op at a time, so that memory
 * holds one op's JSON at most, never the whole document (which is larger
 * than both texts together). */
int rd_render_json(const struct rd_diff *d, const struct rd_render_opts *o,
		   rd_write_fn w, void *ctx)
{
	int err;

	if (o->status) {
		/* a name of ours ("renamed"), nothing to escape */
		struct rd_buf st = RD_BUF_INIT;
		rd_buf_printf(&st, "{\"status\":\"%s\",", o->status);
		err = w(ctx, st.ptr, st.len);
		rd_buf_release(&st);
		if (err || w(ctx, "\"from\":", 7))
			return rd_error_set(RD_EIO, "cannot write output");
	} else if (w(ctx, "{\"from\":", 8))
		return rd_error_set(RD_EIO, "cannot write output");
	if ((err = put_json(side_json(o->from), ",\"to\":", w, ctx)) < 0 ||
	    (err = put_json(side_json(o->to), ",\"stats\":", w, ctx)) < 0 ||
	    (err = put_json(stats_json(d), o->stat_only ? "}\n" : ",\"ops\":[", w, ctx)) < 0)
		return err;
	if (o->stat_only)
		return 0;
	for (size_t i = 0; i < d->nops; i++) {
		const struct rd_op *op = &d->ops[i];
		json_t *j = op_json(d, op, 0, 0);
		if (op->kind != RD_OP_EQUAL) {
			json_object_set_new(j, "class", json_string(rd_class_name((enum rd_class)op->cls)));
			json_object_set_new(j, "change", json_integer(op->change));
			if (op->partner)
				json_object_set_new(j, "partner", json_integer(op->partner));
			if (op->partner_op && op->kind == RD_OP_INSERT)
				json_object_set_new(j, "inner", inner_json(d, &d->ops[op->partner_op - 1], op));
		}
		if ((err = put_json(j, i + 1 < d->nops ? "," : "", w, ctx)) < 0)
			return err;
	}
	if (w(ctx, "]}\n", 3))
		return rd_error_set(RD_EIO, "cannot write output");
	return 0;
}
