#include "common/prometheus_text.h"

#include <algorithm>
#include <cmath>

#include "common/number_text.h"

namespace rxmap::common {

std::string prometheus_label(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\') out += "\\\\";
        else if (c == '"') out += "\\\"";
        else if (c == '\n') out += "\\n";
        else out.push_back(c);
    }
    return out;
}

std::string prometheus_number(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    if (v == std::floor(v) && std::fabs(v) < 9e15) return std::to_string(static_cast<long long>(v));
    return significant_digits(v, 9);
}

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += "# HELP ";
    out_ += prefix_;
    out_ += name;
    out_ += ' ';
    out_ += help;
    out_ += "\n# TYPE ";
    out_ += prefix_;
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
}

void PrometheusText::sample(std::string_view name, std::string_view labels, std::string_view value) {
    out_ += prefix_;
    out_ += name;
    if (!labels.empty()) {
        out_ += '{';
        out_ += labels;
        out_ += '}';
    }
    out_ += ' ';
    out_ += value;
    out_ += '\n';
}

void PrometheusText::histogram(std::string_view name, std::string_view labels, const std::vector<double>& bounds,
                               const std::vector<std::uint64_t>& counts, std::uint64_t count, std::string_view sum) {
    const std::string bucket = std::string(name) + "_bucket";
    const std::string prefix = labels.empty() ? std::string() : std::string(labels) + ",";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        cumulative += i < counts.size() ? counts[i] : 0;
        sample(bucket, prefix + "le=\"" + prometheus_number(bounds[i]) + "\"", cumulative);
    }
    count = std::max(cumulative, count);
    sample(bucket, prefix + "le=\"+Inf\"", count);
    sample(std::string(name) + "_sum", labels, sum);
    sample(std::string(name) + "_count", labels, count);
}

}  // namespace rxmap::common
