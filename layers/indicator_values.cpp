#include "layers/indicator_values.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace rxmap::data {

namespace {

// The four counts a value is made of, summed over the parts of an area.
struct Counts {
    double num = 0, den = 0, base_num = 0, base_den = 0;
    void add(const Counts& c) {
        num += c.num;
        den += c.den;
        base_num += c.base_num;
        base_den += c.base_den;
    }
};

class Evaluator {
public:
    Evaluator(const ValueSpec& spec, int year, const Atlas& atlas) : spec_(spec), year_(year), atlas_(atlas) {}

    // Counts of one area code straight from the table, or nullopt when any is missing.
    std::optional<Counts> direct(const std::string& code) const {
        Counts c;
        if (!lookup(spec_.numerator_for(year_), year_, code, c.num)) return std::nullopt;
        if (spec_.minus) {
            double m = 0;
            if (!lookup(*spec_.minus, year_, code, m)) return std::nullopt;
            c.num -= m;
        }
        if (spec_.denominator && !denominator(year_, code, c.den)) return std::nullopt;
        if (spec_.change_from) {
            if (spec_.minus) return std::nullopt;  // a change of a difference is not meaningful
            if (!lookup(spec_.numerator_for(spec_.change_from), spec_.change_from, code, c.base_num))
                return std::nullopt;
            if (spec_.denominator && !denominator(spec_.change_from, code, c.base_den)) return std::nullopt;
        }
        return c;
    }

    // A municipality-level area: its own row, else the sum of its wards (a designated city).
    std::optional<Counts> municipality(const Area& m) const {
        if (auto c = direct(m.code)) return c;
        Counts sum;
        bool any = false;
        for (const Area& w : atlas_.at(Level::ward)) {
            if (w.parent != m.code || w.code == m.code) continue;
            auto c = direct(w.code);
            if (!c) return std::nullopt;
            sum.add(*c);
            any = true;
        }
        return any ? std::optional<Counts>(sum) : std::nullopt;
    }

    // An area drawn by a non-aggregate level: its own row (a municipality: or its wards'); a merged
    // area (IPSS 浜通り地域) in a year whose source reports its members on their own (the census)
    // sums them, so the area keeps one shape across the years of a layer.
    std::optional<Counts> area(const Area& a, Level level) const {
        auto c = level == Level::municipality ? municipality(a) : direct(a.code);
        if (c || !atlas_.find_merged(a.code)) return c;
        Counts sum;
        for (const std::string& code : a.members) {
            const Area* m = atlas_.find(Level::municipality, code);
            const auto part = m ? municipality(*m) : std::nullopt;
            if (!part) return std::nullopt;
            sum.add(*part);
        }
        return sum;
    }

    AreaValue finish(const Counts& c) const {
        AreaValue v;
        v.numerator = c.num;
        v.denominator = spec_.denominator ? c.den : kNaN;
        const double now = spec_.denominator ? (c.den != 0 ? c.num / c.den : kNaN) : c.num;
        if (spec_.change_from) {
            v.base_numerator = c.base_num;
            v.base_denominator = spec_.denominator ? c.base_den : kNaN;
            const double then = spec_.denominator ? (c.base_den != 0 ? c.base_num / c.base_den : kNaN) : c.base_num;
            v.value = then != 0 ? spec_.multiplier * (now / then - 1) : kNaN;
        } else {
            v.value = spec_.multiplier * now;
        }
        return v;
    }

private:
    // The denominator plus its added terms.
    bool denominator(int year, const std::string& code, double& out) const {
        if (!lookup(*spec_.denominator, year, code, out)) return false;
        for (const IndicatorRef& plus : spec_.denominator_plus) {
            double p = 0;
            if (!lookup(plus, year, code, p)) return false;
            out += p;
        }
        return true;
    }

    bool lookup(const IndicatorRef& ref, int layer_year, const std::string& code, double& out) const {
        int year = ref.year ? ref.year : layer_year;
        if (!ref.year) {
            const auto years = atlas_.stats.years(ref.indicator);
            if (years.size() == 1) year = years.front();  // a one-year indicator serves every year
        }
        const auto v = atlas_.stats.get(ref.indicator, year, code);
        if (!v) return false;
        out = *v;
        return true;
    }

    const ValueSpec& spec_;
    int year_;
    const Atlas& atlas_;
};

// Group code of a municipality at an aggregate level.
std::unordered_map<std::string, std::string> group_of_prefecture(const Atlas& atlas, Level level) {
    std::unordered_map<std::string, std::string> group;
    if (level == Level::prefecture) {
        for (const Area& p : atlas.at(Level::prefecture)) group[p.pref_code] = p.code;
    } else {
        for (const Area& g : atlas.at(level))
            for (const std::string& pref : g.members) group[pref] = g.code;
    }
    return group;
}

// The counts of every municipality that has them; a merged area (IPSS 浜通り地域) stands in
// for its members only when none of them has numbers of its own, so no municipality counts twice.
std::vector<std::pair<const Area*, Counts>> municipality_counts(const Evaluator& eval, const Atlas& atlas) {
    std::vector<std::pair<const Area*, Counts>> out;
    std::set<std::string> counted;
    for (const Area& m : atlas.at(Level::municipality))
        if (auto c = eval.municipality(m)) {
            out.emplace_back(&m, *c);
            counted.insert(m.code);
        }
    for (const Area& merged : atlas.merged) {
        const bool members_counted = std::any_of(merged.members.begin(), merged.members.end(),
                                                 [&](const std::string& code) { return counted.count(code) > 0; });
        if (!members_counted)
            if (auto c = eval.direct(merged.code)) out.emplace_back(&merged, *c);
    }
    return out;
}

}  // namespace

std::vector<const Area*> layer_areas(const Atlas& atlas, Level level, bool merged_areas) {
    std::vector<const Area*> out;
    const bool merge = merged_areas && !is_aggregate(level);
    for (const Area& a : atlas.at(level))
        if (!merge || !atlas.merged_containing(a.code)) out.push_back(&a);
    if (merge)
        for (const Area& m : atlas.merged) out.push_back(&m);
    return out;
}

namespace {

// Probability of presence (or the risk of losing the facility) of each area from its population.
ValueMap presence_values(const ValueSpec& spec, int year, Level level, const Atlas& atlas) {
    ValueSpec population = spec;
    population.presence.reset();
    ValueMap values = compute_values(population, year, level, atlas);
    const FacilityFit& fit = *spec.presence;
    for (auto it = values.begin(); it != values.end();) {
        AreaValue& v = it->second;
        const double p = v.numerator > 0 ? fit.probability(v.numerator) : kNaN;
        v.denominator = kNaN;
        v.value = 100 * p;
        if (spec.presence_risk) {
            // A merged area has the facility when any member has it.
            const Area* merged = atlas.find_merged(it->first);
            double count = 0;
            bool known = false;
            for (const std::string& code : merged ? merged->members : std::vector<std::string>{it->first})
                if (auto c = atlas.stats.get(fit.indicator, fit.year, code)) {
                    count += *c;
                    known = true;
                }
            v.base_numerator = known ? count : kNaN;  // facilities today
            if (!known) {
                it = values.erase(it);
                continue;
            }
            v.value = count < 1 ? -1 : std::max(0.0, 50 - 100 * p);
        }
        ++it;
    }
    return values;
}

// Each area's eligible categories ranked by their value, and the best one's index as the value.
ValueMap category_values(const ValueSpec& spec, int year, Level level, const Atlas& atlas) {
    ValueMap out;
    for (size_t i = 0; i < spec.categories.size(); ++i) {
        ValueSpec one = spec;
        one.categories.clear();
        one.numerator = spec.categories[i];
        for (const auto& [code, v] : compute_values(one, year, level, atlas)) {
            AreaValue& area = out[code];
            area.denominator = v.denominator;
            const double share = 100 * v.numerator / v.denominator;
            if (std::isfinite(v.value) && std::isfinite(share) && share >= spec.min_share)
                area.ranking.push_back({static_cast<int>(i), v.value, share, v.numerator});
        }
    }
    for (auto& [code, v] : out) {
        std::stable_sort(v.ranking.begin(), v.ranking.end(), [](auto& a, auto& b) { return a.value > b.value; });
        if (v.ranking.empty()) continue;
        v.value = v.ranking.front().category;
        v.numerator = v.ranking.front().numerator;
    }
    return out;
}

}  // namespace

ValueMap compute_values(const ValueSpec& spec, int year, Level level, const Atlas& atlas) {
    if (spec.presence) return presence_values(spec, year, level, atlas);
    if (!spec.categories.empty()) return category_values(spec, year, level, atlas);
    if (spec.relative_to_japan) {
        ValueSpec plain = spec;
        plain.relative_to_japan = false;
        ValueMap values = compute_values(plain, year, level, atlas);
        const auto japan = japan_value(plain, year, atlas);
        for (auto& [code, v] : values) v.value = japan && japan->value != 0 ? v.value / japan->value : kNaN;
        return values;
    }
    Evaluator eval(spec, year, atlas);
    ValueMap values;
    if (!is_aggregate(level) || !spec.aggregate) {
        for (const Area* a : layer_areas(atlas, level, spec.merged_areas)) {
            if (auto c = eval.area(*a, level)) values[a->code] = eval.finish(*c);
        }
        return values;
    }
    const auto group = group_of_prefecture(atlas, level);
    std::unordered_map<std::string, Counts> sums;
    for (const auto& [m, c] : municipality_counts(eval, atlas)) {
        auto g = group.find(m->pref_code);
        if (g != group.end()) sums[g->second].add(c);
    }
    for (const auto& [code, c] : sums) values[code] = eval.finish(c);
    return values;
}

std::optional<AreaValue> japan_value(const ValueSpec& spec, int year, const Atlas& atlas) {
    if (spec.presence) return std::nullopt;  // a probability for "Japan as one municipality" means nothing
    if (!spec.categories.empty()) return std::nullopt;  // Japan is every category's reference
    if (spec.relative_to_japan) {  // Japan relative to itself
        ValueSpec plain = spec;
        plain.relative_to_japan = false;
        auto v = japan_value(plain, year, atlas);
        if (v) v->value = 1;
        return v;
    }
    Evaluator eval(spec, year, atlas);
    if (!spec.aggregate) {  // only a published national value can stand for Japan
        auto c = eval.direct(kJapanCode);
        return c ? std::optional<AreaValue>(eval.finish(*c)) : std::nullopt;
    }
    const auto parts = municipality_counts(eval, atlas);
    if (parts.empty()) return std::nullopt;
    Counts sum;
    for (const auto& [_, c] : parts) sum.add(c);
    return eval.finish(sum);
}

IndicatorRef parse_indicator_ref(const std::string& text) {
    IndicatorRef ref;
    const auto at = text.find('@');
    ref.indicator = text.substr(0, at);
    if (at != std::string::npos) {
        size_t used = 0;
        ref.year = std::stoi(text.substr(at + 1), &used);
        if (used != text.size() - at - 1) throw std::invalid_argument("bad year in " + text);
    }
    if (ref.indicator.find(':') == std::string::npos)
        throw std::invalid_argument("indicator '" + text + "' needs a dataset prefix such as ipss: or ssdse:");
    return ref;
}

std::string to_string(const IndicatorRef& ref) {
    return ref.year ? ref.indicator + "@" + std::to_string(ref.year) : ref.indicator;
}

}  // namespace rxmap::data
