/* empty.c - the start-up make bench compares revdiff's with: a C program
 * that does nothing, linked with libc only. */
int main(void)
{
	return 0;
}
