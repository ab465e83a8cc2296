#include "tiles/seed.h"

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/json_text.h"
#include "styles/choropleth_legend.h"
#include "styles/legend.h"
#include "tiles/mbtiles.h"

namespace fs = std::filesystem;

namespace rxmap::tiles {

namespace {

layers::GeometryPtr rectangle(double minx, double miny, double maxx, double maxy) {
    auto ring = new OGRLinearRing();
    ring->addPoint(minx, miny);
    ring->addPoint(maxx, miny);
    ring->addPoint(maxx, maxy);
    ring->addPoint(minx, maxy);
    ring->addPoint(minx, miny);
    auto polygon = new OGRPolygon();
    polygon->addRingDirectly(ring);
    return layers::GeometryPtr(polygon);
}

struct Prepared {
    OGRPreparedGeometryH h;
    explicit Prepared(const OGRGeometry& g) : h(OGRCreatePreparedGeometry(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)))) {}
    ~Prepared() { OGRDestroyPreparedGeometry(h); }
    bool intersects(const OGRGeometry& g) const {
        return OGRPreparedGeometryIntersects(h, OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
    }
    bool contains(const OGRGeometry& g) const {
        return OGRPreparedGeometryContains(h, OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)));
    }
};

void collect(const Prepared& area, int z, int x, int y, bool inside, int minzoom, int maxzoom,
             std::vector<std::vector<TileXY>>& out) {
    if (!inside) {
        const Bounds b = tile_bounds(z, x, y);
        const double hair = (b.maxx - b.minx) * 1e-7;
        auto square = rectangle(b.minx + hair, b.miny + hair, b.maxx - hair, b.maxy - hair);
        if (!area.intersects(*square)) return;
        inside = area.contains(*square);
    }
    if (z >= minzoom) out[z - minzoom].push_back({x, y});
    if (z == maxzoom) return;
    for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) collect(area, z + 1, 2 * x + dx, 2 * y + dy, inside, minzoom, maxzoom, out);
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out += c;
    }
    return out;
}

std::string number(double v, int precision = 6) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(precision) << v;
    std::string t = s.str();
    while (!t.empty() && t.back() == '0') t.pop_back();
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t;
}

// Where the seed writes: an MBTiles file or a directory tree.
class Sink {
public:
    virtual ~Sink() = default;
    virtual bool has(int z, int x, int y) = 0;
    virtual void write(const std::vector<MbtilesTile>& tiles) = 0;  // one metatile, all or nothing
    virtual std::optional<std::string> version() = 0;
    virtual void start(const std::string& version) = 0;  // clears tiles of another version
    virtual void finish(const std::map<std::string, std::string>& metadata) = 0;
};

class MbtilesSink : public Sink {
public:
    explicit MbtilesSink(const std::string& path) : writer_(path) {}
    bool has(int z, int x, int y) override { return writer_.has_tile(z, x, y); }
    void write(const std::vector<MbtilesTile>& tiles) override { writer_.write(tiles); }
    std::optional<std::string> version() override { return writer_.state("tile_version"); }
    void start(const std::string& v) override {
        auto old = version();
        if (old && *old != v) writer_.clear_tiles();
        if (!old || *old != v) writer_.set_state("tile_version", v);
    }
    void finish(const std::map<std::string, std::string>& metadata) override { writer_.set_metadata(metadata); }

private:
    MbtilesWriter writer_;
};

class DirectorySink : public Sink {
public:
    explicit DirectorySink(fs::path root) : root_(std::move(root)) { fs::create_directories(root_); }
    bool has(int z, int x, int y) override { return fs::exists(path(z, x, y)); }
    void write(const std::vector<MbtilesTile>& tiles) override {
        // Each file written then renamed: a stop leaves whole tiles only.
        for (const MbtilesTile& t : tiles) {
            const fs::path p = path(t.z, t.x, t.y);
            fs::create_directories(p.parent_path());
            const fs::path tmp = fs::path(p).concat(".tmp");
            {
                std::ofstream f(tmp, std::ios::binary);
                f << *t.data;
                if (!f) throw std::runtime_error("cannot write " + tmp.string());
            }
            fs::rename(tmp, p);
        }
    }
    std::optional<std::string> version() override {
        std::ifstream f(root_ / ".rxmap-seed-version");
        std::string v;
        if (!(f >> v)) return std::nullopt;
        return v;
    }
    void start(const std::string& v) override {
        auto old = version();
        if (old && *old != v)
            for (const auto& e : fs::directory_iterator(root_)) {
                const std::string name = e.path().filename().string();
                if (e.is_directory() && !name.empty() && std::all_of(name.begin(), name.end(), ::isdigit))
                    fs::remove_all(e.path());
            }
        std::ofstream(root_ / ".rxmap-seed-version") << v << '\n';
    }
    void finish(const std::map<std::string, std::string>& metadata) override {
        std::ofstream f(root_ / "metadata.json");
        f << "{";
        bool first = true;
        for (const auto& [k, v] : metadata) {
            f << (first ? "" : ",") << "\n  " << common::json_quote(k) << ": " << (k == "json" ? v : common::json_quote(v));
            first = false;
        }
        f << "\n}\n";
    }

private:
    fs::path path(int z, int x, int y) const {
        return root_ / std::to_string(z) / std::to_string(x) / (std::to_string(y) + ".png");
    }
    fs::path root_;
};

std::map<std::string, std::string> metadata(TileEngine& engine, const catalog::Variant& v, const SeedArea& area,
                                            const SeedOptions& o) {
    const auto& d = *v.definition;
    const styles::Choropleth& c = styles::choropleth(engine.catalog(), v);
    OGREnvelope env;
    area.geometry->getEnvelope(&env);
    const LonLat lo = to_lonlat({env.MinX, env.MinY}), hi = to_lonlat({env.MaxX, env.MaxY});
    const LonLat mid = to_lonlat({(env.MinX + env.MaxX) / 2, (env.MinY + env.MaxY) / 2});
    const double span = std::max(env.MaxX - env.MinX, env.MaxY - env.MinY);
    int zoom = span > 0 ? static_cast<int>(std::floor(std::log2(6 * kOriginShift / span))) : o.maxzoom;
    zoom = std::clamp(zoom, o.minzoom, o.maxzoom);

    std::string attribution;
    for (const auto& credit : d.credits) attribution += (attribution.empty() ? "" : "<br>") + html_escape(credit);
    std::string json = "{\"rxmap\":{\"layer\":" + common::json_quote(v.key()) + ",\"year\":" + std::to_string(v.year) +
                       ",\"level\":" + common::json_quote(layers::level_name(v.level)) +
                       ",\"tile_version\":" + common::json_quote(engine.version(v)) +
                       ",\"area\":" + common::json_quote(area.description) +
                       "},\"legend\":" + styles::legend_json(styles::choropleth_legend(c, v.year)) + "}";
    return {
        {"name", d.title_ja + " / " + d.title_en + " (" + v.key() + ")"},
        {"format", "png"},
        {"bounds", number(lo.lon) + "," + number(lo.lat) + "," + number(hi.lon) + "," + number(hi.lat)},
        {"center", number(mid.lon) + "," + number(mid.lat) + "," + std::to_string(zoom)},
        {"minzoom", std::to_string(o.minzoom)},
        {"maxzoom", std::to_string(o.maxzoom)},
        {"attribution", attribution},
        {"description", d.description_ja.empty() ? d.description_en : d.description_ja},
        {"type", "overlay"},
        {"version", "1"},
        {"json", json},
    };
}

std::string duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const long s = std::lround(seconds);
    std::ostringstream o;
    if (s >= 3600) o << s / 3600 << "h" << std::setw(2) << std::setfill('0') << (s % 3600) / 60 << "m";
    else if (s >= 60) o << s / 60 << "m" << std::setw(2) << std::setfill('0') << s % 60 << "s";
    else o << s << "s";
    return o.str();
}

}  // namespace

SeedArea area_from_bbox(double min_lon, double min_lat, double max_lon, double max_lat) {
    if (!(min_lon < max_lon && min_lat < max_lat)) throw std::invalid_argument("bbox: min must be below max");
    const Mercator lo = to_mercator({min_lon, min_lat}), hi = to_mercator({max_lon, max_lat});
    return {rectangle(lo.x, lo.y, hi.x, hi.y),
            "bbox " + number(min_lon) + "," + number(min_lat) + "," + number(max_lon) + "," + number(max_lat)};
}

SeedArea area_from_prefectures(const layers::Atlas& atlas, const std::string& codes) {
    std::vector<layers::GeometryPtr> parts;
    std::string description = "prefecture";
    std::istringstream in(codes);
    std::string code;
    while (std::getline(in, code, ',')) {
        if (code.size() == 1) code = "0" + code;
        if (code.size() == 2) code = layers::prefecture_area_code(code);
        const layers::Area* a = atlas.find(layers::Level::prefecture, code);
        if (!a) throw std::invalid_argument("no prefecture " + code);
        parts.push_back(layers::from_wkb(a->wkb));
        description += " " + code + " " + a->name;
    }
    if (parts.empty()) throw std::invalid_argument("no prefecture code given");
    if (parts.size() > 3) description = std::to_string(parts.size()) + " prefectures";
    if (parts.size() == 1) return {std::move(parts.front()), description};
    return {layers::union_all(std::move(parts)), description};
}

SeedArea area_from_file(const std::string& path) {
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(
        static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds) throw std::invalid_argument("cannot open " + path + " as a vector file");
    std::vector<layers::GeometryPtr> parts;
    for (OGRLayer* layer : ds->GetLayers()) {
        layers::MercatorTransform to_mercator(layer->GetSpatialRef());
        layer->ResetReading();
        while (OGRFeature* f = layer->GetNextFeature()) {
            std::unique_ptr<OGRFeature> owned(f);
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g) continue;
            const auto type = wkbFlatten(g->getGeometryType());
            if (type != wkbPolygon && type != wkbMultiPolygon && type != wkbCurvePolygon && type != wkbMultiSurface)
                continue;
            layers::GeometryPtr copy(g->clone());
            if (!to_mercator.apply(*copy)) throw std::invalid_argument("cannot reproject the polygons of " + path);
            parts.push_back(std::move(copy));
        }
    }
    if (parts.empty()) throw std::invalid_argument(path + " has no polygons");
    return {layers::union_all(std::move(parts)), "area " + fs::path(path).filename().string()};
}

std::vector<std::vector<TileXY>> tiles_touching(const OGRGeometry& area, int minzoom, int maxzoom) {
    std::vector<std::vector<TileXY>> out(static_cast<size_t>(std::max(0, maxzoom - minzoom + 1)));
    if (out.empty()) return out;
    Prepared prepared(area);
    collect(prepared, 0, 0, 0, false, minzoom, maxzoom, out);
    for (auto& tiles : out)
        std::sort(tiles.begin(), tiles.end(), [](TileXY a, TileXY b) { return a.y != b.y ? a.y < b.y : a.x < b.x; });
    return out;
}

int metatile_shard(const Metatile& meta, int shards) {
    if (shards <= 1) return 0;
    // splitmix64's finaliser over (z, x, y): neighbouring metatiles land on different shards.
    std::uint64_t h = (static_cast<std::uint64_t>(meta.z) << 58) ^ (static_cast<std::uint64_t>(meta.x) << 29) ^
                      static_cast<std::uint64_t>(meta.y);
    h += 0x9e3779b97f4a7c15ULL;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return static_cast<int>(h % static_cast<std::uint64_t>(shards));
}

SeedResult seed(TileEngine& engine, const catalog::Variant& variant, const SeedArea& area, const SeedOptions& o) {
    const auto start = std::chrono::steady_clock::now();
    const auto& d = *variant.definition;
    if (o.shards < 1 || o.shard < 0 || o.shard >= o.shards)
        throw std::invalid_argument("shard " + std::to_string(o.shard) + "/" + std::to_string(o.shards) +
                                    ": expected i/n with 0 <= i < n");
    if (o.minzoom < d.minzoom || o.maxzoom > d.maxzoom || o.minzoom > o.maxzoom)
        throw std::invalid_argument("zooms " + std::to_string(o.minzoom) + "-" + std::to_string(o.maxzoom) +
                                    " outside the layer's " + std::to_string(d.minzoom) + "-" + std::to_string(d.maxzoom));
    std::unique_ptr<Sink> sink;
    const bool directory = !o.out.empty() && (o.out.back() == '/' || fs::is_directory(o.out));
    if (directory) sink = std::make_unique<DirectorySink>(o.out);
    else sink = std::make_unique<MbtilesSink>(o.out);
    sink->start(engine.version(variant));

    // The work: every metatile holding a touching tile, zoom by zoom, with the tiles it must store.
    struct Work {
        Metatile meta;
        std::vector<TileXY> tiles;
    };
    SeedResult result;
    std::vector<Work> todo;
    const int size = engine.metatile_size(variant);
    const auto per_zoom = tiles_touching(*area.geometry, o.minzoom, o.maxzoom);
    for (int z = o.minzoom; z <= o.maxzoom; ++z) {
        const auto& tiles = per_zoom[static_cast<size_t>(z - o.minzoom)];
        result.tiles_per_zoom[z] = tiles.size();
        std::map<std::pair<int, int>, Work> metatiles;  // by (y, x) of the metatile
        for (TileXY t : tiles) {
            const Metatile m = metatile_of(z, t.x, t.y, size);
            Work& w = metatiles[{m.y, m.x}];
            w.meta = m;
            w.tiles.push_back(t);
        }
        for (auto& [where, w] : metatiles) {
            if (metatile_shard(w.meta, o.shards) != o.shard) continue;  // another shard's
            ++result.metatiles_total;
            const bool done = std::all_of(w.tiles.begin(), w.tiles.end(), [&](TileXY t) { return sink->has(z, t.x, t.y); });
            if (done) {
                ++result.metatiles_skipped;
                result.tiles_skipped += w.tiles.size();
            } else {
                todo.push_back(std::move(w));
            }
        }
    }

    // Render on every core; this thread commits, one metatile per transaction.
    struct Done {
        size_t index;
        std::vector<TileData> tiles;
    };
    const int threads = std::max(1, o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency()));
    const size_t capacity = static_cast<size_t>(threads) * 2;
    std::mutex mutex;
    std::condition_variable ready, room;
    std::deque<Done> finished;
    std::atomic<size_t> next{0};
    std::atomic<bool> halt{false};
    int running = threads;
    std::exception_ptr failure;
    auto stop_requested = [&] { return halt.load() || (o.stop && o.stop->load()); };

    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i)
        workers.emplace_back([&] {
            for (;;) {
                if (stop_requested()) break;
                const size_t index = next++;
                if (index >= todo.size()) break;
                {
                    std::unique_lock<std::mutex> lock(mutex);
                    room.wait(lock, [&] { return finished.size() < capacity || halt; });
                    if (halt) break;
                }
                try {
                    auto tiles = engine.render_now(variant, todo[index].meta, 1);
                    std::lock_guard<std::mutex> lock(mutex);
                    finished.push_back({index, std::move(tiles)});
                } catch (...) {
                    std::lock_guard<std::mutex> lock(mutex);
                    if (!failure) failure = std::current_exception();
                    halt = true;
                }
                ready.notify_one();
            }
            std::lock_guard<std::mutex> lock(mutex);
            --running;
            ready.notify_one();
        });

    auto last_progress = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    size_t tiles_total = 0;
    for (const auto& w : todo) tiles_total += w.tiles.size();
    auto show_progress = [&](bool final_line) {
        if (!o.progress) return;
        const auto now = std::chrono::steady_clock::now();
        if (!final_line && now - last_progress < std::chrono::milliseconds(500)) return;
        last_progress = now;
        const double elapsed = std::chrono::duration<double>(now - start).count();
        const double rate = elapsed > 0 ? result.tiles_written / elapsed : 0;
        const size_t done = result.metatiles_rendered + result.metatiles_skipped;
        std::cout << "\rseed " << variant.key() << ": " << done << "/" << result.metatiles_total << " metatiles, "
                  << result.tiles_written << "/" << tiles_total << " tiles, " << std::fixed << std::setprecision(1)
                  << rate << " tiles/s, ETA "
                  << (rate > 0 ? duration((tiles_total - result.tiles_written) / rate) : std::string("?"))
                  << "     " << (final_line ? "\n" : "") << std::flush;
    };

    for (;;) {
        Done done;
        {
            std::unique_lock<std::mutex> lock(mutex);
            ready.wait_for(lock, std::chrono::milliseconds(250), [&] { return !finished.empty() || running == 0; });
            if (finished.empty()) {
                if (running == 0) break;
                lock.unlock();
                show_progress(false);
                continue;
            }
            done = std::move(finished.front());
            finished.pop_front();
        }
        room.notify_one();
        if (stop_requested()) continue;  // drain: what is rendered after a stop is not committed
        const Work& w = todo[done.index];
        std::vector<MbtilesTile> rows;
        for (TileXY t : w.tiles) {
            const size_t i = static_cast<size_t>((t.y - w.meta.y) * w.meta.n + (t.x - w.meta.x));
            rows.push_back({w.meta.z, t.x, t.y, done.tiles.at(i)});
        }
        try {
            sink->write(rows);
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            if (!failure) failure = std::current_exception();
            halt = true;
            room.notify_all();
            continue;
        }
        if (o.cache)
            o.cache->write_metatile(MetatileTiles{TileKey{engine.version(variant), variant.key(), 1, w.meta.z, w.meta.x,
                                                          w.meta.y, size},
                                                  w.meta.n, done.tiles});
        ++result.metatiles_rendered;
        result.tiles_written += rows.size();
        if (o.stop_after_metatiles >= 0 && static_cast<long>(result.metatiles_rendered) >= o.stop_after_metatiles) {
            halt = true;
            room.notify_all();
        }
        show_progress(false);
    }
    for (auto& t : workers) t.join();
    if (failure) std::rethrow_exception(failure);

    result.stopped = result.metatiles_rendered + result.metatiles_skipped < result.metatiles_total;
    sink->finish(metadata(engine, variant, area, o));  // valid metadata even after a stop
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    show_progress(true);
    if (o.log)
        *o.log << "seed " << variant.key() << " (" << area.description << ", z" << o.minzoom << "-" << o.maxzoom
               << (o.shards > 1 ? ", shard " + std::to_string(o.shard) + "/" + std::to_string(o.shards) : std::string())
               << ") -> " << o.out << ": " << result.tiles_written << " tiles in " << result.metatiles_rendered
               << " metatiles rendered, " << result.tiles_skipped << " tiles already there, "
               << std::fixed << std::setprecision(1) << result.seconds << " s"
               << (result.stopped ? "; stopped before the end (run again to resume)" : "") << '\n';
    return result;
}

}  // namespace rxmap::tiles
