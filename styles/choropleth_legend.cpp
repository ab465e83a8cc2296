#include "styles/choropleth_legend.h"

namespace rxmap::styles {

Legend choropleth_legend(const Choropleth& c, int year) {
    const LayerDefinition& d = c.definition;
    Legend legend;
    const bool yearly = d.years.size() > 1;
    legend.title_ja = d.title_ja + (yearly ? "（" + std::to_string(year) + "年）" : "");
    legend.title_en = d.title_en + (yearly ? " (" + std::to_string(year) + ")" : "");
    legend.unit = d.unit_ja;
    legend.entries = class_entries(c.edges, c.colors, d.decimals);
    for (size_t i = 0; i + 1 < legend.entries.size(); ++i) {  // the last entry is "no data"
        if (i < d.class_labels_ja.size()) legend.entries[i].label_ja = d.class_labels_ja[i];
        if (i < d.class_labels_en.size()) legend.entries[i].label_en = d.class_labels_en[i];
    }
    legend.credits = d.credits;
    return legend;
}

}  // namespace rxmap::styles
