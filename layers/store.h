#pragma once
// The imported atlas on disk: one GeoPackage (through GDAL) that the server
// reads in about a second instead of re-reading the published sources.
#include <string>

#include "layers/atlas.h"

namespace rxmap::layers {

// Writes to a temporary file beside it and renames, so a failed import leaves the old store.
void write_store(const std::string& path, const Atlas& atlas);
// Throws ImportError when the file is missing or not a store.
Atlas read_store(const std::string& path);
// The fingerprint the store was built from, or "" when there is no usable store.
std::string read_store_fingerprint(const std::string& path);

}  // namespace rxmap::layers
