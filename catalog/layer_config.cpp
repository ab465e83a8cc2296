#include "catalog/layer_config.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "catalog/config_text.h"
#include "layers/csv_table.h"

namespace rxmap::catalog {

namespace {

struct Parser {
    std::string file;
    const PaletteRules& palettes;
    int line = 0;

    // Paths in a configuration file are relative to the file.
    std::string relative_path(const std::string& v) const {
        const auto slash = file.find_last_of('/');
        if (v.empty() || v.front() == '/' || slash == std::string::npos) return v;
        return file.substr(0, slash + 1) + v;
    }

    [[noreturn]] void fail(const std::string& problem) const {
        throw ConfigError(file + ":" + std::to_string(line) + ": " + problem);
    }
    int integer(const std::string& key, const std::string& v, int lo, int hi) const {
        try {
            size_t used = 0;
            const int n = std::stoi(v, &used);
            if (used == v.size() && n >= lo && n <= hi) return n;
        } catch (const std::exception&) {
        }
        fail(key + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", not '" +
             v + "'");
    }
    double number(const std::string& key, const std::string& v) const {
        try {
            size_t used = 0;
            const double d = std::stod(v, &used);
            if (used == v.size()) return d;
        } catch (const std::exception&) {
        }
        fail(key + " must be a number, not '" + v + "'");
    }
    bool boolean(const std::string& key, const std::string& v) const {
        if (v == "yes" || v == "true" || v == "1") return true;
        if (v == "no" || v == "false" || v == "0") return false;
        fail(key + " must be yes or no, not '" + v + "'");
    }
    data::Level level(const std::string& v) const {
        data::Level l;
        if (!data::parse_level(v, l)) fail("unknown level '" + v + "' (ward, municipality, prefecture, bloc, meti)");
        return l;
    }
    data::IndicatorRef indicator(const std::string& v) const {
        try {
            return data::parse_indicator_ref(v);
        } catch (const std::exception& e) {
            fail(e.what());
        }
    }
    // "2020-2050/5", "2020, 2025" or both: "2015, 2020-2050/5"
    std::vector<int> years(const std::string& v) const {
        std::vector<int> out;
        for (const auto& item : split_list(v)) {
            const auto dash = item.find('-');
            if (dash == std::string::npos) {
                out.push_back(integer("years", item, 1900, 2200));
                continue;
            }
            const auto slash = item.find('/');
            const int from = integer("years", trim(item.substr(0, dash)), 1900, 2200);
            const int to = integer("years", trim(item.substr(dash + 1, slash - dash - 1)), from, 2200);
            const int step = slash == std::string::npos ? 1 : integer("years", trim(item.substr(slash + 1)), 1, 100);
            for (int y = from; y <= to; y += step) out.push_back(y);
        }
        return out;
    }
};

using TableRow = std::map<std::string, std::string>;

// The table of `each` or `categories`: a UTF-8 CSV with a header row; cells may be quoted.
std::vector<TableRow> read_table(const Parser& p, const std::string& path) {
    std::ifstream in(path);
    if (!in) p.fail("cannot open the table " + path);
    std::vector<std::string> header;
    std::vector<TableRow> rows;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty()) continue;
        const std::vector<std::string> cells = data::split_csv_line(line);
        if (header.empty()) {
            for (const std::string& c : cells) header.push_back(trim(c));
            continue;
        }
        if (cells.size() != header.size())
            p.fail(path + ": row " + std::to_string(rows.size() + 1) + " has " + std::to_string(cells.size()) +
                   " cells, the header " + std::to_string(header.size()));
        TableRow row;
        for (size_t i = 0; i < header.size(); ++i) row[header[i]] = trim(cells[i]);
        rows.push_back(std::move(row));
    }
    if (rows.empty()) p.fail(path + " has no rows");
    return rows;
}

std::string cell(const Parser& p, const TableRow& row, const std::string& column) {
    auto it = row.find(column);
    if (it == row.end() || it->second.empty()) p.fail("the table has no " + column + " column (or an empty cell)");
    return it->second;
}

// Every "{column}" in text replaced by the row's cell.
std::string fill(const Parser& p, std::string text, const TableRow& row) {
    for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open)) {
        const size_t close = text.find('}', open);
        if (close == std::string::npos) p.fail("unclosed { in '" + text + "'");
        const std::string value = cell(p, row, text.substr(open + 1, close - open - 1));
        text.replace(open, close - open + 1, value);
        open += value.size();
    }
    return text;
}

data::IndicatorRef fill(const Parser& p, data::IndicatorRef ref, const TableRow& row) {
    ref.indicator = fill(p, ref.indicator, row);
    return ref;
}

// categories = table: one category per row, its numerator the layer's value with the row filled in.
void read_categories(const Parser& p, LayerDefinition& d) {
    if (!d.value.denominator) p.fail("layer [" + d.id + "] has categories but no per = (the total the shares are of)");
    for (const TableRow& row : read_table(p, d.categories_table)) {
        d.value.categories.push_back(fill(p, d.value.numerator, row));
        d.class_labels_ja.push_back(cell(p, row, "name_ja"));
        d.class_labels_en.push_back(cell(p, row, "name_en"));
        if (row.count("color")) d.class_colors.push_back(cell(p, row, "color"));
    }
    d.value.numerator = d.value.categories.front();
    d.method = Method::categorical;
    d.manual_edges = category_edges(static_cast<int>(d.value.categories.size()));
    const int n = static_cast<int>(d.value.categories.size());
    if (d.class_colors.empty() && n > p.palettes.max_classes(d.palette))
        p.fail("palette " + d.palette + " has " + std::to_string(p.palettes.max_classes(d.palette)) + " colours for " +
               std::to_string(n) + " categories: add a color column to the table");
}

// each = table: the declaration stands for one layer per row, "<id>/<row id>", with every
// "{column}" in its titles, descriptions, units, guide texts and indicators filled from the row.
std::vector<LayerDefinition> expand_each(const Parser& p, const LayerDefinition& d) {
    std::vector<LayerDefinition> out;
    std::set<std::string> ids;
    for (const TableRow& row : read_table(p, d.each_table)) {
        LayerDefinition e = d;
        const std::string id = cell(p, row, "id");
        if (id.find_first_of(" ./?#%") != std::string::npos || !ids.insert(id).second)
            p.fail(d.each_table + ": id '" + id + "' is repeated or has spaces, dots, slashes or ?#%");
        e.id = d.id + "/" + id;
        const auto name = [&](const char* column) { return row.count(column) ? row.at(column) : id; };
        e.family = LayerDefinition::FamilyMember{d.id, id, name("name_ja"), name("name_en")};
        auto& g = e.guide;
        for (std::string* text : {&e.title_ja, &e.title_en, &e.description_ja, &e.description_en, &e.unit_ja, &e.unit_en,
                                  &g.how_to_read_ja, &g.how_to_read_en, &g.purpose_ja, &g.purpose_en, &g.source_ja,
                                  &g.source_en, &g.caveats_ja, &g.caveats_en})
            *text = fill(p, *text, row);
        e.value.numerator = fill(p, e.value.numerator, row);
        if (e.value.minus) e.value.minus = fill(p, *e.value.minus, row);
        if (e.value.denominator) e.value.denominator = fill(p, *e.value.denominator, row);
        for (auto& plus : e.value.denominator_plus) plus = fill(p, plus, row);
        out.push_back(std::move(e));
    }
    return out;
}

data::CsvIndicator& csv_of(LayerDefinition& d) {
    if (!d.csv) d.csv = data::CsvIndicator{};
    return *d.csv;
}

using Setter = std::function<void(const Parser&, LayerDefinition&, const std::string&)>;

const std::map<std::string, Setter>& setters() {
    static const std::map<std::string, Setter> all = {
        {"title_ja", [](auto&, auto& d, auto& v) { d.title_ja = v; }},
        {"title_en", [](auto&, auto& d, auto& v) { d.title_en = v; }},
        {"description_ja", [](auto&, auto& d, auto& v) { d.description_ja = v; }},
        {"description_en", [](auto&, auto& d, auto& v) { d.description_en = v; }},
        {"how_to_read_ja", [](auto&, auto& d, auto& v) { d.guide.how_to_read_ja = v; }},
        {"how_to_read_en", [](auto&, auto& d, auto& v) { d.guide.how_to_read_en = v; }},
        {"purpose_ja", [](auto&, auto& d, auto& v) { d.guide.purpose_ja = v; }},
        {"purpose_en", [](auto&, auto& d, auto& v) { d.guide.purpose_en = v; }},
        {"source_ja", [](auto&, auto& d, auto& v) { d.guide.source_ja = v; }},
        {"source_en", [](auto&, auto& d, auto& v) { d.guide.source_en = v; }},
        {"caveats_ja", [](auto&, auto& d, auto& v) { d.guide.caveats_ja = v; }},
        {"caveats_en", [](auto&, auto& d, auto& v) { d.guide.caveats_en = v; }},
        {"unit_ja", [](auto&, auto& d, auto& v) { d.unit_ja = v; }},
        {"unit_en", [](auto&, auto& d, auto& v) { d.unit_en = v; }},
        {"value", [](auto& p, auto& d, auto& v) { d.value.numerator = p.indicator(v); }},
        {"value_by_year",  // "2015: census:population, 2020: census:population"
         [](auto& p, auto& d, auto& v) {
             for (const auto& item : split_list(v)) {
                 const auto colon = item.find(':');
                 const std::string year = trim(item.substr(0, colon));
                 if (colon == std::string::npos || year.find_first_not_of("0123456789") != std::string::npos)
                     p.fail("value_by_year needs year: indicator, not '" + item + "'");
                 const int y = p.integer("value_by_year", year, 1900, 2200);
                 d.value.numerator_by_year[y] = p.indicator(trim(item.substr(colon + 1)));
             }
         }},
        {"per",
         [](auto& p, auto& d, auto& v) {  // "a" or a sum "a + b + c"
             d.value.denominator.reset();
             d.value.denominator_plus.clear();
             for (const auto& term : split_list(replace_all(v, "+", ","))) {
                 if (d.value.denominator)
                     d.value.denominator_plus.push_back(p.indicator(term));
                 else
                     d.value.denominator = p.indicator(term);
             }
         }},
        {"each", [](auto& p, auto& d, auto& v) { d.each_table = p.relative_path(v); }},
        {"categories", [](auto& p, auto& d, auto& v) { d.categories_table = p.relative_path(v); }},
        {"min_share", [](auto& p, auto& d, auto& v) { d.value.min_share = p.number("min_share", v); }},
        // Words for manual classes where numbers read badly ("4 以上" for an open top class).
        {"labels_ja", [](auto&, auto& d, auto& v) { d.class_labels_ja = split_list(v); }},
        {"labels_en", [](auto&, auto& d, auto& v) { d.class_labels_en = split_list(v); }},
        {"minus", [](auto& p, auto& d, auto& v) { d.value.minus = p.indicator(v); }},
        {"multiplier", [](auto& p, auto& d, auto& v) { d.value.multiplier = p.number("multiplier", v); }},
        {"change_from", [](auto& p, auto& d, auto& v) { d.value.change_from = p.integer("change_from", v, 1900, 2200); }},
        {"kind",
         [](auto& p, auto& d, auto& v) {
             if (v == "flow") d.kind = LayerDefinition::Kind::flow;
             else if (v == "dataset") d.kind = LayerDefinition::Kind::dataset;
             else if (v != "choropleth") p.fail("kind must be choropleth, flow or dataset, not '" + v + "'");
         }},
        {"flows", [](auto& p, auto& d, auto& v) { d.flows_path = v.rfind("raw:", 0) == 0 ? v : p.relative_path(v); }},
        {"flows_year", [](auto& p, auto& d, auto& v) { d.flows_year = p.integer("flows_year", v, 1900, 2200); }},
        {"relative_to_japan", [](auto& p, auto& d, auto& v) { d.value.relative_to_japan = p.boolean("relative_to_japan", v); }},
        {"aggregate", [](auto& p, auto& d, auto& v) { d.value.aggregate = p.boolean("aggregate", v); }},
        {"csv", [](auto& p, auto& d, auto& v) { csv_of(d).path = v.rfind("raw:", 0) == 0 ? v : p.relative_path(v); }},
        {"csv_encoding", [](auto&, auto& d, auto& v) { csv_of(d).encoding = v; }},
        {"csv_header_rows", [](auto& p, auto& d, auto& v) { csv_of(d).header_rows = p.integer("csv_header_rows", v, 1, 20); }},
        {"csv_year_row", [](auto& p, auto& d, auto& v) { csv_of(d).year_row = p.integer("csv_year_row", v, 2, 20); }},
        {"csv_key", [](auto&, auto& d, auto& v) { csv_of(d).key_column = v; }},
        {"csv_value", [](auto&, auto& d, auto& v) { csv_of(d).value_column = v; }},
        {"csv_year", [](auto& p, auto& d, auto& v) { csv_of(d).year = p.integer("csv_year", v, 1900, 2200); }},
        {"merged_areas", [](auto& p, auto& d, auto& v) { d.value.merged_areas = p.boolean("merged_areas", v); }},
        {"years", [](auto& p, auto& d, auto& v) { d.years = p.years(v); }},
        {"default_year", [](auto& p, auto& d, auto& v) { d.default_year = p.integer("default_year", v, 1900, 2200); }},
        {"level", [](auto& p, auto& d, auto& v) { d.level = p.level(v); }},
        {"levels",
         [](auto& p, auto& d, auto& v) {
             d.levels.clear();
             for (const auto& l : split_list(v)) d.levels.push_back(p.level(l));
         }},
        {"classification",
         [](auto& p, auto& d, auto& v) {
             if (!parse_method(v, d.method)) p.fail("unknown classification '" + v + "' (quantile, equal-interval, jenks, manual)");
         }},
        {"classes", [](auto& p, auto& d, auto& v) { d.classes = p.integer("classes", v, 3, 9); }},
        {"breaks",
         [](auto& p, auto& d, auto& v) {
             d.manual_edges.clear();
             for (const auto& b : split_list(v)) d.manual_edges.push_back(p.number("breaks", b));
             if (d.manual_edges.size() < 2 || !std::is_sorted(d.manual_edges.begin(), d.manual_edges.end()))
                 p.fail("breaks must be at least two ascending numbers");
         }},
        {"palette",
         [](auto& p, auto& d, auto& v) {
             if (!p.palettes.exists(v)) p.fail("unknown palette '" + v + "'");
             d.palette = v;
         }},
        {"colors",
         [](auto& p, auto& d, auto& v) {
             d.class_colors = split_list(v);
             for (const auto& c : d.class_colors)
                 if (c.size() != 7 || c[0] != '#') p.fail("colors must be #rrggbb values, not '" + c + "'");
         }},
        {"center", [](auto& p, auto& d, auto& v) { d.center = p.number("center", v); }},
        {"decimals", [](auto& p, auto& d, auto& v) { d.decimals = p.integer("decimals", v, 0, 6); }},
        {"higher_is", [](auto& p, auto& d, auto& v) {
             if (v != "better" && v != "worse" && v != "neither") p.fail("higher_is must be better, worse or neither");
             d.higher_is = v; }},
        {"rank_scopes", [](auto&, auto& d, auto& v) { d.rank_scopes = split_list(v); }},
        {"credits", [](auto&, auto& d, auto& v) { d.datasets = split_list(v); }},
        {"minzoom", [](auto& p, auto& d, auto& v) { d.minzoom = p.integer("minzoom", v, 0, 22); }},
        {"maxzoom", [](auto& p, auto& d, auto& v) { d.maxzoom = p.integer("maxzoom", v, 0, 22); }},
    };
    return all;
}

void finish(const Parser& p, LayerDefinition& d) {
    if (d.kind == LayerDefinition::Kind::dataset) {
        if (!d.csv || d.csv->path.empty()) p.fail("dataset [" + d.id + "] needs csv = <file>");
        if (d.csv->year_row > d.csv->header_rows) p.fail("csv_year_row is below the header rows");
        if (!d.csv->year_row && !d.csv->year) p.fail("dataset [" + d.id + "] needs csv_year or csv_year_row");
        if (d.datasets.empty()) p.fail("dataset [" + d.id + "] needs credits (its id in data/manifest.tsv)");
        d.csv->indicator = d.id;
        d.csv->dataset = d.datasets.front();
        return;
    }
    if (d.kind == LayerDefinition::Kind::flow) {
        if (d.flows_path.empty()) p.fail("flow layer [" + d.id + "] needs flows = <csv>");
        if (d.title_ja.empty() || d.title_en.empty()) p.fail("layer [" + d.id + "] needs title_ja and title_en");
        if (d.datasets.empty()) p.fail("layer [" + d.id + "] needs credits (dataset ids from data/manifest.tsv)");
        if (!d.flows_year) d.flows_year = 2025;
        d.years = {d.flows_year};
        d.default_year = d.flows_year;
        d.level = data::Level::prefecture;
        d.levels = {d.level};
        return;
    }
    if (d.csv) {
        if (d.csv->path.empty()) p.fail("layer [" + d.id + "] has csv_* keys but no csv = file");
        if (!d.value.numerator.indicator.empty()) p.fail("layer [" + d.id + "] has both csv and value");
        d.csv->indicator = "csv:" + d.id;
        d.csv->dataset = d.csv->path;
        if (!d.csv->year) d.csv->year = d.years.empty() ? 2020 : d.years.front();
        d.value.numerator = {d.csv->indicator, d.csv->year};
    }
    if (d.value.numerator.indicator.empty()) p.fail("layer [" + d.id + "] has no value (or csv)");
    if (!d.categories_table.empty()) {
        if (!d.each_table.empty()) p.fail("layer [" + d.id + "] has both each and categories");
        read_categories(p, d);
    } else if (d.method == Method::categorical) {
        p.fail("classification = categorical needs categories = <table>");
    }
    if (d.title_ja.empty() || d.title_en.empty()) p.fail("layer [" + d.id + "] needs title_ja and title_en");
    if (d.datasets.empty()) p.fail("layer [" + d.id + "] needs credits (dataset ids from data/manifest.tsv)");
    if (d.years.empty()) d.years = {d.value.numerator.year ? d.value.numerator.year : 2020};
    if (!d.default_year) d.default_year = d.years.front();
    if (!d.has_year(d.default_year)) p.fail("default_year " + std::to_string(d.default_year) + " is not in years");
    if (d.levels.empty()) d.levels = {d.level};
    if (!d.offers(d.level)) d.levels.insert(d.levels.begin(), d.level);
    if (d.method == Method::manual && d.manual_edges.empty()) p.fail("classification = manual needs breaks");
    const bool explicit_classes = d.method == Method::manual || d.method == Method::categorical;
    if (!d.class_colors.empty() && (!explicit_classes || d.class_colors.size() + 1 != d.manual_edges.size()))
        p.fail("colors needs classification = manual (or categories) with one colour per class");
    for (const auto* labels : {&d.class_labels_ja, &d.class_labels_en})
        if (!labels->empty() && (!explicit_classes || labels->size() + 1 != d.manual_edges.size()))
            p.fail("labels_ja and labels_en need classification = manual with one label per class");
    if (d.minzoom > d.maxzoom) p.fail("minzoom is above maxzoom");
}

// Checks the last section's layer and expands it when it has `each`.
void close_section(const Parser& p, std::vector<LayerDefinition>& layers, std::set<std::string>& ids) {
    finish(p, layers.back());
    if (layers.back().each_table.empty()) return;
    auto expanded = expand_each(p, layers.back());
    layers.pop_back();
    for (auto& e : expanded) {
        if (!ids.insert(e.id).second) p.fail("layer [" + e.id + "] is declared twice");
        layers.push_back(std::move(e));
    }
}

}  // namespace

bool LayerDefinition::has_year(int y) const { return std::find(years.begin(), years.end(), y) != years.end(); }
bool LayerDefinition::offers(data::Level l) const { return std::find(levels.begin(), levels.end(), l) != levels.end(); }

std::vector<LayerDefinition> parse_layer_config(const std::string& text, const std::string& file_name,
                                                const PaletteRules& palettes) {
    Parser p{file_name, palettes};
    std::vector<LayerDefinition> layers;
    std::set<std::string> ids;
    int section_line = 0;
    std::istringstream in(text);
    for (std::string raw; std::getline(in, raw);) {
        ++p.line;
        const std::string line = trim(strip_comment(raw));
        if (line.empty()) continue;
        if (line.front() == '[') {
            if (line.back() != ']') p.fail("a section header must end with ]");
            if (!layers.empty()) {
                const int here = p.line;
                p.line = section_line;
                close_section(p, layers, ids);
                p.line = here;
            }
            LayerDefinition d;
            d.id = trim(line.substr(1, line.size() - 2));
            if (d.id.empty() || d.id.find_first_of(" ./?#%") != std::string::npos)
                p.fail("layer id '" + d.id + "' must be non-empty, without spaces, dots, slashes or ?#%");
            if (!ids.insert(d.id).second) p.fail("layer [" + d.id + "] is declared twice");
            d.declared_at = file_name + ":" + std::to_string(p.line);
            section_line = p.line;
            layers.push_back(std::move(d));
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos) p.fail("expected key = value");
        if (layers.empty()) p.fail("key outside a [layer] section");
        const std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
        auto setter = setters().find(key);
        if (setter == setters().end()) p.fail("unknown key '" + key + "'");
        if (value.empty()) p.fail(key + " has no value");
        setter->second(p, layers.back(), value);
    }
    if (!layers.empty()) {
        p.line = section_line;
        close_section(p, layers, ids);
    }
    return layers;
}

std::vector<LayerDefinition> read_layer_config(const std::string& path, const PaletteRules& palettes) {
    std::ifstream in(path);
    if (!in) throw ConfigError(path + ": cannot be opened");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_layer_config(text.str(), path, palettes);
}

}  // namespace rxmap::catalog
