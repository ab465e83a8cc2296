#include "layers/flows.h"

#include <fstream>
#include <set>
#include <sstream>

#include "layers/csv_table.h"
#include "layers/import_error.h"
#include "layers/stat_sources.h"

namespace rxmap::data {

double FlowTable::total() const {
    double t = 0;
    for (const auto& [_, c] : counts) t += c;
    return t;
}

double FlowTable::get(const std::string& from, const std::string& to) const {
    auto it = counts.find({from, to});
    return it == counts.end() ? 0 : it->second;
}

std::string prefecture_code(const std::string& key, const Atlas& atlas) {
    std::string k = key;
    if (k.size() == 5 && k.compare(2, 3, "000") == 0) k = k.substr(0, 2);
    if (k.size() == 1 && std::isdigit(static_cast<unsigned char>(k[0]))) k = "0" + k;
    for (const Area& p : atlas.at(Level::prefecture)) {
        if (p.pref_code == k || p.name == k) return p.pref_code;
        // 東京 for 東京都, 大阪 for 大阪府, 青森 for 青森県 (not 北海道, whose 道 is part of the name)
        if (p.name.size() > 3 && p.name != "北海道" && p.name.substr(0, p.name.size() - 3) == k) return p.pref_code;
    }
    return {};
}

namespace {

void add_count(FlowTable& t, const std::string& from, const std::string& to, const std::string& cell,
               const std::string& where, DatasetReport& report) {
    double v = 0;
    if (!parse_number(cell, v) || v < 0) {
        report.skipped.push_back(where + ": '" + cell + "' is not a count");
        return;
    }
    t.counts[{from, to}] += v;
}

}  // namespace

FlowTable read_flows(const std::string& path, const Atlas& atlas, DatasetReport& report) {
    std::ifstream in(path);
    if (!in) throw ImportError(path + ": cannot be opened");
    report.dataset = path;
    std::vector<std::vector<std::string>> rows;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) rows.push_back(split_csv_line(line));
    }
    if (rows.size() < 2) throw ImportError(path + ": no data rows");
    FlowTable t;
    const auto& header = rows[0];
    const bool long_form = header.size() >= 3 && header[0] == "origin" && header[1] == "destination";
    for (size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        const std::string line = "row " + std::to_string(r + 1);
        ++report.rows;
        if (long_form) {
            if (row.size() < 3) {
                report.skipped.push_back(line + ": expected origin,destination,count");
                continue;
            }
            const std::string from = prefecture_code(row[0], atlas), to = prefecture_code(row[1], atlas);
            if (from.empty() || to.empty()) {
                report.unmatched.push_back(line + ": " + (from.empty() ? row[0] : row[1]));
                continue;
            }
            ++report.matched;
            add_count(t, from, to, row[2], line, report);
            continue;
        }
        const std::string from = row.empty() ? "" : prefecture_code(row[0], atlas);
        if (from.empty()) {
            report.unmatched.push_back(line + ": " + (row.empty() ? "(empty)" : row[0]));
            continue;
        }
        ++report.matched;
        for (size_t c = 1; c < row.size() && c < header.size(); ++c) {
            const std::string to = prefecture_code(header[c], atlas);
            const std::string where = line + " (" + row[0] + "), column " + std::to_string(c + 1) + " (" + header[c] + ")";
            if (to.empty()) {
                if (r == 1) report.unmatched.push_back("column " + std::to_string(c + 1) + ": " + header[c]);
                continue;
            }
            if (to == from) continue;  // the diagonal: "-"
            add_count(t, from, to, row[c], where, report);
        }
    }
    return t;
}

std::map<std::string, Anchor> prefecture_anchors(const Atlas& atlas) {
    std::map<std::string, Anchor> anchors;
    for (const Area& m : atlas.at(Level::municipality)) {
        const double pop = atlas.stats.get("census:population", 2020, m.code).value_or(0);
        Anchor& a = anchors[m.pref_code];
        a.x += pop * m.label_x;
        a.y += pop * m.label_y;
        a.population += pop;
    }
    for (auto& [code, a] : anchors) {
        a.code = code;
        if (const Area* p = atlas.find(Level::prefecture, prefecture_area_code(code))) a.name = p->name;
        if (a.population > 0) {
            a.x /= a.population;
            a.y /= a.population;
        }
    }
    return anchors;
}

std::map<std::string, std::string> prefecture_groups(const Atlas& atlas, const std::string& grouping,
                                                     const std::set<std::string>& tokyo_area) {
    Level level;
    if (!parse_level(grouping, level) || (level != Level::bloc && level != Level::meti))
        throw std::invalid_argument("flow groups are bloc or meti, not " + grouping);
    std::map<std::string, std::string> group_of;
    for (const Area& g : atlas.at(level))
        for (const std::string& pref : g.members) group_of[pref] = g.name;
    if (level == Level::bloc)
        for (const std::string& pref : tokyo_area) group_of[pref] = "東京圏";
    return group_of;
}

std::map<std::string, Anchor> group_anchors(const std::map<std::string, Anchor>& prefectures,
                                            const std::map<std::string, std::string>& group_of) {
    std::map<std::string, Anchor> groups;
    for (const auto& [code, a] : prefectures) {
        auto g = group_of.find(code);
        if (g == group_of.end()) continue;
        Anchor& ga = groups[g->second];
        ga.code = ga.name = g->second;
        ga.x += a.population * a.x;
        ga.y += a.population * a.y;
        ga.population += a.population;
    }
    for (auto& [_, ga] : groups)
        if (ga.population > 0) {
            ga.x /= ga.population;
            ga.y /= ga.population;
        }
    return groups;
}

FlowTable aggregate_flows(const FlowTable& flows, const std::map<std::string, std::string>& group_of) {
    FlowTable out;
    for (const auto& [od, count] : flows.counts) {
        auto a = group_of.find(od.first), b = group_of.find(od.second);
        if (a == group_of.end() || b == group_of.end() || a->second == b->second) continue;  // within a group
        out.counts[{a->second, b->second}] += count;
    }
    return out;
}

}  // namespace rxmap::data
