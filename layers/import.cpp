#include "layers/import.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "layers/boundaries.h"
#include "layers/geometry.h"
#include "layers/regions.h"
#include "layers/stat_sources.h"
#include "layers/store.h"

#ifndef RXMAP_CODE_VERSION
#error "RXMAP_CODE_VERSION must be defined by the build"
#endif

namespace rxmap::layers {

namespace fs = std::filesystem;

SourceFiles SourceFiles::in_raw_dir(const std::string& raw_dir) {
    SourceFiles f;
    const fs::path root(raw_dir);
    for (int pref = 1; pref <= 47; ++pref) {
        char name[32];
        std::snprintf(name, sizeof name, "N03-21_%02d_210101.json", pref);
        f.boundaries.push_back((root / "boundaries/n03-2021/s0010" / name).string());
    }
    f.census_xlsx = (root / "stats/census2020_major_results.xlsx").string();
    f.ssdse_csv = (root / "stats/SSDSE-A-2025.csv").string();
    f.ipss_json = (root / "stats/ipss2023_municipal_projections.json").string();
    f.regions_csv = (root / "facts/regions.csv").string();
    return f;
}

std::vector<std::string> SourceFiles::all() const {
    std::vector<std::string> files = boundaries;
    files.insert(files.end(), {census_xlsx, ssdse_csv, ipss_json, regions_csv});
    return files;
}

std::string input_fingerprint(const SourceFiles& files) {
    size_t h = std::hash<std::string_view>{}(RXMAP_CODE_VERSION);
    for (const std::string& path : files.all()) {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw ImportError("missing input " + path + " (run data/fetch.sh)");
        std::ostringstream bytes;
        bytes << in.rdbuf();
        // Combine as boost::hash_combine does.
        h ^= std::hash<std::string_view>{}(bytes.str()) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    }
    std::ostringstream out;
    out << RXMAP_CODE_VERSION << '-' << std::hex << h;
    return out.str();
}

namespace {

KnownCodes known_codes(const Atlas& atlas) {
    KnownCodes known{kJapanCode};
    for (Level level : kAllLevels)
        for (const Area& a : atlas.at(level)) known.insert(a.code);
    return known;
}

// Prefectures dissolved into the groups regions.csv assigns them (bloc or METI bureau).
AreaList group_areas(const AreaList& prefectures, const Regions& regions, Level level) {
    std::map<std::string, std::vector<GeometryPtr>> parts;
    std::map<std::string, std::vector<std::string>> members;  // group -> prefecture codes
    for (const Area& p : prefectures) {
        auto r = regions.find(p.pref_code);
        if (r == regions.end()) throw ImportError("regions.csv has no prefecture " + p.pref_code);
        const std::string& group = level == Level::bloc ? r->second.bloc : r->second.meti;
        parts[group].push_back(from_wkb(p.wkb));
        members[group].push_back(p.pref_code);
    }
    AreaList groups;
    for (auto& [name, geoms] : parts) {
        Area a;
        a.code = std::string(level_name(level)) + ":" + name;
        a.members = members[name];
        a.name = a.label = name;
        GeometryPtr merged = union_all(std::move(geoms));
        a.wkb = to_wkb(*merged);
        label_point(*merged, a.label_x, a.label_y);
        groups.push_back(std::move(a));
    }
    return groups;
}

// A source's combined area (e.g. IPSS 07999 浜通り地域) covers the municipalities
// of its prefecture that the source does not report on their own.
Area merged_area(const std::string& code_and_name, const AreaList& municipalities, const StatsTable& stats,
                 const std::string& indicator) {
    Area a;
    a.code = code_and_name.substr(0, 5);
    a.name = a.label = code_and_name.size() > 6 ? code_and_name.substr(6) : a.code;
    a.pref_code = a.code.substr(0, 2);
    const int year = stats.years(indicator).empty() ? 0 : stats.years(indicator).front();
    std::vector<GeometryPtr> parts;
    for (const Area& m : municipalities)
        if (m.pref_code == a.pref_code && !stats.get(indicator, year, m.code)) {
            a.members.push_back(m.code);
            parts.push_back(from_wkb(m.wkb));
        }
    if (parts.empty()) throw ImportError("combined area " + code_and_name + " has no member municipalities");
    GeometryPtr merged = union_all(std::move(parts));
    a.wkb = to_wkb(*merged);
    label_point(*merged, a.label_x, a.label_y);
    a.parent = prefecture_area_code(a.pref_code);
    return a;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Atlas import_sources(const SourceFiles& files, std::ostream& log) {
    const auto start = std::chrono::steady_clock::now();
    Atlas atlas;
    atlas.fingerprint = input_fingerprint(files);

    Boundaries b = load_boundaries(files.boundaries);
    log << "boundaries: " << b.report.sources << " sources, " << b.report.features << " features -> "
        << b.wards.size() << " wards/municipalities, " << b.municipalities.size() << " municipalities, "
        << b.prefectures.size() << " prefectures; " << b.report.invalid_repaired << " geometries repaired\n";
    log << "  " << b.report.uncoded.size() << " features without a code (kept in their prefecture's outline):\n";
    for (const auto& u : b.report.uncoded) log << "    " << u << '\n';
    atlas.at(Level::ward) = std::move(b.wards);
    atlas.at(Level::municipality) = std::move(b.municipalities);
    atlas.at(Level::prefecture) = std::move(b.prefectures);
    const Regions regions = read_regions(files.regions_csv);
    atlas.at(Level::bloc) = group_areas(atlas.at(Level::prefecture), regions, Level::bloc);
    atlas.at(Level::meti) = group_areas(atlas.at(Level::prefecture), regions, Level::meti);
    log << "groups: " << atlas.at(Level::bloc).size() << " blocs, " << atlas.at(Level::meti).size()
        << " METI bureau areas\n";

    const KnownCodes known = known_codes(atlas);
    log << import_census_xlsx(files.census_xlsx, known, atlas.stats).summary() << '\n';
    log << import_ssdse_csv(files.ssdse_csv, known, atlas.stats).summary() << '\n';
    const DatasetReport ipss = import_ipss_json(files.ipss_json, known, atlas.stats);
    log << ipss.summary() << '\n';
    for (const std::string& combined : ipss.combined) {
        atlas.merged.push_back(merged_area(combined, atlas.at(Level::municipality), atlas.stats, "ipss:population"));
        log << "  " << combined << " covers " << atlas.merged.back().members.size() << " municipalities\n";
    }
    log << "import took " << seconds_since(start) << " s\n";
    return atlas;
}

Atlas load_or_import(const SourceFiles& files, const std::string& store_path, std::ostream& log, bool force) {
    const auto start = std::chrono::steady_clock::now();
    const std::string wanted = input_fingerprint(files);
    if (!force && read_store_fingerprint(store_path) == wanted) {
        Atlas atlas = read_store(store_path);
        log << "store " << store_path << " is current (" << wanted << "), read in " << seconds_since(start)
            << " s\n";
        return atlas;
    }
    log << "importing into " << store_path << (force ? " (forced)" : " (inputs or code changed)") << '\n';
    Atlas atlas = import_sources(files, log);
    write_store(store_path, atlas);
    log << "store written in " << seconds_since(start) << " s total\n";
    return atlas;
}

}  // namespace rxmap::layers
