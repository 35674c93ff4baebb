/* SPDX-License-Identifier: MIT */
/* learn/sticky.h - the kernel's protections of sticky directories (/tmp),
 * which refuse writes no Landlock rule can grant: replacing or removing
 * another user's file (the sticky bit), and opening another user's file
 * with O_CREAT (fs.protected_regular, fs.protected_fifos).  `landbox learn`
 * names them instead of leaving an unexplained EPERM or EACCES. */
#ifndef LANDBOX_LEARN_STICKY_H
#define LANDBOX_LEARN_STICKY_H

#include <stddef.h>

/*
 * Whether this process may not replace PATH (rename over it, unlink it)
 * because PATH belongs to another user in a sticky directory; if so WHY
 * (LEN bytes) says it.  Returns 1 (refused) or 0.
 */
int sticky_replace_refused(const char *path, char *why, size_t len);

/*
 * Whether open(PATH, O_CREAT) by this process fails with EACCES because of
 * fs.protected_regular or fs.protected_fifos (another user's file in a
 * sticky directory); if so WHY (LEN bytes) says it.  Returns 1 or 0.
 */
int sticky_open_refused(const char *path, char *why, size_t len);

/* fs.protected_regular: 0, 1, 2, or -1 when it cannot be read. */
int sticky_protected_regular(void);

#endif /* LANDBOX_LEARN_STICKY_H */
