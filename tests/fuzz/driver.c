/* driver.c - a main() for the fuzz targets without libFuzzer: runs the
 * target once on each file named, or on standard input when none is (as
 * AFL++'s classic mode and the replay_* check programs use it).  A failed
 * check in the target aborts; otherwise the exit status is 0. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run(FILE *f, const char *name)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap), *exact;

	if (!buf)
		abort();
	while (!feof(f) && !ferror(f)) {
		if (len == cap && !(buf = realloc(buf, cap *= 2)))
			abort();
		len += fread(buf + len, 1, cap - len, f);
	}
	if (ferror(f)) {
		fprintf(stderr, "driver: cannot read %s\n", name);
		free(buf);
		return 1;
	}
	/* exactly the input's size, so a read past its end is caught */
	if (!(exact = malloc(len ? len : 1)))
		abort();
	memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput((const uint8_t *)exact, len);
	free(exact);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2)
		return run(stdin, "standard input");
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			fprintf(stderr, "driver: cannot open %s\n", argv[i]);
			rc = 1;
			continue;
		}
		rc |= run(f, argv[i]);
		fclose(f);
	}
	return rc;
}
