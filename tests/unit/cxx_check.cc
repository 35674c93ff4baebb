// SPDX-License-Identifier: MIT
// cxx_check.cc - include/landbox.h used from C++ (make lint): it must compile
// with g++ -std=c++11 -pedantic -Wall -Wextra -Werror and link against the
// static library (extern "C" linkage).  It calls only what cannot change
// the process: no rule, no restriction.
#include <landbox.h>

#include <cstdio>
#include <cstring>

int main()
{
	size_t n = 0;
	const lb_right *rights = lb_rights(&n);
	const lb_right *read = lb_right_by_name("fs.read_file");
	struct lb_probe probe; // "struct": lb_probe is also a function, like stat
	lb_status status;
	char line[256];

	if (!rights || n == 0 || !read || read->bit != LB_FS_READ_FILE) {
		std::fprintf(stderr, "cxx_check: the rights table is wrong\n");
		return 1;
	}
	lb_probe(&probe);
	lb_sandbox *sb = lb_new();
	if (!sb) {
		std::fprintf(stderr, "cxx_check: lb_new failed\n");
		return 1;
	}
	const int ret = lb_handle(sb, LB_KIND_FS, LB_FS_READ) ||
			lb_require(sb, LB_KIND_FS, LB_FS_READ_FILE, LB_BEST_EFFORT) ||
			lb_plan(sb, &status);
	lb_free(sb);
	if (ret) {
		std::fprintf(stderr, "cxx_check: lb_plan failed\n");
		return 1;
	}
	lb_status_format(&status, line, sizeof(line));
	if (lb_format_rights(LB_KIND_FS, LB_FS_READ, ", ", line, sizeof(line)) <= 0 ||
	    std::strcmp(line, "fs.read_file, fs.read_dir") != 0) {
		std::fprintf(stderr, "cxx_check: lb_format_rights gave \"%s\"\n", line);
		return 1;
	}
	std::printf("cxx_check: landbox.h from C++: ok (Landlock ABI %d)\n", lb_abi());
	return 0;
}
