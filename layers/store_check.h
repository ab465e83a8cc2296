#pragma once
// The store is derived data: checked at every start and reload, and set aside when it
// fails, so that load_or_import (import.h) rebuilds it from the raw inputs instead of
// serving from a damaged file (or failing on a half-read table).
#include <string>

namespace rxmap::data {

// What is wrong with the store file: "" when SQLite's PRAGMA quick_check passes (a
// few hundred milliseconds for the whole-Japan store), else its first complaints
// ("database disk image is malformed", "*** in database main *** Page 7 ...").
std::string store_damage(const std::string& path);

// Renames a damaged store to "<path>.damaged-<UTC yyyymmddThhmmss>" (and a leftover
// -wal/-shm beside it) and returns the new name. Throws ImportError when it cannot.
std::string set_store_aside(const std::string& path);

}  // namespace rxmap::data
