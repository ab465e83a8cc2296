#include "tilesets/mbtiles.h"

#include <sqlite3.h>

#include <atomic>
#include <unordered_set>
#include <cstdio>

#include <mapnik/image.hpp>
#include <mapnik/image_util.hpp>

#include "tiles/content_hash.h"
#include "common/tile_math.h"

namespace rxmap::tiles {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS metadata (name TEXT NOT NULL PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS images (tile_id TEXT NOT NULL PRIMARY KEY, tile_data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS map (
  zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_id TEXT NOT NULL,
  PRIMARY KEY (zoom_level, tile_column, tile_row));
CREATE VIEW IF NOT EXISTS tiles AS
  SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column, map.tile_row AS tile_row,
         images.tile_data AS tile_data
  FROM map JOIN images ON images.tile_id = map.tile_id;
CREATE TABLE IF NOT EXISTS rxmap_seed (name TEXT NOT NULL PRIMARY KEY, value TEXT);
)sql";

struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalizer>;

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
    throw MbtilesError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

std::string transparent_png() {
    mapnik::image_rgba8 image(256, 256);
    image.set(0);
    return mapnik::save_to_string(image, "png8");
}

}  // namespace

// ---- writer ---------------------------------------------------------------

MbtilesWriter::MbtilesWriter(const std::string& path) : path_(path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw MbtilesError("cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    exec("PRAGMA application_id = 0x4d504258");  // "MPBX", the officially assigned MBTiles id
    exec("PRAGMA journal_mode = DELETE");
    exec("PRAGMA synchronous = NORMAL");
    exec(kSchema);
    has_ = prepare("SELECT 1 FROM map WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3");
    put_image_ = prepare("INSERT OR IGNORE INTO images (tile_id, tile_data) VALUES (?1, ?2)");
    put_map_ = prepare("INSERT OR REPLACE INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?1, ?2, ?3, ?4)");
    data_version_ = prepare("PRAGMA data_version");
}

MbtilesWriter::~MbtilesWriter() {
    sqlite3_finalize(has_);
    sqlite3_finalize(put_image_);
    sqlite3_finalize(put_map_);
    sqlite3_finalize(data_version_);
    sqlite3_close(db_);
}

void MbtilesWriter::exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string msg = error ? error : "unknown error";
        sqlite3_free(error);
        throw MbtilesError(path_ + ": " + msg);
    }
}

sqlite3_stmt* MbtilesWriter::prepare(const char* sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &s, nullptr) != SQLITE_OK) fail(db_, path_);
    return s;
}

bool MbtilesWriter::has_tile(int z, int x, int y) {
    sqlite3_reset(has_);
    sqlite3_bind_int(has_, 1, z);
    sqlite3_bind_int(has_, 2, x);
    sqlite3_bind_int(has_, 3, tms_row(z, y));
    const int rc = sqlite3_step(has_);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) fail(db_, path_);
    return rc == SQLITE_ROW;
}

void MbtilesWriter::write(const std::vector<MbtilesTile>& tiles) {
    std::unordered_set<std::string> put;  // bodies inserted in this transaction
    exec("BEGIN IMMEDIATE");
    try {
        // Another connection (a shard, another seed) has committed since: what it did is not known.
        sqlite3_reset(data_version_);
        if (sqlite3_step(data_version_) != SQLITE_ROW) fail(db_, path_);
        if (const sqlite3_int64 v = sqlite3_column_int64(data_version_, 0); v != seen_data_version_) {
            stored_images_.clear();
            seen_data_version_ = v;
        }
        for (const MbtilesTile& t : tiles) {
            if (!t.data) continue;
            const std::string id = content_hash(*t.data);
            if (!stored_images_.count(id) && put.insert(id).second) {
                sqlite3_reset(put_image_);
                sqlite3_bind_text(put_image_, 1, id.data(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
                sqlite3_bind_blob(put_image_, 2, t.data->data(), static_cast<int>(t.data->size()), SQLITE_STATIC);
                if (sqlite3_step(put_image_) != SQLITE_DONE) fail(db_, path_);
            }
            sqlite3_reset(put_map_);
            sqlite3_bind_int(put_map_, 1, t.z);
            sqlite3_bind_int(put_map_, 2, t.x);
            sqlite3_bind_int(put_map_, 3, tms_row(t.z, t.y));
            sqlite3_bind_text(put_map_, 4, id.data(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
            if (sqlite3_step(put_map_) != SQLITE_DONE) fail(db_, path_);
        }
        sqlite3_reset(put_image_);
        sqlite3_reset(put_map_);
        sqlite3_reset(data_version_);
        exec("COMMIT");
    } catch (...) {
        sqlite3_reset(put_image_);
        sqlite3_reset(put_map_);
        sqlite3_reset(data_version_);
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    // Known only once committed (a rolled-back body is not in the file).
    if (stored_images_.size() + put.size() > kStoredImagesKept) stored_images_.clear();
    stored_images_.merge(put);
}

void MbtilesWriter::set_metadata(const std::map<std::string, std::string>& metadata) {
    Statement s(prepare("INSERT OR REPLACE INTO metadata (name, value) VALUES (?1, ?2)"));
    exec("BEGIN IMMEDIATE");
    for (const auto& [name, value] : metadata) {
        sqlite3_reset(s.get());
        sqlite3_bind_text(s.get(), 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(s.get(), 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        if (sqlite3_step(s.get()) != SQLITE_DONE) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            fail(db_, path_);
        }
    }
    exec("COMMIT");
}

std::optional<std::string> MbtilesWriter::state(const std::string& name) {
    Statement s(prepare("SELECT value FROM rxmap_seed WHERE name = ?1"));
    sqlite3_bind_text(s.get(), 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) != SQLITE_ROW) return std::nullopt;
    const auto* text = sqlite3_column_text(s.get(), 0);
    return text ? std::string(reinterpret_cast<const char*>(text)) : std::string();
}

void MbtilesWriter::set_state(const std::string& name, const std::string& value) {
    Statement s(prepare("INSERT OR REPLACE INTO rxmap_seed (name, value) VALUES (?1, ?2)"));
    sqlite3_bind_text(s.get(), 1, name.data(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s.get(), 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    if (sqlite3_step(s.get()) != SQLITE_DONE) fail(db_, path_);
}

void MbtilesWriter::clear_tiles() {
    stored_images_.clear();
    exec("BEGIN IMMEDIATE; DELETE FROM map; DELETE FROM images; COMMIT;");
}

std::size_t MbtilesWriter::tile_count() {
    Statement s(prepare("SELECT COUNT(*) FROM map"));
    return sqlite3_step(s.get()) == SQLITE_ROW ? static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0)) : 0;
}

std::size_t MbtilesWriter::image_count() {
    Statement s(prepare("SELECT COUNT(*) FROM images"));
    return sqlite3_step(s.get()) == SQLITE_ROW ? static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0)) : 0;
}

// ---- source ---------------------------------------------------------------

struct MbtilesSource::File {
    std::string path;
    int minzoom = 0, maxzoom = kMaxZoom;
    std::map<std::string, std::string> metadata;
    bool hashed = false;  // the map/images layout of rxmap seed: tile_id is the body's SHA-1
    std::atomic<std::uint64_t> corrupt{0};
    std::mutex mutex;
    std::vector<sqlite3*> idle;  // read-only connections, one per concurrent reader

    sqlite3* open() const {
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
            std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
            sqlite3_close(db);
            throw MbtilesError("cannot open " + path + ": " + msg);
        }
        sqlite3_busy_timeout(db, 2000);
        return db;
    }
    sqlite3* take() {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (!idle.empty()) {
                sqlite3* db = idle.back();
                idle.pop_back();
                return db;
            }
        }
        return open();
    }
    void give_back(sqlite3* db) {
        std::lock_guard<std::mutex> lock(mutex);
        idle.push_back(db);
    }
    ~File() {
        for (sqlite3* db : idle) sqlite3_close(db);
    }
};

MbtilesSource::MbtilesSource(const std::map<std::string, std::string>& layers)
    : empty_tile_(std::make_shared<const std::string>(transparent_png())) {
    for (const auto& [name, path] : layers) {
        auto file = std::make_unique<File>();
        file->path = path;
        sqlite3* db = file->open();
        Statement s;
        {
            sqlite3_stmt* raw = nullptr;
            if (sqlite3_prepare_v2(db, "SELECT name, value FROM metadata", -1, &raw, nullptr) != SQLITE_OK) {
                std::string msg = sqlite3_errmsg(db);
                sqlite3_close(db);
                throw MbtilesError(path + " is not an MBTiles file (" + msg + ")");
            }
            s.reset(raw);
        }
        while (sqlite3_step(s.get()) == SQLITE_ROW) {
            const auto* n = sqlite3_column_text(s.get(), 0);
            const auto* v = sqlite3_column_text(s.get(), 1);
            if (n) file->metadata[reinterpret_cast<const char*>(n)] = v ? reinterpret_cast<const char*>(v) : "";
        }
        s.reset();
        const auto format = file->metadata.find("format");
        if (format != file->metadata.end() && format->second != "png") {
            sqlite3_close(db);
            throw MbtilesError(path + ": format " + format->second + ", only png is served");
        }
        auto zoom = [&](const char* key, int fallback) {
            auto it = file->metadata.find(key);
            try {
                return it == file->metadata.end() ? fallback : std::stoi(it->second);
            } catch (const std::exception&) {
                return fallback;
            }
        };
        {
            sqlite3_stmt* raw = nullptr;
            if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('map', 'images')", -1, &raw,
                                   nullptr) == SQLITE_OK) {
                Statement layout(raw);
                file->hashed = sqlite3_step(raw) == SQLITE_ROW && sqlite3_column_int(raw, 0) == 2;
            }
        }
        file->minzoom = zoom("minzoom", 0);
        file->maxzoom = zoom("maxzoom", kMaxZoom);
        file->idle.push_back(db);
        files_.emplace(name, std::move(file));
    }
}

MbtilesSource::~MbtilesSource() = default;

bool MbtilesSource::has_layer(std::string_view id) const { return files_.find(id) != files_.end(); }

std::map<std::string, std::string> MbtilesSource::metadata(std::string_view id) const {
    auto it = files_.find(id);
    return it == files_.end() ? std::map<std::string, std::string>{} : it->second->metadata;
}

TileResult MbtilesSource::get(std::string_view id, const TileAddress& a) {
    auto it = files_.find(id);
    if (it == files_.end()) return {TileStatus::unknown_layer, nullptr, "no layer " + std::string(id)};
    File& f = *it->second;
    if (!valid_tile(a.z, a.x, a.y) || a.z < f.minzoom || a.z > f.maxzoom || a.scale != 1)
        return {TileStatus::out_of_range, nullptr,
                "tile outside the tileset (zooms " + std::to_string(f.minzoom) + "-" + std::to_string(f.maxzoom) +
                    ", 256-px tiles)"};
    sqlite3* db = nullptr;
    try {
        db = f.take();
    } catch (const std::exception& e) {
        return {TileStatus::failed, nullptr, e.what()};
    }
    TileResult result{TileStatus::ok, empty_tile_, {}};
    sqlite3_stmt* raw = nullptr;
    // A file of rxmap seed names each body by its SHA-1: checked before it is served.
    const char* sql = f.hashed ? "SELECT images.tile_data, map.tile_id FROM map JOIN images ON images.tile_id = "
                                 "map.tile_id WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3"
                               : "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3";
    if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
        result = {TileStatus::failed, nullptr, f.path + ": " + sqlite3_errmsg(db)};
    } else {
        Statement s(raw);
        sqlite3_bind_int(raw, 1, a.z);
        sqlite3_bind_int(raw, 2, a.x);
        sqlite3_bind_int(raw, 3, tms_row(a.z, a.y));
        const int rc = sqlite3_step(raw);
        if (rc == SQLITE_ROW) {
            const void* blob = sqlite3_column_blob(raw, 0);
            const int size = sqlite3_column_bytes(raw, 0);
            result.png = std::make_shared<const std::string>(static_cast<const char*>(blob), static_cast<size_t>(size));
            const auto* id = f.hashed ? sqlite3_column_text(raw, 1) : nullptr;
            if (id && content_hash(*result.png) != reinterpret_cast<const char*>(id)) {
                // A read-only tileset cannot be rendered again: refuse the tile, never serve it damaged.
                if (f.corrupt++ == 0)
                    std::fprintf(stderr, "mbtiles: %s: tile %d/%d/%d does not match its SHA-1 (the file is damaged)\n",
                                 f.path.c_str(), a.z, a.x, a.y);
                result = {TileStatus::failed, nullptr, f.path + ": tile does not match its SHA-1"};
            }
        } else if (rc != SQLITE_DONE) {
            result = {TileStatus::failed, nullptr, f.path + ": " + sqlite3_errmsg(db)};
        }
    }
    f.give_back(db);
    return result;
}

}  // namespace rxmap::tiles
