#include "print/print_area.h"

#include <ogr_geometry.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "common/decimal_number.h"
#include "layers/flows.h"
#include "layers/geometry.h"
#include "print/print_page.h"

namespace rxmap::styles {

namespace {

constexpr double kPi = 3.14159265358979323846;

std::vector<const OGRPolygon*> polygons_of(const OGRGeometry& g) {
    std::vector<const OGRPolygon*> out;
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPolygon: out.push_back(g.toPolygon()); break;
        case wkbMultiPolygon:
            for (const OGRPolygon* p : *g.toMultiPolygon()) out.push_back(p);
            break;
        default: break;
    }
    return out;
}

tiles::Bounds bounds_of(tiles::LonLat sw, tiles::LonLat ne) {
    const tiles::Mercator a = tiles::to_mercator(sw), b = tiles::to_mercator(ne);
    return {a.x, a.y, b.x, b.y};
}

double lat_of(double mercator_y) { return tiles::to_lonlat({0, mercator_y}).lat; }

double parse_double(const std::string& s, const std::string& what) {
    const auto v = common::decimal_number(s);  // decimal only: no hex, exponent or nan
    if (!v) throw PrintError(what + ": '" + s + "' is not a decimal number");
    return *v;
}

std::unique_ptr<OGRPolygon> rect_polygon(const tiles::Bounds& b) {
    auto ring = std::make_unique<OGRLinearRing>();
    ring->addPoint(b.minx, b.miny);
    ring->addPoint(b.maxx, b.miny);
    ring->addPoint(b.maxx, b.maxy);
    ring->addPoint(b.minx, b.maxy);
    ring->addPoint(b.minx, b.miny);
    auto poly = std::make_unique<OGRPolygon>();
    poly->addRingDirectly(ring.release());
    return poly;
}

}  // namespace

PrintArea parse_print_area(const std::optional<std::string>& pref, const std::optional<std::string>& bbox, bool japan,
                           const data::Atlas& atlas) {
    const int given = (pref ? 1 : 0) + (bbox ? 1 : 0) + (japan ? 1 : 0);
    if (given != 1) throw PrintError("give exactly one of pref, bbox or japan");
    PrintArea area;
    if (japan) return area;
    if (pref) {
        area.kind = PrintArea::Kind::prefecture;
        area.pref_code = data::prefecture_code(*pref, atlas);
        if (area.pref_code.empty()) throw PrintError("pref: no prefecture " + *pref + " (a code 1..47 or a name)");
        return area;
    }
    area.kind = PrintArea::Kind::bbox;
    std::vector<std::string> parts;
    std::stringstream in(*bbox);
    for (std::string p; std::getline(in, p, ',');) parts.push_back(p);
    if (parts.size() != 4 || bbox->back() == ',') throw PrintError("bbox must be west,south,east,north in degrees");
    area.west = parse_double(parts[0], "bbox");
    area.south = parse_double(parts[1], "bbox");
    area.east = parse_double(parts[2], "bbox");
    area.north = parse_double(parts[3], "bbox");
    if (area.west < 110 || area.east > 160 || area.south < 15 || area.north > 55)
        throw PrintError("bbox must lie within 110..160 E and 15..55 N (Japan)");
    if (area.east - area.west < 0.01 || area.north - area.south < 0.01)
        throw PrintError("bbox must be west,south,east,north with west < east and south < north, at least 0.01 degrees");
    return area;
}

AreaTarget area_target(const PrintArea& area, const data::Atlas& atlas) {
    AreaTarget t;
    switch (area.kind) {
        case PrintArea::Kind::japan:
            t.main = bounds_of(kJapanMainSouthWest, kJapanMainNorthEast);
            t.inset = bounds_of(kSouthwestIslandsSouthWest, kSouthwestIslandsNorthEast);
            t.grow_north = true;
            t.name_ja = "全国";
            t.name_en = "Japan";
            return t;
        case PrintArea::Kind::bbox:
            t.main = bounds_of({area.west, area.south}, {area.east, area.north});
            return t;
        case PrintArea::Kind::prefecture: break;
    }
    const data::Area* pref = atlas.find(data::Level::prefecture, data::prefecture_area_code(area.pref_code));
    if (!pref) throw PrintError("pref: no prefecture " + area.pref_code);
    t.name_ja = pref->name;
    t.name_en = prefecture_name_en(area.pref_code);
    t.focus_wkb = pref->wkb;
    const data::GeometryPtr g = data::from_wkb(pref->wkb);
    const std::vector<const OGRPolygon*> parts = polygons_of(*g);
    if (parts.empty()) throw PrintError("pref: " + pref->name + " has no polygons");

    const OGRPolygon* largest = *std::max_element(parts.begin(), parts.end(), [](auto* a, auto* b) {
        return a->get_Area() < b->get_Area();
    });
    OGREnvelope main;
    largest->getEnvelope(&main);
    // Mercator metres -> ground metres at the prefecture's latitude.
    const double k = std::cos(lat_of((main.MinY + main.MaxY) / 2) * kPi / 180);
    const double reach = std::max(60000.0, 0.5 * std::max(main.MaxX - main.MinX, main.MaxY - main.MinY) * k) / k;
    OGREnvelope view = main;
    for (const OGRPolygon* p : parts) {
        OGREnvelope e;
        p->getEnvelope(&e);
        const double dx = std::max({0.0, e.MinX - main.MaxX, main.MinX - e.MaxX});
        const double dy = std::max({0.0, e.MinY - main.MaxY, main.MinY - e.MaxY});
        if (std::hypot(dx, dy) <= reach)
            view.Merge(e);
        else
            t.omits_islands = true;
    }
    const double margin = 0.05 * std::max(view.MaxX - view.MinX, view.MaxY - view.MinY);
    t.main = {view.MinX - margin, view.MinY - margin, view.MaxX + margin, view.MaxY + margin};
    return t;
}

struct LandCover::Impl {
    std::vector<data::GeometryPtr> land;
    std::vector<OGREnvelope> envelopes;
};

LandCover::LandCover(const data::Atlas& atlas, const AreaTarget& target) : impl_(std::make_unique<Impl>()) {
    auto add = [&](const std::string& wkb) {
        data::GeometryPtr g = data::from_wkb(wkb);
        OGREnvelope e;
        g->getEnvelope(&e);
        impl_->envelopes.push_back(e);
        impl_->land.push_back(std::move(g));
    };
    if (!target.focus_wkb.empty()) {
        add(target.focus_wkb);
    } else {
        for (const data::Area& a : atlas.at(data::Level::prefecture)) add(a.wkb);
    }
}

LandCover::~LandCover() = default;

double LandCover::share(const tiles::Bounds& b) const {
    const double rect_area = (b.maxx - b.minx) * (b.maxy - b.miny);
    if (!(rect_area > 0)) return 0;
    const auto rect = rect_polygon(b);
    double covered = 0;
    for (size_t i = 0; i < impl_->land.size(); ++i) {
        const OGREnvelope& e = impl_->envelopes[i];
        if (e.MaxX <= b.minx || e.MinX >= b.maxx || e.MaxY <= b.miny || e.MinY >= b.maxy) continue;
        const data::GeometryPtr cut(impl_->land[i]->Intersection(rect.get()));
        if (cut) {
            for (const OGRPolygon* p : polygons_of(*cut)) covered += p->get_Area();
            if (wkbFlatten(cut->getGeometryType()) == wkbGeometryCollection)
                for (const OGRGeometry* part : *cut->toGeometryCollection())
                    for (const OGRPolygon* p : polygons_of(*part)) covered += p->get_Area();
        } else {  // GEOS failed: count the overlap of the envelopes, to stay on the safe side
            covered += (std::min(e.MaxX, b.maxx) - std::max(e.MinX, b.minx)) *
                       (std::min(e.MaxY, b.maxy) - std::max(e.MinY, b.miny));
        }
    }
    return std::min(1.0, covered / rect_area);
}

std::string prefecture_name_en(std::string_view code) {
    static const std::array<const char*, 47> names = {
        "Hokkaido", "Aomori",   "Iwate",     "Miyagi",   "Akita",    "Yamagata",  "Fukushima", "Ibaraki",
        "Tochigi",  "Gunma",    "Saitama",   "Chiba",    "Tokyo",    "Kanagawa",  "Niigata",   "Toyama",
        "Ishikawa", "Fukui",    "Yamanashi", "Nagano",   "Gifu",     "Shizuoka",  "Aichi",     "Mie",
        "Shiga",    "Kyoto",    "Osaka",     "Hyogo",    "Nara",     "Wakayama",  "Tottori",   "Shimane",
        "Okayama",  "Hiroshima", "Yamaguchi", "Tokushima", "Kagawa", "Ehime",     "Kochi",     "Fukuoka",
        "Saga",     "Nagasaki", "Kumamoto",  "Oita",     "Miyazaki", "Kagoshima", "Okinawa"};
    if (code.size() != 2 || !std::isdigit(static_cast<unsigned char>(code[0])) ||
        !std::isdigit(static_cast<unsigned char>(code[1])))
        return {};
    const int n = (code[0] - '0') * 10 + (code[1] - '0');
    return n >= 1 && n <= 47 ? names[n - 1] : "";
}

}  // namespace rxmap::styles
