// Zstandard (Debian libzstd-dev): compresses the raw source documents the store keeps.
#include <zstd.h>
