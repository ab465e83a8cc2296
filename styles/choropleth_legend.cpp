#include "styles/choropleth_legend.h"

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace rxmap::styles {

namespace {

// Categories that share a colour (industry-top gives the less common industries one grey, so that
// the map keeps no more colours than people tell apart) become one entry, 「その他」 / "Other",
// after the others and before the no-data entry (last); a note names them.
void group_shared_colours(Legend& legend) {
    if (legend.entries.empty()) return;
    std::map<std::string, std::vector<size_t>> by_colour;
    for (size_t i = 0; i + 1 < legend.entries.size(); ++i) by_colour[legend.entries[i].color].push_back(i);
    std::vector<LegendEntry> kept, grouped;
    for (size_t i = 0; i + 1 < legend.entries.size(); ++i) {
        const LegendEntry& e = legend.entries[i];
        const std::vector<size_t>& group = by_colour.at(e.color);
        if (group.size() < 2) {
            kept.push_back(e);
            continue;
        }
        if (group.front() != i) continue;
        std::string names_ja, names_en;
        for (size_t member : group) {
            names_ja += (names_ja.empty() ? "" : "、") + legend.entries[member].label_ja;
            names_en += (names_en.empty() ? "" : "; ") + legend.entries[member].label_en;
        }
        LegendEntry other = e;
        other.label_ja = "その他";
        other.label_en = "Other";
        grouped.push_back(other);
        legend.notes_ja.push_back("その他：" + names_ja);
        legend.notes_en.push_back("Other: " + names_en);
    }
    kept.insert(kept.end(), grouped.begin(), grouped.end());
    kept.push_back(legend.entries.back());
    legend.entries = std::move(kept);
}

}  // namespace

Legend choropleth_legend(const Choropleth& c, int year, bool every_class) {
    const catalog::LayerDefinition& d = c.definition;
    Legend legend;
    const bool yearly = d.years.size() > 1;
    legend.title_ja = d.title_ja + (yearly ? "（" + std::to_string(year) + "年）" : "");
    legend.title_en = d.title_en + (yearly ? " (" + std::to_string(year) + ")" : "");
    legend.unit = d.unit_ja;
    legend.entries = class_entries(c.edges, c.colors, d.decimals);
    for (size_t i = 0; i < c.patterns.size() && i + 1 < legend.entries.size(); ++i) legend.entries[i].pattern = c.patterns[i];
    for (size_t i = 0; i + 1 < legend.entries.size(); ++i) {  // the last entry is "no data"
        if (i < d.class_labels_ja.size()) legend.entries[i].label_ja = d.class_labels_ja[i];
        if (i < d.class_labels_en.size()) legend.entries[i].label_en = d.class_labels_en[i];
    }
    if (const auto& fit = d.value.presence) {
        const auto people = [](double v) { return class_labels({std::round(v), std::round(v)}, 0).front(); };
        if (fit->kind == "fitted") {
            legend.notes_ja.push_back("存在確率50%: 人口" + people(fit->p50_population) + "人、80%: " +
                                      people(fit->p80_population) + "人（" + std::to_string(fit->n) + "市町村で推定）");
            legend.notes_en.push_back("50 %: " + people(fit->p50_population) + " people, 80 %: " +
                                      people(fit->p80_population) + " (fitted on " + std::to_string(fit->n) + " municipalities)");
        } else {
            legend.notes_ja.push_back("公表値の50%: " + people(fit->p50_population) + "人、80%: " + people(fit->p80_population) + "人を通る曲線");
            legend.notes_en.push_back("Curve through the published 50 % (" + people(fit->p50_population) + ") and 80 % (" +
                                      people(fit->p80_population) + ") populations");
        }
    }
    // The rule that picks an area's category, or what a location quotient is computed from: needed to read the map.
    if (d.method == Method::categorical || d.value.relative_to_japan) {
        if (!d.description_ja.empty()) legend.notes_ja.push_back(d.description_ja);
        if (!d.description_en.empty()) legend.notes_en.push_back(d.description_en);
    }
    if (d.method == Method::categorical) {
        if (!every_class) {
            std::set<int> present;
            for (const auto& [code, _] : c.values.at(year)) present.insert(c.class_of_area(year, code));
            std::vector<LegendEntry> kept;
            for (size_t i = 0; i < legend.entries.size(); ++i)
                if (i + 1 == legend.entries.size() || present.count(static_cast<int>(i))) kept.push_back(legend.entries[i]);
            legend.entries = std::move(kept);
            group_shared_colours(legend);
        }
    }
    legend.credits = d.credits;
    return legend;
}

}  // namespace rxmap::styles
