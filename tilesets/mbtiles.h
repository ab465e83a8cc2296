#pragma once
// MBTiles 1.3 (SQLite) tilesets: a writer for `rxmap seed` and a TileSource that
// serves a file as a layer (`rxmap serve --mbtiles name=path`).
//
// Written files use the deduplicating layout the spec permits: `images`
// (tile_id = SHA-1 of the PNG, tile_data), `map` (zoom_level, tile_column,
// tile_row in TMS order, tile_id) and a `tiles` view joining them, so a tile
// body shown at many addresses (the sea) is stored once. `metadata` holds name,
// format, bounds, center, minzoom, maxzoom, attribution, description, type,
// version and json; the table `rxmap_seed` holds what a resumed seed checks.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "tiles/tile_source.h"
#include "tiles/tile_store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace rxmap::tiles {

class MbtilesError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct MbtilesTile {
    int z = 0, x = 0, y = 0;  // XYZ (y from the north); stored as TMS rows
    TileData data;
};

class MbtilesWriter {
public:
    // Opens or creates path and its schema. Throws MbtilesError.
    explicit MbtilesWriter(const std::string& path);
    ~MbtilesWriter();
    MbtilesWriter(const MbtilesWriter&) = delete;

    bool has_tile(int z, int x, int y);
    // One transaction: all the tiles or none (a seed commits one metatile at a time).
    void write(const std::vector<MbtilesTile>& tiles);
    void set_metadata(const std::map<std::string, std::string>& metadata);
    std::optional<std::string> state(const std::string& name);
    void set_state(const std::string& name, const std::string& value);
    // Removes every tile (a seed whose data or style changed starts over).
    void clear_tiles();

    std::size_t tile_count();   // rows of map
    std::size_t image_count();  // distinct bodies

private:
    void exec(const char* sql);
    sqlite3_stmt* prepare(const char* sql);

    std::string path_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* has_ = nullptr;
    sqlite3_stmt* put_image_ = nullptr;
    sqlite3_stmt* put_map_ = nullptr;
    sqlite3_stmt* data_version_ = nullptr;
    // Ids of bodies this writer has committed: a seed's tiles share a few hundred bodies (sea,
    // the inside of large areas), whose INSERT need not be tried again. Bounded; forgotten when
    // another connection has written to the file (PRAGMA data_version).
    static constexpr std::size_t kStoredImagesKept = 1 << 16;
    std::unordered_set<std::string> stored_images_;
    std::int64_t seen_data_version_ = -1;
};

// Serves MBTiles files as layers: name -> file. Tiles are 256 px (scale 1); an
// address inside the file's zooms that it does not hold answers a transparent tile
// (the file covers only its seeded area); other zooms and @2x are out_of_range.
class MbtilesSource : public TileSource {
public:
    // Opens every file (read-only). Throws MbtilesError naming a file that is not MBTiles.
    explicit MbtilesSource(const std::map<std::string, std::string>& layers);
    ~MbtilesSource() override;

    bool has_layer(std::string_view layer_id) const override;
    TileResult get(std::string_view layer_id, const TileAddress& address) override;

    // The metadata table of a layer's file.
    std::map<std::string, std::string> metadata(std::string_view layer_id) const;

private:
    struct File;
    std::map<std::string, std::unique_ptr<File>, std::less<>> files_;
    TileData empty_tile_;
};

}  // namespace rxmap::tiles
