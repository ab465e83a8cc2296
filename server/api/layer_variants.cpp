#include "server/api/layer_variants.h"

#include <set>

namespace rxmap::server {
namespace {

// The part of the key after the layer id ("2020/ward"), or "".
std::string dimensions(const catalog::Variant& v) {
    const std::string key = v.key();
    const std::string& id = v.definition->id;
    return key.size() > id.size() + 1 ? key.substr(id.size() + 1) : std::string();
}

bool is_year_and_level(const catalog::Variant& v, const std::string& dims) {
    return dims == std::to_string(v.year) + "/" + data::level_name(v.level);
}

}  // namespace

std::vector<catalog::Variant> all_variants(const catalog::LayerCatalog& catalog) {
    std::vector<catalog::Variant> out;
    std::set<std::string> seen;
    auto add = [&](const std::string& path) {
        const auto v = catalog.resolve(path);
        if (v && seen.insert(v->key()).second) out.push_back(*v);
    };
    for (const auto& d : catalog.definitions()) {
        add(d.id);
        for (int year : d.years)
            for (data::Level level : d.levels) add(d.id + "/" + std::to_string(year) + "/" + data::level_name(level));
    }
    return out;
}

std::string variant_title_ja(const catalog::Variant& v) {
    const std::string dims = dimensions(v);
    if (dims.empty()) return v.definition->title_ja;
    if (is_year_and_level(v, dims))
        return v.definition->title_ja + " " + std::to_string(v.year) + "年 " + data::level_name_ja(v.level);
    return v.definition->title_ja + " (" + dims + ")";
}

std::string variant_title_en(const catalog::Variant& v) {
    const std::string& title = v.definition->title_en.empty() ? v.definition->title_ja : v.definition->title_en;
    const std::string dims = dimensions(v);
    if (dims.empty()) return title;
    if (is_year_and_level(v, dims)) return title + " " + std::to_string(v.year) + " " + data::level_name(v.level);
    return title + " (" + dims + ")";
}

std::string variant_identifier(const catalog::Variant& v) {
    std::string id = v.key();
    for (char& c : id)
        if (c == '/') c = '.';
    return id;
}

}  // namespace rxmap::server
