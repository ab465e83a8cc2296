#include "queries/flow_info.h"

#include <algorithm>

namespace rxmap::queries {

FlowInfo flow_info(const catalog::LayerCatalog& catalog, const catalog::Variant& v, const data::Area& pref) {
    const data::FlowTable& flows = *catalog.flow_source(*v.definition).flows;
    std::vector<std::pair<double, std::string>> in, out;
    FlowInfo info;
    info.prefecture = &pref;
    for (const auto& [od, count] : flows.counts) {
        if (od.second == pref.pref_code) {
            in.emplace_back(count, od.first);
            info.in_total += count;
        } else if (od.first == pref.pref_code) {
            out.emplace_back(count, od.second);
            info.out_total += count;
        }
    }
    auto top = [&](std::vector<std::pair<double, std::string>>& list) {
        std::sort(list.rbegin(), list.rend());
        std::vector<FlowCount> five;
        for (size_t i = 0; i < list.size() && i < 5; ++i) {
            const data::Area* other = catalog.atlas().find(data::Level::prefecture, data::prefecture_area_code(list[i].second));
            five.push_back({other ? other->name : list[i].second, list[i].first});
        }
        return five;
    };
    info.top_in = top(in);
    info.top_out = top(out);
    return info;
}

}  // namespace rxmap::queries
