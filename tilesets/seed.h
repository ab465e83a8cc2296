#pragma once
// `rxmap seed`: renders the tiles of a layer variant that touch an area (not its
// bounding box) into an MBTiles file or a z/x/y directory tree, through the
// engine's metatile renderer on every core (one thread per core, each with its
// own Map from the engine's MapPool).
//
// Resumable: tiles already in the output are skipped, so a second run with the
// same arguments only renders what is missing; an output written from other data
// or another style (TileEngine::version differs) is cleared first. Stops cleanly
// when *stop turns true (SIGINT): every metatile is committed in one transaction,
// so the file is valid whenever it stops.
#include <atomic>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "layers/atlas.h"
#include "layers/geometry.h"
#include "catalog/layer_catalog.h"
#include "tiles/metatile.h"
#include "tiles/tile_engine.h"
#include "common/tile_math.h"

namespace rxmap::tiles {

// The area to seed, in EPSG:3857 (polygons).
struct SeedArea {
    data::GeometryPtr geometry;
    std::string description;  // "bbox 138,35,139,36", "prefecture 20000 長野県", "area file.gpkg"
};

// lon/lat corners (WGS 84); throws std::invalid_argument when min >= max.
SeedArea area_from_bbox(double min_lon, double min_lat, double max_lon, double max_lat);
// "20" or "20000" (several: "19,20"); throws std::invalid_argument for an unknown code.
SeedArea area_from_prefectures(const data::Atlas& atlas, const std::string& codes);
// Every polygon of every layer of an OGR file, reprojected from its CRS (JGD2011 when it declares none).
SeedArea area_from_file(const std::string& path);

// Tiles at zoom z whose square (less a hair, so that sharing only an edge does not count)
// intersects the area, sorted by (y, x). Found from z0 down: children of non-touching tiles are never tested.
std::vector<std::vector<TileXY>> tiles_touching(const OGRGeometry& area, int minzoom, int maxzoom);

struct SeedOptions {
    int minzoom = 0, maxzoom = 12;
    std::string out;       // *.mbtiles, or a directory (ends with '/' or is one): z/x/y.png
    int threads = 0;       // 0: one per core
    bool progress = false;  // a progress line on stdout (rxmap seed: when stdout is a terminal)
    const std::atomic<bool>* stop = nullptr;  // set by a SIGINT handler
    long stop_after_metatiles = -1;           // test hook: stop after this many committed metatiles
    // `--shard i/n`: only the metatiles whose metatile_shard(m, shards) is shard (0-based), so
    // n processes (on n machines) seed disjoint parts that together are the whole.
    int shard = 0, shards = 1;
    TileStore* cache = nullptr;  // also store every rendered metatile here (the shared cache), in serve's keys
    std::ostream* log = nullptr;              // one summary line, warnings
};

struct SeedResult {
    std::map<int, std::size_t> tiles_per_zoom;  // tiles touching the area, by zoom
    std::size_t metatiles_total = 0, metatiles_rendered = 0, metatiles_skipped = 0;
    std::size_t tiles_written = 0, tiles_skipped = 0;
    bool stopped = false;  // by *stop or the hook, before the end
    double seconds = 0;
    double cpu_seconds = 0;  // the process's CPU (all threads) from planning to the end, start-up excluded
};

// The shard (0..shards-1) of a metatile: a stable hash of its zoom and top-left tile.
int metatile_shard(const Metatile& meta, int shards);

SeedResult seed(TileEngine& engine, const catalog::Variant& variant, const SeedArea& area, const SeedOptions& options);

}  // namespace rxmap::tiles
