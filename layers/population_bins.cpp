#include "layers/population_bins.h"

#include <cmath>
#include <limits>

namespace rxmap::data {

std::vector<PopulationBin> population_bin_classes() {
    const double inf = std::numeric_limits<double>::infinity();
    return {
        {"0–2千", "0–2k", 0, 2000},
        {"2–4千", "2k–4k", 2000, 4000},
        {"4–6千", "4k–6k", 4000, 6000},
        {"6–8千", "6k–8k", 6000, 8000},
        {"8千–1万", "8k–10k", 8000, 10000},
        {"1–2万", "10k–20k", 10000, 20000},
        {"2–5万", "20k–50k", 20000, 50000},
        {"5–10万", "50k–100k", 50000, 100000},
        {"10–20万", "100k–200k", 100000, 200000},
        {"20–50万", "200k–500k", 200000, 500000},
        {"50万–", "500k+", 500000, inf},
    };
}

int population_bin_index(double population) {
    if (!(population >= 0)) return -1;
    static const std::vector<PopulationBin> classes = population_bin_classes();
    for (size_t i = 0; i < classes.size(); ++i)
        if (population < classes[i].upper) return static_cast<int>(i);
    return -1;  // +inf
}

std::vector<PopulationBin> population_bins(const StatsTable& stats, int year,
                                           const std::set<std::string>& municipality_codes,
                                           const std::set<std::string>& three_metro_prefectures,
                                           const std::string& indicator, std::vector<std::string>* missing) {
    std::vector<PopulationBin> bins = population_bin_classes();
    const StatsTable::Values* values = stats.values(indicator, year);
    for (const std::string& code : municipality_codes) {
        const auto it = values ? values->find(code) : StatsTable::Values::const_iterator{};
        const int bin = values && it != values->end() ? population_bin_index(it->second) : -1;
        if (bin < 0) {
            if (missing) missing->push_back(code);
            continue;
        }
        ++bins[bin].all_japan;
        if (!three_metro_prefectures.count(code.substr(0, 2))) ++bins[bin].outside_three_metro;
    }
    return bins;
}

}  // namespace rxmap::data
