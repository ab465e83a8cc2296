#include "styles/layer_catalog.h"

#include <algorithm>

namespace rxmap::styles {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        const auto slash = path.find('/');
        parts.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return parts;
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.size() <= 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string Variant::key() const {
    if (flow) return definition->id + "/" + flow->key();
    return definition->id + "/" + std::to_string(year) + "/" + layers::level_name(level);
}

LayerCatalog::LayerCatalog(std::shared_ptr<const layers::Atlas> atlas, std::vector<LayerDefinition> definitions,
                           FacilityModels facilities)
    : atlas_(std::move(atlas)), definitions_(std::move(definitions)), facilities_(std::move(facilities)) {}

std::optional<Variant> LayerCatalog::resolve(std::string_view path) const {
    const auto parts = split_path(path);
    // The longest run of leading segments that names a layer (ids may contain '/').
    for (size_t n = parts.size(); n >= 1; --n) {
        std::string id(parts[0]);
        for (size_t i = 1; i < n; ++i) (id += '/') += parts[i];
        auto def = std::find_if(definitions_.begin(), definitions_.end(), [&](auto& d) {
            return d.id == id || std::find(d.aliases.begin(), d.aliases.end(), id) != d.aliases.end();
        });
        if (def == definitions_.end()) continue;
        Variant v{&*def, def->default_year, def->level, std::nullopt};
        if (def->kind == LayerDefinition::Kind::flow) {
            std::vector<std::string> rest(parts.begin() + n, parts.end());
            v.flow = parse_flow_query(rest, *atlas_);
            if (!v.flow) return std::nullopt;
            return v;
        }
        bool year_seen = false, level_seen = false;
        for (size_t i = n; i < parts.size(); ++i) {
            layers::Level level;
            if (!year_seen && !level_seen && all_digits(parts[i]) && def->has_year(std::stoi(std::string(parts[i])))) {
                v.year = std::stoi(std::string(parts[i]));
                year_seen = true;
            } else if (!level_seen && layers::parse_level(std::string(parts[i]), level) && def->offers(level)) {
                v.level = level;
                level_seen = true;
            } else {
                return std::nullopt;
            }
        }
        return v;
    }
    return std::nullopt;
}

const FlowSelection& LayerCatalog::flows(const Variant& v) const {
    const std::string key = v.key();
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = flow_selections_.find(key);
    if (it == flow_selections_.end()) {
        if (!v.flow || !v.definition->flows) throw std::invalid_argument(v.definition->id + " is not a flow layer");
        it = flow_selections_
                 .emplace(key, std::make_unique<FlowSelection>(select_flows(*v.definition->flows, *v.flow, *atlas_)))
                 .first;
    }
    return *it->second;
}

const Choropleth& LayerCatalog::choropleth(const Variant& v) const {
    const std::string key = v.definition->id + "/" + layers::level_name(v.level);
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = choropleths_.find(key);
    if (it == choropleths_.end())
        it = choropleths_.emplace(key, std::make_unique<Choropleth>(make_choropleth(*v.definition, v.level, *atlas_)))
                 .first;
    return *it->second;
}

}  // namespace rxmap::styles

#include <ostream>

#include "layers/manifest.h"
#include "styles/facility_layers.h"
#include "layers/regions.h"
#include "styles/layer_config.h"

namespace rxmap::styles {

namespace {

FacilityModels fit_facility_models(const layers::Atlas& atlas, const std::string& facts_dir) {
    FacilityModels m;
    const std::string references = facts_dir + "/facility_presence_reference.csv";
    m.all_japan = layers::fit_facilities(atlas.stats);
    for (auto& r : layers::reference_facilities(references)) m.all_japan.push_back(std::move(r));
    m.three_metro_prefectures = layers::three_metro_prefectures(facts_dir + "/regions.csv");
    m.outside_three_metro = layers::fit_facilities(atlas.stats, m.three_metro_prefectures);
    m.published = layers::read_reference_points(references);
    return m;
}

// Reads a flow layer's table, computes the anchors, and adds each prefecture's
// in, out and net totals to the atlas as "flows:<id>:in|out|net" so choropleths can use them.
// "raw:stats/x.csv" -> the file in the data folder (facts_dir's parent).
std::string raw_path(const std::string& path, const std::string& facts_dir) {
    return path.rfind("raw:", 0) == 0 ? facts_dir + "/../" + path.substr(4) : path;
}

std::shared_ptr<const FlowSource> load_flow_source(const LayerDefinition& d, const std::string& facts_dir,
                                                   layers::Atlas& atlas, std::ostream& log) {
    const std::string path = raw_path(d.flows_path, facts_dir);
    layers::DatasetReport report;
    auto source = std::make_shared<FlowSource>();
    source->flows = std::make_shared<const layers::FlowTable>(layers::read_flows(path, atlas, report));
    log << "layer " << d.id << ": " << report.summary() << '\n';
    source->prefecture_anchors = layers::prefecture_anchors(atlas);
    for (const auto& [code, r] : layers::read_regions(facts_dir + "/regions.csv"))
        if (r.tokyo_area) source->tokyo_area.insert(code);
    std::map<std::string, double> in, out;
    for (const auto& [od, count] : source->flows->counts) {
        out[od.first] += count;
        in[od.second] += count;
    }
    for (const auto& [code, _] : source->prefecture_anchors) {
        const std::string area = layers::prefecture_area_code(code);
        atlas.stats.set("flows:" + d.id + ":in", d.flows_year, area, in[code]);
        atlas.stats.set("flows:" + d.id + ":out", d.flows_year, area, out[code]);
        atlas.stats.set("flows:" + d.id + ":net", d.flows_year, area, in[code] - out[code]);
    }
    atlas.stats.describe({"flows:" + d.id + ":net", d.flows_path, "転入超過数（" + d.title_ja + "）"});
    return source;
}

}  // namespace

LayerSetup prepare_layers(const std::vector<std::string>& config_files, const layers::Manifest& manifest,
                          const std::string& facts_dir, layers::Atlas& atlas, std::ostream& log) {
    LayerSetup setup;
    setup.facilities = fit_facility_models(atlas, facts_dir);
    std::vector<std::vector<LayerDefinition>> sources;
    for (const std::string& file : config_files) sources.push_back(read_layer_config(file));
    sources.push_back(facility_layers(setup.facilities.all_japan));
    std::vector<LayerDefinition>& all = setup.definitions;
    // Datasets first: any layer, in any file, may use their indicators.
    for (auto& source : sources)
        for (LayerDefinition& d : source) {
            if (d.kind != LayerDefinition::Kind::dataset) continue;
            try {
                d.csv->path = raw_path(d.csv->path, facts_dir);
                log << "dataset " << d.id << ": " << layers::import_csv_indicator(*d.csv, atlas).summary() << '\n';
            } catch (const std::exception& e) {
                throw ConfigError(d.declared_at + ": dataset [" + d.id + "]: " + e.what());
            }
        }
    for (auto& source : sources) {
        source.erase(std::remove_if(source.begin(), source.end(),
                                    [](auto& d) { return d.kind == LayerDefinition::Kind::dataset; }),
                     source.end());
        for (LayerDefinition& d : source) {
            if (std::any_of(all.begin(), all.end(), [&](auto& other) { return other.id == d.id; }))
                throw ConfigError(d.declared_at + ": layer [" + d.id + "] is already declared");
            try {
                d.credits = manifest.credits(d.datasets);
                if (d.kind == LayerDefinition::Kind::flow) {
                    d.flows = load_flow_source(d, facts_dir, atlas, log);
                    all.push_back(std::move(d));
                    continue;
                }
                if (d.csv) d.csv->path = raw_path(d.csv->path, facts_dir);
                if (d.csv) log << "layer " << d.id << ": " << layers::import_csv_indicator(*d.csv, atlas).summary() << '\n';
                for (const auto& [year, ref] : d.value.numerator_by_year)
                    if (!atlas.stats.values(ref.indicator, year))
                        throw std::runtime_error("no statistics named " + ref.indicator + " in " + std::to_string(year));
                std::vector<layers::IndicatorRef> used = {d.value.numerator};
                if (d.value.minus) used.push_back(*d.value.minus);
                if (d.value.denominator) used.push_back(*d.value.denominator);
                used.insert(used.end(), d.value.denominator_plus.begin(), d.value.denominator_plus.end());
                used.insert(used.end(), d.value.categories.begin(), d.value.categories.end());
                for (const layers::IndicatorRef& ref : used)
                    if (atlas.stats.years(ref.indicator).empty())
                        throw std::runtime_error("no statistics named " + ref.indicator);
            } catch (const ConfigError&) {
                throw;
            } catch (const std::exception& e) {
                throw ConfigError(d.declared_at + ": layer [" + d.id + "]: " + e.what());
            }
            all.push_back(std::move(d));
        }
    }
    log << all.size() << " layers (" << setup.facilities.all_japan.size() << " facility models)\n";
    return setup;
}

}  // namespace rxmap::styles
