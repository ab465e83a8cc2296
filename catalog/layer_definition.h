#pragma once
// What a layer shows and how it is classified and coloured: configuration only, as declared in
// a configuration file (see layer_config.h) or generated (facility_layers.h). What a layer loads
// (its CSV's statistics, its flows) the catalogue owns (layer_catalog.h, load_catalog.h).
#include <optional>
#include <string>
#include <vector>

#include "layers/area.h"
#include "layers/csv_indicator.h"
#include "layers/indicator_values.h"
#include "catalog/class_method.h"

namespace rxmap::catalog {

struct LayerDefinition {
    // dataset: no layer, a statistics table whose columns become indicators "<id>:<column>" (imported
    // before the layers, which use them like any other indicator).
    enum class Kind { choropleth, flow, dataset };
    Kind kind = Kind::choropleth;
    std::string id;  // tile address prefix: "population-change"
    std::string title_ja, title_en, description_ja, description_en, unit_ja, unit_en;
    // The layer's explanation for readers (GET /layers "guide", the viewer's panel): how to read
    // the map, what it is for, where the numbers come from, what to be careful about.
    struct Guide {
        std::string how_to_read_ja, how_to_read_en, purpose_ja, purpose_en;
        std::string source_ja, source_en, caveats_ja, caveats_en;
    } guide;
    // Other addresses of the same layer (facility layers: "facility-probability/一般病院").
    std::vector<std::string> aliases;
    data::ValueSpec value;
    std::optional<data::CsvIndicator> csv;  // the layer's own data (or the dataset), imported by load_catalog
    // Flow layers: the origin-destination table ("raw:" paths are relative to the data folder).
    std::string flows_path;
    int flows_year = 0;
    std::vector<int> years;  // the year dimension; one entry = no year in the address needed
    int default_year = 0;
    data::Level level = data::Level::ward;  // finest level
    std::vector<data::Level> levels;          // every level offered (level first)
    Method method = Method::quantile;
    int classes = 7;
    std::vector<double> manual_edges;
    std::string palette = "YlOrRd";
    std::optional<double> center;          // diverging palettes: the neutral value (0 for change)
    std::vector<std::string> datasets;     // manifest id prefixes whose credit lines the layer carries
    std::vector<std::string> credits;      // the manifest's credit lines for `datasets`, set by load_catalog
    int decimals = -1;                     // digits a reader sees (labels, pop-ups, CSV); -1 = automatic
    std::string higher_is = "neither";     // "better" | "worse" | "neither": what a high value means (ranks say it)
    std::vector<std::string> rank_scopes;  // /api/rank's within= that mean something; empty = default (value_reading.h)
    std::vector<std::string> class_labels_ja, class_labels_en;  // replace the numeric class labels when set
    std::vector<std::string> class_colors;  // replace the palette when set (one per class)
    // Per class, a pattern drawn over its colour: "" or "hatch" (styles/hatch.h); missing = none.
    std::vector<std::string> class_patterns;
    int minzoom = 0, maxzoom = 14;
    std::string declared_at;               // "styles/layers.conf:12"
    // Parsing only: `each` expands the declaration into one layer per table row; `categories` makes
    // a categorical layer of the rows (see layer_config.h).
    std::string each_table, categories_table;
    // Expanded by `each`: the declaration's id ("industry-lq"), the row's id ("ict") and its
    // name_ja/name_en cells when the table has them, so that clients can offer one choice per family.
    struct FamilyMember {
        std::string family, member, name_ja, name_en;
    };
    std::optional<FamilyMember> family;

    bool has_year(int y) const;
    bool offers(data::Level l) const;
};

}  // namespace rxmap::catalog
