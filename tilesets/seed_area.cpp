// The areas `rxmap seed` covers (seed.h): a bbox, prefectures, polygons of a file, and
// the tiles that touch one.
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "tilesets/seed.h"
#include "tilesets/seed_output.h"

namespace fs = std::filesystem;

namespace rxmap::tiles {

namespace {

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
        auto square = data::rectangle(b.minx + hair, b.miny + hair, b.maxx - hair, b.maxy - hair);
        if (!area.intersects(*square)) return;
        inside = area.contains(*square);
    }
    if (z >= minzoom) out[z - minzoom].push_back({x, y});
    if (z == maxzoom) return;
    for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) collect(area, z + 1, 2 * x + dx, 2 * y + dy, inside, minzoom, maxzoom, out);
}

}  // namespace

SeedArea area_from_bbox(double min_lon, double min_lat, double max_lon, double max_lat) {
    if (!(min_lon < max_lon && min_lat < max_lat)) throw std::invalid_argument("bbox: min must be below max");
    const Mercator lo = to_mercator({min_lon, min_lat}), hi = to_mercator({max_lon, max_lat});
    return {data::rectangle(lo.x, lo.y, hi.x, hi.y),
            "bbox " + plain_number(min_lon) + "," + plain_number(min_lat) + "," + plain_number(max_lon) + "," + plain_number(max_lat)};
}

SeedArea area_from_prefectures(const data::Atlas& atlas, const std::string& codes) {
    std::vector<data::GeometryPtr> parts;
    std::string description = "prefecture";
    std::istringstream in(codes);
    std::string code;
    while (std::getline(in, code, ',')) {
        if (code.size() == 1) code = "0" + code;
        if (code.size() == 2) code = data::prefecture_area_code(code);
        const data::Area* a = atlas.find(data::Level::prefecture, code);
        if (!a) throw std::invalid_argument("no prefecture " + code);
        parts.push_back(data::from_wkb(a->wkb));
        description += " " + code + " " + a->name;
    }
    if (parts.empty()) throw std::invalid_argument("no prefecture code given");
    if (parts.size() > 3) description = std::to_string(parts.size()) + " prefectures";
    if (parts.size() == 1) return {std::move(parts.front()), description};
    return {data::union_all(std::move(parts)), description};
}

SeedArea area_from_file(const std::string& path) {
    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(
        static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!ds) throw std::invalid_argument("cannot open " + path + " as a vector file");
    std::vector<data::GeometryPtr> parts;
    for (OGRLayer* layer : ds->GetLayers()) {
        data::MercatorTransform to_mercator(layer->GetSpatialRef());
        layer->ResetReading();
        while (OGRFeature* f = layer->GetNextFeature()) {
            std::unique_ptr<OGRFeature> owned(f);
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g) continue;
            const auto type = wkbFlatten(g->getGeometryType());
            if (type != wkbPolygon && type != wkbMultiPolygon && type != wkbCurvePolygon && type != wkbMultiSurface)
                continue;
            data::GeometryPtr copy(g->clone());
            if (!to_mercator.apply(*copy)) throw std::invalid_argument("cannot reproject the polygons of " + path);
            parts.push_back(std::move(copy));
        }
    }
    if (parts.empty()) throw std::invalid_argument(path + " has no polygons");
    return {data::union_all(std::move(parts)), "area " + fs::path(path).filename().string()};
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

}  // namespace rxmap::tiles
