/* SPDX-License-Identifier: MIT */
/* stamp.c - a static program that does nothing: the COMMAND whose start-up
 * the benchmark measures, so that the wrapper's cost is not hidden under a
 * dynamic loader's. */
int main(void)
{
	return 0;
}
