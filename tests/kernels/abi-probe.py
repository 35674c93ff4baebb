#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""tests/kernels/abi-probe.py - print the running kernel's Landlock ABI.

Independent of landbox on purpose: the matrix checks the ABI each kernel
reports with the kernel's own answer to landlock_create_ruleset(NULL, 0,
LANDLOCK_CREATE_RULESET_VERSION).  Prints the ABI number, or the errno name:
ENOSYS (Landlock not built in) or EOPNOTSUPP (disabled at boot)."""
import ctypes
import errno

SYS_landlock_create_ruleset = 444  # x86_64
LANDLOCK_CREATE_RULESET_VERSION = 1

libc = ctypes.CDLL(None, use_errno=True)
abi = libc.syscall(SYS_landlock_create_ruleset, None, ctypes.c_size_t(0),
                   ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
if abi >= 0:
    print(abi)
else:
    err = ctypes.get_errno()
    # EOPNOTSUPP and ENOTSUP are the same number on Linux; the kernel
    # documentation (and landbox) call it EOPNOTSUPP.
    print("EOPNOTSUPP" if err == errno.EOPNOTSUPP else errno.errorcode.get(err, str(err)))
