#include "tilesets/seed_output.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "common/json_text.h"
#include "common/xml_escape.h"
#include "styles/choropleth.h"
#include "styles/choropleth_legend.h"
#include "styles/legend.h"
#include "common/tile_math.h"

namespace fs = std::filesystem;

namespace rxmap::tiles {

std::string plain_number(double v, int precision) {
    std::ostringstream s;
    s << std::fixed << std::setprecision(precision) << v;
    std::string t = s.str();
    while (!t.empty() && t.back() == '0') t.pop_back();
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t;
}

namespace {

class MbtilesSink : public SeedSink {
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

class DirectorySink : public SeedSink {
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

}  // namespace

std::unique_ptr<SeedSink> open_seed_sink(const std::string& out) {
    const bool directory = !out.empty() && (out.back() == '/' || fs::is_directory(out));
    if (directory) return std::make_unique<DirectorySink>(out);
    return std::make_unique<MbtilesSink>(out);
}

std::map<std::string, std::string> seed_metadata(TileEngine& engine, const catalog::Variant& v, const SeedArea& area,
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
    for (const auto& credit : d.credits) attribution += (attribution.empty() ? "" : "<br>") + common::xml_escape(credit);
    std::string json = "{\"rxmap\":{\"layer\":" + common::json_quote(v.key()) + ",\"year\":" + std::to_string(v.year) +
                       ",\"level\":" + common::json_quote(data::level_name(v.level)) +
                       ",\"tile_version\":" + common::json_quote(engine.version(v)) +
                       ",\"area\":" + common::json_quote(area.description) +
                       "},\"legend\":" + styles::legend_json(styles::choropleth_legend(c, v.year)) + "}";
    return {
        {"name", d.title_ja + " / " + d.title_en + " (" + v.key() + ")"},
        {"format", "png"},
        {"bounds", plain_number(lo.lon) + "," + plain_number(lo.lat) + "," + plain_number(hi.lon) + "," + plain_number(hi.lat)},
        {"center", plain_number(mid.lon) + "," + plain_number(mid.lat) + "," + std::to_string(zoom)},
        {"minzoom", std::to_string(o.minzoom)},
        {"maxzoom", std::to_string(o.maxzoom)},
        {"attribution", attribution},
        {"description", d.description_ja.empty() ? d.description_en : d.description_ja},
        {"type", "overlay"},
        {"version", "1"},
        {"json", json},
    };
}

}  // namespace rxmap::tiles
