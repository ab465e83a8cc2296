#include "layers/facility_model.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "common/fnv1a.h"
#include "layers/csv_table.h"
#include "layers/regions.h"

namespace rxmap::data {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string format_population(double p) {
    if (!std::isfinite(p)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", p);
    return buf;
}

struct IdName {
    const char* name;
    const char* id;
};

// Japanese name -> URL id. The 13 fitted types, then the reference types in facts/.
constexpr IdName kIds[] = {
    {"一般病院", "hospital"},
    {"一般診療所", "general-clinic"},
    {"歯科診療所", "dental-clinic"},
    {"小売店", "retail-store"},
    {"大型小売店", "large-retail-store"},
    {"飲食店", "restaurant"},
    {"保育所等", "nursery"},
    {"幼稚園", "kindergarten"},
    {"小学校", "elementary-school"},
    {"中学校", "junior-high-school"},
    {"高等学校", "high-school"},
    {"図書館", "library"},
    {"公民館", "community-center"},
    {"スターバックスコーヒー", "starbucks"},
    {"百貨店", "department-store"},
    {"大学", "university"},
    {"ショッピングセンター", "shopping-center"},
    {"介護老人福祉施設", "nursing-home-special"},
    {"飲食料品小売業", "food-retail"},
    {"郵便局", "post-office"},
    {"銀行", "bank"},
    {"訪問介護事業", "home-care"},
    {"救急告示病院", "emergency-hospital"},
    {"博物館・美術館", "museum"},
    {"有料老人ホーム", "private-nursing-home"},
    {"映画館", "cinema"},
    {"救命救急センター", "critical-care-center"},
    {"公認会計士事務所", "cpa-office"},
};

std::string trim(std::string s) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
}

std::optional<double> parse_optional_number(const std::string& cell) {
    const std::string s = trim(cell);
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(v)) throw std::invalid_argument("'" + s + "' is not a number");
    return v;
}

}  // namespace

double FacilityFit::probability(double population) const {
    if (!converged || !(population > 0)) return kNaN;
    return logistic(a + b * std::log(population));
}

double FacilityFit::population_at(double p) const {
    if (!converged || !(p > 0 && p < 1) || b == 0) return kNaN;
    return std::exp((logit(p) - a) / b);
}

const std::vector<FacilityType>& ssdse_facility_types() {
    static const std::vector<FacilityType> types = {
        {"hospital", "一般病院", "ssdse:I510120", 2022},
        {"general-clinic", "一般診療所", "ssdse:I5102", 2022},
        {"dental-clinic", "歯科診療所", "ssdse:I5103", 2022},
        {"retail-store", "小売店", "ssdse:H6130", 2021},
        {"large-retail-store", "大型小売店", "ssdse:H6132", 2021},
        {"restaurant", "飲食店", "ssdse:H6131", 2021},
        {"nursery", "保育所等", "ssdse:J250302", 2022},
        {"kindergarten", "幼稚園", "ssdse:E1101", 2023},
        {"elementary-school", "小学校", "ssdse:E2101", 2023},
        {"junior-high-school", "中学校", "ssdse:E3101", 2023},
        {"high-school", "高等学校", "ssdse:E4101", 2023},
        {"library", "図書館", "ssdse:G1401", 2021},
        {"community-center", "公民館", "ssdse:G1201", 2021},
    };
    return types;
}

std::vector<FacilityFit> fit_facilities(const StatsTable& stats, const std::set<std::string>& excluded_prefectures) {
    std::vector<FacilityFit> fits;
    const std::vector<int> pop_years = stats.years(kFacilityPopulationIndicator);
    const int pop_year = pop_years.empty() ? 0 : pop_years.back();
    const StatsTable::Values* pops = pop_years.empty() ? nullptr : stats.values(kFacilityPopulationIndicator, pop_year);

    std::string excluded_text;
    for (const std::string& p : excluded_prefectures) excluded_text += (excluded_text.empty() ? "" : " ") + p;

    for (const FacilityType& type : ssdse_facility_types()) {
        FacilityFit f;
        f.id = type.id;
        f.facility = type.name;
        f.indicator = type.indicator;
        f.kind = "fitted";
        f.a = f.b = f.p50_population = f.p80_population = kNaN;
        const std::vector<int> years = stats.years(type.indicator);
        const StatsTable::Values* counts = years.empty() ? nullptr : stats.values(type.indicator, years.back());
        if (!counts || !pops) {
            f.status = FitStatus::too_few;
            f.note = std::string("no data for ") + (counts ? kFacilityPopulationIndicator : type.indicator);
            fits.push_back(std::move(f));
            continue;
        }
        f.year = years.back();

        // Sorted codes, so that sums (and so the last digits of the estimate) do not depend on hashing.
        std::vector<std::string> codes;
        codes.reserve(counts->size());
        for (const auto& [code, value] : *counts) codes.push_back(code);
        std::sort(codes.begin(), codes.end());

        std::vector<double> x;
        std::vector<int> y;
        std::vector<std::string> zero_population;
        int no_population = 0, excluded = 0;
        double min_pop = std::numeric_limits<double>::infinity(), max_pop = 0, max_absent_pop = 0;
        for (const std::string& code : codes) {
            if (code == kJapanCode || code.size() < 2) continue;
            if (excluded_prefectures.count(code.substr(0, 2))) {
                ++excluded;
                continue;
            }
            const auto pop = pops->find(code);
            if (pop == pops->end()) {
                ++no_population;
                continue;
            }
            if (!(pop->second > 0)) {
                zero_population.push_back(code);
                continue;
            }
            const bool has = counts->at(code) >= 1;
            x.push_back(std::log(pop->second));
            y.push_back(has ? 1 : 0);
            min_pop = std::min(min_pop, pop->second);
            max_pop = std::max(max_pop, pop->second);
            if (!has) max_absent_pop = std::max(max_absent_pop, pop->second);
        }
        f.n = static_cast<int>(x.size());
        if (f.n) {
            f.sample_min_population = min_pop;
            f.sample_max_population = max_pop;
        }
        for (int v : y) f.present += v;

        const LogisticFit lf = fit_logistic(x, y);
        f.status = lf.status;
        f.iterations = lf.iterations;
        f.converged = lf.status == FitStatus::converged;
        if (f.converged) {
            f.a = lf.a;
            f.b = lf.b;
            f.p50_population = f.population_at(0.5);
            f.p80_population = f.population_at(0.8);
        }

        std::ostringstream note;
        note << f.n << " municipalities (" << type.indicator << " " << f.year << ", population "
             << kFacilityPopulationIndicator << " " << pop_year << "), " << f.present << " with at least one";
        if (!zero_population.empty()) {
            note << "; left out with population 0:";
            for (const auto& c : zero_population) note << ' ' << c;
        }
        if (no_population) note << "; " << no_population << " without a population left out";
        if (excluded) note << "; " << excluded << " in excluded prefectures " << excluded_text << " left out";
        switch (lf.status) {
            case FitStatus::converged:
                note << "; ML fit converged in " << lf.iterations << " iterations (se a " << lf.se_a << ", se b "
                     << lf.se_b << ")";
                // The curve is only supported by the sampled range; say so when a quoted point lies outside it.
                for (const auto& [label, value] : {std::pair{"50 %", f.p50_population}, {"80 %", f.p80_population}})
                    if (value < min_pop || value > max_pop)
                        note << "; the " << label << " population " << format_population(value)
                             << " lies outside the sampled populations " << format_population(min_pop) << "–"
                             << format_population(max_pop) << " (extrapolated)";
                break;
            case FitStatus::no_variation:
                if (f.present == f.n)
                    note << "; every sampled municipality has one (smallest population " << format_population(min_pop)
                         << "): no curve can be fitted";
                else
                    note << "; no sampled municipality has one: no curve can be fitted";
                break;
            case FitStatus::separated:
                note << "; a population threshold separates present from absent (largest without one "
                     << format_population(max_absent_pop) << "): the ML estimate does not exist";
                break;
            case FitStatus::iteration_limit:
                note << "; no convergence within " << lf.iterations << " iterations";
                break;
            default:
                note << "; too few distinct populations";
        }
        f.note = note.str();
        fits.push_back(std::move(f));
    }
    return fits;
}

std::set<std::string> three_metro_prefectures(const std::string& regions_csv_path) {
    return three_metro_prefectures(read_regions(regions_csv_path));
}

std::vector<ReferencePoint> read_reference_points(const std::string& reference_csv_path) {
    const CsvTable csv = read_csv_table(reference_csv_path);
    const int facility_col = csv.column("facility");
    const int p50_col = csv.column("p50_population");
    const int p80_col = csv.column("p80_population");
    const int vintage_col = csv.column("data_vintage");
    const int quoted_col = csv.column("quoted_from");
    std::vector<ReferencePoint> points;
    for (const CsvTable::Row& row : csv.rows) {
        auto cell = [&](int column) -> const std::string& { return CsvTable::cell(row, column); };
        const std::string where = reference_csv_path + " line " + std::to_string(row.line) + ": ";
        ReferencePoint r;
        r.facility = trim(cell(facility_col));
        if (r.facility.empty()) throw std::runtime_error(where + "no facility");
        r.id = facility_id(r.facility);
        std::optional<double> p80;
        try {
            r.p50_population = parse_optional_number(cell(p50_col));
            p80 = parse_optional_number(cell(p80_col));
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(where + e.what());
        }
        if (!p80 || !(*p80 > 0)) throw std::runtime_error(where + "p80_population is required and > 0");
        if (r.p50_population && !(*r.p50_population > 0 && *r.p50_population < *p80))
            throw std::runtime_error(where + "p50_population must be > 0 and below p80_population");
        r.p80_population = *p80;
        r.vintage = trim(cell(vintage_col));
        r.quoted_from = trim(cell(quoted_col));
        points.push_back(std::move(r));
    }
    return points;
}

// Through (P50, 1/2) and (P80, 4/5): logit(1/2) = 0 = a + b ln P50 and logit(4/5) = ln 4 = a + b ln P80, so
// b = ln 4 / ln(P80 / P50) and a = -b ln P50.
FacilityFit logistic_through(const std::string& facility, double p50_population, double p80_population) {
    if (!(p50_population > 0 && p80_population > p50_population) || !std::isfinite(p80_population))
        throw std::invalid_argument("logistic_through: need 0 < p50 < p80");
    FacilityFit f;
    f.id = facility_id(facility);
    f.facility = facility;
    f.kind = "reference";
    f.b = std::log(4.0) / std::log(p80_population / p50_population);
    f.a = -f.b * std::log(p50_population);
    f.converged = true;
    f.status = FitStatus::exact;
    f.p50_population = p50_population;
    f.p80_population = p80_population;
    return f;
}

std::vector<FacilityFit> reference_facilities(const std::string& reference_csv_path) {
    std::set<std::string> fitted;
    for (const FacilityType& t : ssdse_facility_types()) fitted.insert(t.name);
    std::vector<FacilityFit> fits;
    for (const ReferencePoint& r : read_reference_points(reference_csv_path)) {
        if (!r.p50_population || fitted.count(r.facility)) continue;
        if (find_facility(fits, r.facility)) continue;  // the first row of a facility wins
        FacilityFit f = logistic_through(r.facility, *r.p50_population, r.p80_population);
        f.note = "curve through the published 50 % (" + format_population(*r.p50_population) + ") and 80 % (" +
                 format_population(r.p80_population) + ") populations; data " + r.vintage + ", " + r.quoted_from;
        fits.push_back(std::move(f));
    }
    return fits;
}

std::string facility_id(std::string_view japanese_name) {
    for (const IdName& e : kIds)
        if (japanese_name == e.name) return e.id;
    char buf[16];
    std::snprintf(buf, sizeof buf, "ref-%08x", static_cast<unsigned>(common::fnv1a_32(japanese_name)));
    return buf;
}

const FacilityFit* find_facility(const std::vector<FacilityFit>& fits, std::string_view id_or_japanese_name) {
    for (const FacilityFit& f : fits)
        if (f.id == id_or_japanese_name || f.facility == id_or_japanese_name) return &f;
    return nullptr;
}

}  // namespace rxmap::data
