// Zstandard (Debian libzstd-dev): compresses the raw source documents the store keeps, with
// dictionaries trained from the store's own documents (zdict.h).
#include <zstd.h>
#include <zdict.h>
