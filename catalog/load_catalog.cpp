#include "catalog/load_catalog.h"

#include <algorithm>
#include <ostream>

#include "catalog/facility_layers.h"
#include "layers/regions.h"

namespace rxmap::catalog {

namespace {

// "raw:stats/x.csv" -> the file in the data folder (facts_dir's parent).
std::string raw_path(const std::string& path, const std::string& facts_dir) {
    return path.rfind("raw:", 0) == 0 ? facts_dir + "/../" + path.substr(4) : path;
}

data::DatasetReport import_csv(const LayerDefinition& d, const std::string& facts_dir, data::Atlas& atlas) {
    data::CsvIndicator csv = *d.csv;
    csv.path = raw_path(csv.path, facts_dir);
    return data::import_csv_indicator(csv, atlas);
}

FacilityModels fit_facility_models(const data::Atlas& atlas, const data::Regions& regions,
                                   const std::string& facts_dir) {
    FacilityModels m;
    const std::string references = facts_dir + "/facility_presence_reference.csv";
    m.all_japan = data::fit_facilities(atlas.stats);
    for (auto& r : data::reference_facilities(references)) m.all_japan.push_back(std::move(r));
    for (const auto& [code, r] : regions)
        if (r.three_metro_areas) m.three_metro_prefectures.insert(code);
    m.outside_three_metro = data::fit_facilities(atlas.stats, m.three_metro_prefectures);
    m.published = data::read_reference_points(references);
    return m;
}

// Reads a flow layer's table and adds each prefecture's in, out and net totals to the atlas as
// "flows:<id>:in|out|net" so that choropleths can use them.
std::shared_ptr<const FlowSource> load_flow_source(const LayerDefinition& d, const std::string& facts_dir,
                                                   const std::map<std::string, data::Anchor>& anchors,
                                                   const std::set<std::string>& tokyo_area, data::Atlas& atlas,
                                                   std::ostream& log) {
    auto source = std::make_shared<FlowSource>();
    // A table of raw/flows/ came with the import (and so from the database with --db); another file is read here.
    const auto imported = atlas.flows.find(d.flows_path);
    if (imported != atlas.flows.end()) {
        source->flows = imported->second;
        log << "layer " << d.id << ": " << imported->second->counts.size() << " flows from the import\n";
    } else {
        data::DatasetReport report;
        source->flows =
            std::make_shared<const data::FlowTable>(data::read_flows(raw_path(d.flows_path, facts_dir), atlas, report));
        log << "layer " << d.id << ": " << report.summary() << '\n';
    }
    source->prefecture_anchors = anchors;
    source->tokyo_area = tokyo_area;
    std::map<std::string, double> in, out;
    for (const auto& [od, count] : source->flows->counts) {
        out[od.first] += count;
        in[od.second] += count;
    }
    for (const auto& [code, _] : anchors) {
        const std::string area = data::prefecture_area_code(code);
        atlas.stats.set("flows:" + d.id + ":in", d.flows_year, area, in[code]);
        atlas.stats.set("flows:" + d.id + ":out", d.flows_year, area, out[code]);
        atlas.stats.set("flows:" + d.id + ":net", d.flows_year, area, in[code] - out[code]);
    }
    atlas.stats.describe({"flows:" + d.id + ":net", d.flows_path, "転入超過数（" + d.title_ja + "）"});
    return source;
}

// Every statistic a layer's value uses exists (in each year the layer reads it from).
void check_statistics(const LayerDefinition& d, const data::Atlas& atlas) {
    for (const auto& [year, ref] : d.value.numerator_by_year)
        if (!atlas.stats.values(ref.indicator, year))
            throw std::runtime_error("no statistics named " + ref.indicator + " in " + std::to_string(year));
    std::vector<data::IndicatorRef> used = {d.value.numerator};
    if (d.value.minus) used.push_back(*d.value.minus);
    if (d.value.denominator) used.push_back(*d.value.denominator);
    used.insert(used.end(), d.value.denominator_plus.begin(), d.value.denominator_plus.end());
    used.insert(used.end(), d.value.categories.begin(), d.value.categories.end());
    for (const data::IndicatorRef& ref : used)
        if (atlas.stats.years(ref.indicator).empty()) throw std::runtime_error("no statistics named " + ref.indicator);
}

}  // namespace

std::shared_ptr<const LayerCatalog> load_catalog(data::Atlas atlas, const CatalogSources& in,
                                                 const data::Manifest& manifest, std::ostream& log) {
    const data::Regions regions = data::read_regions(in.facts_dir + "/regions.csv");
    FacilityModels facilities = fit_facility_models(atlas, regions, in.facts_dir);
    std::vector<std::vector<LayerDefinition>> sources;
    for (const std::string& file : in.layer_files) sources.push_back(read_layer_config(file, in.palettes));
    sources.push_back(facility_layers(facilities.all_japan));
    // Datasets first: any layer, in any file, may use their indicators.
    for (const auto& source : sources)
        for (const LayerDefinition& d : source) {
            if (d.kind != LayerDefinition::Kind::dataset) continue;
            try {
                log << "dataset " << d.id << ": " << import_csv(d, in.facts_dir, atlas).summary() << '\n';
            } catch (const std::exception& e) {
                throw ConfigError(d.declared_at + ": dataset [" + d.id + "]: " + e.what());
            }
        }
    const auto anchors = data::prefecture_anchors(atlas);
    std::set<std::string> tokyo_area;
    for (const auto& [code, r] : regions)
        if (r.tokyo_area) tokyo_area.insert(code);
    std::vector<LayerDefinition> all;
    std::map<std::string, std::shared_ptr<const FlowSource>> flows;
    for (auto& source : sources)
        for (LayerDefinition& d : source) {
            if (d.kind == LayerDefinition::Kind::dataset) continue;
            if (std::any_of(all.begin(), all.end(), [&](auto& other) { return other.id == d.id; }))
                throw ConfigError(d.declared_at + ": layer [" + d.id + "] is already declared");
            try {
                d.credits = manifest.credits(d.datasets);
                if (d.kind == LayerDefinition::Kind::flow) {
                    flows[d.id] = load_flow_source(d, in.facts_dir, anchors, tokyo_area, atlas, log);
                } else {
                    if (d.csv) log << "layer " << d.id << ": " << import_csv(d, in.facts_dir, atlas).summary() << '\n';
                    check_statistics(d, atlas);
                }
            } catch (const ConfigError&) {
                throw;
            } catch (const std::exception& e) {
                throw ConfigError(d.declared_at + ": layer [" + d.id + "]: " + e.what());
            }
            all.push_back(std::move(d));
        }
    log << all.size() << " layers (" << facilities.all_japan.size() << " facility models)\n";
    return std::make_shared<const LayerCatalog>(std::make_shared<const data::Atlas>(std::move(atlas)),
                                                std::move(all), std::move(flows), std::move(facilities));
}

}  // namespace rxmap::catalog
