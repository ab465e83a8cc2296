#include "styles/facility_layers.h"

#include <cmath>
#include <memory>

namespace rxmap::styles {

namespace {

LayerDefinition base(const layers::FacilityFit& fit) {
    LayerDefinition d;
    d.value.numerator = {"ipss:population", 0};
    d.value.presence = std::make_shared<const layers::FacilityFit>(fit);
    d.value.merged_areas = true;
    d.years = {2020, 2025, 2030, 2035, 2040, 2045, 2050};
    d.default_year = 2050;
    d.level = layers::Level::municipality;
    d.levels = {layers::Level::municipality};
    d.unit_ja = "%";
    d.unit_en = "%";
    d.datasets = {"n03", "ipss2023_projections", fit.kind == "fitted" ? "ssdse_a_2025" : "facts_facility_presence"};
    d.declared_at = "facility model (" + fit.kind + ")";
    return d;
}

}  // namespace

std::vector<LayerDefinition> facility_layers(const std::vector<layers::FacilityFit>& fits) {
    std::vector<LayerDefinition> out;
    for (const layers::FacilityFit& fit : fits) {
        if (!std::isfinite(fit.a) || !std::isfinite(fit.b) || fit.b <= 0) continue;  // no usable curve
        const std::string how = fit.kind == "fitted"
                                    ? "SSDSE-A の施設数から推定したロジスティック回帰（n=" + std::to_string(fit.n) + "）"
                                    : "公表された50%・80%人口を通るロジスティック曲線（" + fit.note + "）";
        LayerDefinition p = base(fit);
        p.id = "facility-probability/" + fit.id;
        p.title_ja = fit.facility + "の存在確率";
        p.title_en = "Probability of having a " + fit.id;
        p.description_ja = "将来推計人口の規模の市町村に" + fit.facility + "が1つ以上ある確率。" + how + "。";
        p.description_en = "Probability that a municipality of its projected population has at least one (" +
                           fit.kind + " logistic model).";
        p.method = Method::manual;
        p.manual_edges = {0, 20, 50, 80, 95, 100};
        p.palette = "YlGnBu";
        p.decimals = 0;
        out.push_back(p);

        if (fit.kind != "fitted") continue;  // risk needs today's counts
        LayerDefinition r = base(fit);
        r.id = "facility-risk/" + fit.id;
        r.value.presence_risk = true;
        r.title_ja = fit.facility + "の消失リスク";
        r.title_en = "Risk of losing the " + fit.id;
        r.description_ja = "現在" + fit.facility + "がある市町村のうち、その年の推計人口での存在確率が50%を下回る地域を、下回る幅（ポイント）で色分け。0は50%以上。";
        r.description_en = "Municipalities that have one today, by how many points their probability falls below 50 % in that year (0: not below).";
        r.unit_ja = "ポイント";
        r.unit_en = "points below 50 %";
        r.method = Method::manual;
        // -1: none today; 0: not at risk; then points below 50 %.
        r.manual_edges = {-1, 0, 0.001, 10, 20, 30, 50};
        r.palette = "Reds";
        r.class_colors = {"#ded6c5", "#f7f7f7", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"};
        r.class_labels_ja = {"現在なし", "リスクなし（50%以上）", "50%を0〜10ポイント下回る", "10〜20ポイント", "20〜30ポイント", "30ポイント以上"};
        r.class_labels_en = {"none today", "not at risk (50 % or more)", "0-10 points below 50 %", "10-20 points", "20-30 points", "30 points or more"};
        r.decimals = 0;
        out.push_back(r);
    }
    return out;
}

}  // namespace rxmap::styles
