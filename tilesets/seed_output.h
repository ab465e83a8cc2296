#pragma once
// Where `rxmap seed` writes (seed.h): an MBTiles file or a z/x/y directory tree, each
// with the tile version it holds (to resume, or to clear tiles of other data) and the
// layer's metadata (name, bounds, centre, attribution, legend).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"
#include "tilesets/mbtiles.h"
#include "tilesets/seed.h"

namespace rxmap::tiles {

class SeedSink {
public:
    virtual ~SeedSink() = default;
    virtual bool has(int z, int x, int y) = 0;
    virtual void write(const std::vector<MbtilesTile>& tiles) = 0;  // one metatile, all or nothing
    virtual std::optional<std::string> version() = 0;
    virtual void start(const std::string& version) = 0;  // clears tiles of another version
    virtual void finish(const std::map<std::string, std::string>& metadata) = 0;
};

// A directory when `out` ends with '/' or is one, else an MBTiles file.
std::unique_ptr<SeedSink> open_seed_sink(const std::string& out);

// MBTiles metadata of a seeded variant and area (also metadata.json of a directory).
std::map<std::string, std::string> seed_metadata(TileEngine& engine, const catalog::Variant& variant,
                                                 const SeedArea& area, const SeedOptions& options);

// v with at most `precision` decimals, trailing zeros dropped: "138.5", "35".
std::string plain_number(double v, int precision = 6);

}  // namespace rxmap::tiles
