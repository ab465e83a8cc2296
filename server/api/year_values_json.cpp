#include "server/api/year_values_json.h"

#include <stdexcept>

#include "common/json_text.h"
#include "common/number_text.h"
#include "styles/choropleth.h"
#include "styles/choropleth_legend.h"
#include "styles/palette.h"

namespace rxmap::server {

std::string year_values_json(const catalog::LayerCatalog& catalog, const catalog::Variant& v) {
    if (v.flow) throw std::invalid_argument("a flow layer has no values by area");
    using common::json_quote;
    const styles::Choropleth& c = styles::choropleth(catalog, v);
    auto list = [](const std::vector<std::string>& items) {
        std::string s = "[";
        for (const std::string& i : items) s += (s.size() > 1 ? ", " : "") + json_quote(i);
        return s + "]";
    };
    std::vector<std::string> labels;
    const auto legend = styles::choropleth_legend(c, v.year, true);
    for (std::size_t i = 0; i < c.colors.size() && i < legend.entries.size(); ++i)
        labels.push_back(legend.entries[i].label_ja);

    std::string s = "{\"variant\": " + json_quote(v.key()) + ", \"layer\": " + json_quote(v.definition->id) +
                    ", \"level\": " + json_quote(data::level_name(v.level)) + ", \"years\": [";
    bool first = true;
    for (const auto& [year, values] : c.values) {
        s += (first ? "" : ", ") + std::to_string(year);
        first = false;
    }
    s += "], \"colors\": " + list(c.colors) + ", \"no_data_color\": " + json_quote(styles::kNoDataColor) +
         ", \"class_labels\": " + list(labels) + ", \"values\": {";
    first = true;
    for (const auto& [year, values] : c.values) {
        s += std::string(first ? "" : ", ") + "\"" + std::to_string(year) + "\": {";
        first = false;
        bool first_area = true;
        for (const auto& [code, value] : values) {
            const int cls = c.class_of_area(year, code);
            if (cls < 0) continue;  // not finite: no data
            s += std::string(first_area ? "" : ", ") + json_quote(code) + ": [" +
                 common::significant_digits(value.value, 6) + ", " + std::to_string(cls) + "]";
            first_area = false;
        }
        s += "}";
    }
    return s + "}}\n";
}

}  // namespace rxmap::server
