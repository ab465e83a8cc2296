#pragma once
// A writer of the Prometheus text exposition format 0.0.4: "# HELP" and
// "# TYPE" lines, samples, histograms. Every /metrics family (server, engine,
// shared cache) is written with it.
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace rxmap::common {

// A label value with '\\', '"' and newlines escaped.
std::string prometheus_label(std::string_view value);
// A sample value: integers as such, others with up to 9 significant digits
// ("0.000123"); NaN, +Inf, -Inf.
std::string prometheus_number(double value);

class PrometheusText {
public:
    // Every metric name written is prefix + name ("rxmap_engine_" + "renders_total").
    explicit PrometheusText(std::string prefix = {}) : prefix_(std::move(prefix)) {}

    // "# HELP name help\n# TYPE name type\n".
    void family(std::string_view name, std::string_view type, std::string_view help);
    // "name{labels} value\n", or "name value\n" when labels is empty.
    void sample(std::string_view name, std::string_view labels, std::string_view value);
    template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int>>>
    void sample(std::string_view name, std::string_view labels, Int value) {
        sample(name, labels, std::string_view(std::to_string(value)));
    }
    // A family with one unlabelled sample: family() then sample(name, "", value).
    template <typename Value>
    void metric(std::string_view name, std::string_view type, std::string_view help, Value value) {
        family(name, type, help);
        sample(name, "", value);
    }
    // name_bucket{labels,le="<bound>"} for each bound (cumulative), le="+Inf",
    // name_sum and name_count. counts[i] observations fell in bucket i (not
    // cumulative); count is the total, those above the last bound included
    // (the +Inf bucket is never written below the last bound's).
    void histogram(std::string_view name, std::string_view labels, const std::vector<double>& bounds,
                   const std::vector<std::uint64_t>& counts, std::uint64_t count, std::string_view sum);

    const std::string& text() const { return out_; }

private:
    std::string prefix_;
    std::string out_;
};

}  // namespace rxmap::common
