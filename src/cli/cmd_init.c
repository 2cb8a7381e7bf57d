/* cmd_init.c - `revdiff init`: creates an empty store. */
#include "cli.h"

static const char usage_text[] =
	"usage: revdiff [--store DIR] init\n"
	"\n"
	"Creates an empty store: a bare git repository at .revdiff in the current\n"
	"directory, or at --store DIR / $REVDIFF_STORE.  Other commands find\n"
	".revdiff by walking up from the current directory, as git finds .git.\n"
	"Run again on a store, it changes nothing and succeeds.\n"
	"\n"
	"Options:\n"
	"  -h, --help           this help\n";

int cmd_init(int argc, char **argv)
{
	const struct option *longopts = cli_longopts("");
	struct rd_store *s;
	const char *path = cli.store ? cli.store : ".revdiff";
	int opt, err;
	char msg[512];

	optind = 1;
	if ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1)
		return cli_help_or_bad_option(opt, usage_text, "init", argv, "+h");
	if (optind != argc)
		return cli_usage_error("init", "init takes no arguments (use --store DIR)");
	err = rd_store_init(&s, path);
	snprintf(msg, sizeof(msg), "%s", rd_error_last());
	if (err == RD_EEXISTS && rd_store_open(&s, path) == 0) {
		/* as git init: running it again is harmless */
		printf("A revdiff store is already in %s; nothing changed\n", path);
		rd_store_free(s);
		return 0;
	}
	if (err < 0) {
		rd_error_set(err, "%s", msg);
		return cli_lib_error();
	}
	printf("Initialized an empty revdiff store in %s\n", rd_store_path(s));
	rd_store_free(s);
	return 0;
}
