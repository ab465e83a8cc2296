#include "catalog/layer_catalog.h"

#include <algorithm>
#include <stdexcept>

namespace rxmap::catalog {

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
    return definition->id + "/" + std::to_string(year) + "/" + data::level_name(level);
}

LayerCatalog::LayerCatalog(std::shared_ptr<const data::Atlas> atlas, std::vector<LayerDefinition> definitions,
                           std::map<std::string, std::shared_ptr<const FlowSource>> flows, FacilityModels facilities)
    : atlas_(std::move(atlas)),
      definitions_(std::move(definitions)),
      flows_(std::move(flows)),
      facilities_(std::move(facilities)) {}

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
            data::Level level;
            if (!year_seen && !level_seen && all_digits(parts[i]) && def->has_year(std::stoi(std::string(parts[i])))) {
                v.year = std::stoi(std::string(parts[i]));
                year_seen = true;
            } else if (!level_seen && data::parse_level(std::string(parts[i]), level) && def->offers(level)) {
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

const FlowSource& LayerCatalog::flow_source(const LayerDefinition& d) const {
    auto it = flows_.find(d.id);
    if (it == flows_.end()) throw std::invalid_argument(d.id + " is not a flow layer");
    return *it->second;
}

}  // namespace rxmap::catalog
