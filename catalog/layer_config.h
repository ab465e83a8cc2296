#pragma once
// The layer configuration file: one [section] per layer, `key = value` lines,
// `#` comments (a # that starts a line, or follows and precedes white space; "#ff0000" is a value). Unknown keys, bad values and missing required keys are errors
// that name the file, the line and the problem.
//
//   [population-change]
//   title_ja = 人口増減率（2020年比）
//   title_en = Population change since 2020
//   unit_ja = %
//   value = ipss:population          # numerator: dataset:indicator[@year]
//   value_by_year = 2015: census:population   # optional: years whose value comes from another source
//   minus = ...                      # optional: value - minus (e.g. in-migrants - out-migrants)
//   per = ...                        # optional denominator
//   multiplier = 100
//   change_from = 2020
//   years = 2020-2050/5              # or 2020,2025
//   level = ward
//   levels = ward, municipality, prefecture, bloc, meti
//   classification = quantile        # quantile | equal-interval | jenks | manual (with breaks = …)
//   classes = 7
//   palette = RdBu
//   center = 0
//   decimals = 1                     # digits a reader sees (pop-ups, tables, legends, CSV); default 0
//   higher_is = better               # better | worse | neither (default): what a high value means
//   rank_scopes = prefecture, japan  # optional: the ranks offered (default prefecture, peers, japan)
//   merged_areas = yes
//   credits = n03, ipss2023_projections
//   how_to_read_ja = 青は増加、赤は減少。…   # the explanation the viewer shows (and GET /layers "guide"),
//   how_to_read_en = Blue: growing; …        #   each in _ja and _en, all optional (the viewer falls back
//   purpose_ja = …                            #   to description): how to read the map, what it is for,
//   source_ja = …                             #   where the numbers come from (source_*), and
//   caveats_ja = …                            #   what to be careful about (caveats_*)
//
//   per = ssdse:F1102 + ssdse:F1107  # a denominator may be a sum
//
//   [industry-lq]                    # one layer per row of a CSV table: industry-lq/<row id>
//   each = industries.csv            # columns: id, then any; "{column}" in titles, descriptions,
//   title_ja = {name_ja}の特化係数   # units and indicators takes the row's cell
//   value = ssdse:{code}
//
//   [industry-top]                   # categorical: each area's category (a row of the table)
//   categories = industries.csv      # with the highest value among those at least min_share % of per;
//   value = ssdse:{code}             # columns name_ja, name_en (the legend), color (optional, else
//   per = ssdse:C2208                # the palette: a qualitative one such as Set3)
//   relative_to_japan = yes
//   min_share = 5
//
//   [ssdse-a-2026]                   # a dataset: no layer; its columns are indicators ssdse-a-2026:<column>
//   kind = dataset
//   csv = raw:stats/SSDSE-A-2026.csv # raw: = in the data folder; else relative to this file
//   csv_encoding = CP932             # default UTF-8
//   csv_header_rows = 3              # rows above the data; the first names the columns
//   csv_year_row = 2                 # each column's year from this header row (or csv_year = 2024)
//   csv_key = SSDSE-A-2026           # codes 01100, 011002, R01100, 01100_札幌市, or prefecture names
//   csv_value = *                    # every other column (or one column's name)
//   credits = ssdse_a_2026
//
//   [migration]                      # a flow layer: lines between prefecture anchors
//   kind = flow
//   flows = raw:flows/prefecture_migration_2025.csv   # 47x47 matrix or origin,destination,count
//   flows_year = 2025
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalog/layer_definition.h"

namespace rxmap::catalog {

struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The colour schemes a declaration may name and how many classes each has colours for. The styling
// knows them (styles::palette_rules(), styles/palette.h); the catalogue sits below it and is told.
struct PaletteRules {
    std::function<bool(const std::string& name)> exists;
    std::function<int(const std::string& name)> max_classes;
};

std::vector<LayerDefinition> parse_layer_config(const std::string& text, const std::string& file_name,
                                                const PaletteRules& palettes);
std::vector<LayerDefinition> read_layer_config(const std::string& path, const PaletteRules& palettes);

}  // namespace rxmap::catalog
