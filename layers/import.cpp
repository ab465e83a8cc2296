#include "layers/import.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "layers/boundaries.h"
#include "layers/flows.h"
#include "layers/geometry.h"
#include "layers/regions.h"
#include "layers/stat_sources.h"
#include "layers/store.h"
#include "layers/store_check.h"

#ifndef RXMAP_CODE_VERSION
#error "RXMAP_CODE_VERSION must be defined by the build"
#endif

namespace rxmap::data {

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
    if (fs::is_directory(root / "flows"))
        for (const auto& entry : fs::directory_iterator(root / "flows"))
            if (entry.path().extension() == ".csv") f.flow_csvs.push_back(entry.path().string());
    std::sort(f.flow_csvs.begin(), f.flow_csvs.end());
    return f;
}

std::vector<std::string> SourceFiles::statistics() const {
    std::vector<std::string> files = {census_xlsx, ssdse_csv, ipss_json, regions_csv};
    files.insert(files.end(), flow_csvs.begin(), flow_csvs.end());
    return files;
}

std::string flow_table_name(const std::string& path) { return "raw:flows/" + fs::path(path).filename().string(); }

namespace {

// Combine as boost::hash_combine does.
void combine(size_t& h, std::string_view bytes) {
    h ^= std::hash<std::string_view>{}(bytes) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
}

void combine_file(size_t& h, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ImportError("missing input " + path + " (run data/fetch.sh)");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    combine(h, bytes.str());
}

// A boundary file and its companions (a Shapefile's .dbf, .shx, .prj, .cpg).
void combine_boundary(size_t& h, const std::string& source) {
    if (!fs::is_regular_file(source)) {  // PG:…, a .gdb folder
        combine(h, source);
        return;
    }
    combine_file(h, source);
    if (fs::path(source).extension() != ".shp") return;
    for (const char* ext : {".dbf", ".shx", ".prj", ".cpg"}) {
        const fs::path companion = fs::path(source).replace_extension(ext);
        if (fs::exists(companion)) combine_file(h, companion.string());
    }
}

}  // namespace

std::string input_fingerprint(const SourceFiles& files) {
    size_t h = std::hash<std::string_view>{}(RXMAP_CODE_VERSION);
    for (const std::string& source : expand_boundary_paths(files.boundaries)) combine_boundary(h, source);
    combine(h, files.boundary_options.describe());
    for (const std::string& path : files.statistics()) combine_file(h, path);
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
std::optional<Area> merged_area(const std::string& code_and_name, const AreaList& municipalities, const StatsTable& stats,
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
    if (parts.empty()) return std::nullopt;  // boundaries of other prefectures only
    GeometryPtr merged = union_all(std::move(parts));
    a.wkb = to_wkb(*merged);
    label_point(*merged, a.label_x, a.label_y);
    a.parent = prefecture_area_code(a.pref_code);
    return a;
}

// Municipalities of the boundaries that the dataset has no row for (a designated city counts when it
// or one of its wards has one): a renamed or newly merged municipality shows up here and in unmatched.
DatasetReport with_missing_rows(const Atlas& atlas, DatasetReport report) {
    std::set<std::string> with_row;
    for (const auto& [id, by_year] : atlas.stats.all()) {
        const auto info = atlas.stats.indicators().find(id);
        if (info == atlas.stats.indicators().end() || info->second.dataset != report.dataset) continue;
        for (const auto& [year, values] : by_year)
            for (const auto& [code, _] : values) with_row.insert(code);
    }
    for (const Area& w : atlas.at(Level::ward))
        if (with_row.count(w.code)) with_row.insert(w.parent);
    for (const Area& m : atlas.at(Level::municipality))
        if (!with_row.count(m.code)) report.without_row.push_back(m.code + " " + m.name);
    return report;
}

// Every area's simplified copy for low zooms (layers/area.h), and how much it saves.
void add_low_band(Atlas& atlas, std::ostream& log) {
    size_t full = 0, low = 0;
    int simplified = 0, areas = 0;
    auto add = [&](Area& a) {
        ++areas;
        a.wkb_low = simplified_wkb(a.wkb, low_band_tolerance());
        simplified += !a.wkb_low.empty();
        full += a.wkb.size();
        low += a.wkb_low.empty() ? a.wkb.size() : a.wkb_low.size();
    };
    for (Level level : kAllLevels)
        for (Area& a : atlas.at(level)) add(a);
    for (Area& a : atlas.merged) add(a);
    log << "low-zoom band (z0-" << kLowBandMaxZoom << ", " << low_band_tolerance() << " m): " << simplified << " of "
        << areas << " areas simplified, " << full / 1024 << " KiB -> " << low / 1024 << " KiB of geometry\n";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Atlas import_sources(const SourceFiles& files, std::ostream& log, const std::string& fingerprint) {
    const auto start = std::chrono::steady_clock::now();
    Atlas atlas;
    atlas.fingerprint = fingerprint.empty() ? input_fingerprint(files) : fingerprint;
    atlas.source_args = files.source_args;

    Boundaries b = load_boundaries(expand_boundary_paths(files.boundaries), files.boundary_options);
    log << "boundaries (" << files.boundary_options.describe() << "): " << b.report.sources << " sources, " << b.report.features << " features -> "
        << b.wards.size() << " wards/municipalities, " << b.municipalities.size() << " municipalities, "
        << b.prefectures.size() << " prefectures; " << b.report.invalid_repaired << " geometries repaired\n";
    for (const auto& m : b.report.merged_codes)
        log << "  merged as one area (--merge-duplicate-codes): " << m << '\n';
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
    log << with_missing_rows(atlas, import_census_xlsx(files.census_xlsx, known, atlas.stats)).summary() << '\n';
    log << with_missing_rows(atlas, import_ssdse_csv(files.ssdse_csv, known, atlas.stats)).summary() << '\n';
    const DatasetReport ipss = with_missing_rows(atlas, import_ipss_json(files.ipss_json, known, atlas.stats));
    log << ipss.summary() << '\n';
    for (const std::string& combined : ipss.combined) {
        auto area = merged_area(combined, atlas.at(Level::municipality), atlas.stats, "ipss:population");
        if (!area) {
            log << "  " << combined << " covers no municipality of these boundaries: not drawn\n";
            continue;
        }
        atlas.merged.push_back(std::move(*area));
        log << "  " << combined << " covers " << atlas.merged.back().members.size() << " municipalities\n";
    }
    for (const std::string& path : files.flow_csvs) {
        DatasetReport report;
        atlas.flows[flow_table_name(path)] = std::make_shared<const FlowTable>(read_flows(path, atlas, report));
        log << flow_table_name(path) << ": " << report.summary() << '\n';
    }
    add_low_band(atlas, log);
    log << "import took " << seconds_since(start) << " s\n";
    return atlas;
}

Atlas load_or_import(const SourceFiles& files, const std::string& store_path, std::ostream& log, bool force) {
    const auto start = std::chrono::steady_clock::now();
    // The store is derived data: a damaged one is set aside and rebuilt, never read.
    std::string damage = fs::exists(store_path) ? store_damage(store_path) : std::string();
    std::string wanted;
    try {
        wanted = input_fingerprint(files);
    } catch (const ImportError& e) {
        if (damage.empty()) throw;
        throw ImportError("store " + store_path + " is damaged (" + damage + ") and cannot be rebuilt: " + e.what());
    }
    if (!force && damage.empty() && read_store_fingerprint(store_path) == wanted) {
        try {
            Atlas atlas = read_store(store_path);
            log << "store " << store_path << " is current (" << wanted << "), read in " << seconds_since(start)
                << " s\n";
            return atlas;
        } catch (const ImportError& e) {
            damage = e.what();  // passed the check, yet a table does not read
        }
    }
    if (!damage.empty()) {
        const std::string aside = set_store_aside(store_path);
        log << "store " << store_path << " is damaged (" << damage << "): set aside as " << aside
            << ", rebuilding it from the raw inputs\n";
    } else {
        log << "importing into " << store_path << (force ? " (forced)" : " (inputs or code changed)") << '\n';
    }
    Atlas atlas;
    try {
        atlas = import_sources(files, log, wanted);
    } catch (const ImportError& e) {
        if (damage.empty()) throw;
        throw ImportError("store " + store_path + " was damaged (" + damage + ") and cannot be rebuilt: " + e.what());
    }
    write_store(store_path, atlas);
    log << "store written in " << seconds_since(start) << " s total\n";
    return atlas;
}

}  // namespace rxmap::data
