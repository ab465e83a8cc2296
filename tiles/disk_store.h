#pragma once
// Tiles on disk, surviving restarts. Layout under the root directory:
//
//   blobs/ab/ab12…ef.png            tile bodies, content-addressed (SHA-1 of the PNG):
//                                   the sea tile is one file, however many addresses show it
//   meta/<version>/<layer>/<scale>/<z>/<x>/<y>.meta
//                                   one index per metatile (x, y of its top-left tile): for each of its
//                                   n*n tiles the body's hash and size
//   tmp/<pid>.<n>.tmp               files being written
//
// Every file is written under tmp/ and renamed into place (rename is atomic), bodies
// before the index that names them, so a crash leaves either the whole metatile or
// none of it; leftovers in tmp/ are never read and are removed at the next start
// (those of processes that are gone, and any older than ten minutes). An index that
// does not parse, or a body of the wrong size, is a miss. A body whose SHA-1 is not
// its name (overwritten, a flipped bit) is counted as corrupt, removed with the index
// that led to it, and read as a miss. Failed writes are counted by cause and logged
// at most once a minute (write_failures.h).
#include <atomic>
#include <filesystem>
#include <string>

#include "tiles/tile_store.h"
#include "tiles/write_failures.h"

namespace rxmap::tiles {

struct DiskStoreOptions {
    bool fsync = false;  // fdatasync each file before its rename (power-loss safety; slower)
};

class DiskStore : public TileStore {
public:
    explicit DiskStore(std::filesystem::path root, DiskStoreOptions options = {});

    TileData read(const TileKey& key) override;
    TileStat stat(const TileKey& key) override;
    void write_metatile(const MetatileTiles& metatile) override;
    void expire(const TileKey& key) override;
    void collect_stats(std::vector<StoreStats>& out) const override;

    const std::filesystem::path& root() const { return root_; }
    // Files under blobs/ (walks the tree: for tests and tools).
    std::size_t count_blobs() const;
    // Temporary files removed at start-up.
    std::size_t swept_at_start() const { return swept_; }

    // Index file of the metatile holding key (public for tests).
    std::filesystem::path index_path(const TileKey& key) const;
    std::filesystem::path blob_path(const std::string& hash) const;

private:
    struct Entry {
        std::string hash;
        std::size_t size = 0;
    };
    // Reads the index of key's metatile and returns the entry for key; false when absent or damaged.
    bool lookup(const TileKey& key, Entry& entry, std::time_t* mtime = nullptr) const;
    // Writes bytes to a temporary file and renames it to path. Returns false on failure (counted).
    bool write_atomically(const std::filesystem::path& path, const std::string& bytes);
    void sweep_tmp();

    std::filesystem::path root_;
    DiskStoreOptions options_;
    std::size_t swept_ = 0;
    mutable std::atomic<std::uint64_t> tmp_counter_{0};
    std::atomic<std::uint64_t> hits_{0}, misses_{0}, written_{0}, dedup_{0}, bytes_{0}, bodies_{0}, corrupt_{0};
    WriteFailures write_failures_{"disk store"};
};

}  // namespace rxmap::tiles
