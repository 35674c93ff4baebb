# SPDX-License-Identifier: MIT
# Archives and compression: tar, xz, gzip, bzip2, zstd, lz4, unzip, zip, cpio
#
#     landbox run --profile archive --ro src --rw out -- tar -cJf out/src.tar.xz src
#     landbox run --profile auto --ro in --rw out -- tar -xf in/a.tar.gz -C out
# Grant what it reads (--ro) and the directory it writes to (--rw).
#
# What it grants, and why:
# - everything of the base profile: the programs, among them those tar runs
#   itself for -J, -z, -j, --zstd (xz, gzip, bzip2, zstd: programs in /usr,
#   run with the same sandbox), and sh;
# - read on /etc/passwd and /etc/group (base), through which tar names the
#   owners of the files it archives and extracts;
# - the variables that steer them, when you have them set: XZ_OPT,
#   XZ_DEFAULTS, GZIP, BZIP2, ZSTD_CLEVEL, ZSTD_NBTHREADS, TAR_OPTIONS,
#   SOURCE_DATE_EPOCH, LANG, LC_ALL.
#
# What it does not grant: your home, the temporary directory (none of these
# programs needs one; add --profile tmp for those that do), writing outside
# what you grant: an archive whose names climb out (../../.ssh/...) or a
# link pointing out of the destination cannot make tar or unzip write
# there.
programs tar,gtar,bsdtar,xz,unxz,xzcat,lzma,unlzma,lzcat,gzip,gunzip,zcat,bzip2,bunzip2,bzcat,zstd,unzstd,zstdcat,zstdmt,lz4,unlz4,lz4cat,unzip,zip,zipinfo,funzip,cpio,7z,7za,7zr

include base
env XZ_OPT
env XZ_DEFAULTS
env GZIP
env BZIP2
env ZSTD_CLEVEL
env ZSTD_NBTHREADS
env TAR_OPTIONS
env SOURCE_DATE_EPOCH
env LANG
env LC_ALL
