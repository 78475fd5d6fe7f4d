#!/bin/sh
# Run by mmdebstrap after the packages are installed; $1 is the root file system.
set -eu
# Debian's postgresql-17 creates a "main" cluster on install; the image initialises its own
# cluster in $PGDATA at first start instead (see docker-entrypoint.sh), so drop it.
rm -rf "$1/var/lib/postgresql/17" "$1/etc/postgresql/17"
# LLVM JIT (about 170 MB of libLLVM and libz3) is off in this image (jit = off). Without
# llvmjit.so PostgreSQL simply does not JIT, as on builds without the JIT package.
rm -rf "$1/usr/lib/postgresql/17/lib/llvmjit.so" "$1/usr/lib/postgresql/17/lib/llvmjit_types.bc" \
       "$1/usr/lib/postgresql/17/lib/bitcode"
rm -f "$1"/usr/lib/x86_64-linux-gnu/libLLVM.so.* "$1"/usr/lib/x86_64-linux-gnu/libLLVM-*.so* \
      "$1"/usr/lib/x86_64-linux-gnu/libz3.so.*
