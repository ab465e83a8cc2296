#include "catalog/facility_layers.h"

#include <cmath>
#include <cstdio>
#include <memory>

namespace rxmap::catalog {

namespace {

// "約1.2万人" / "about 12,000": a population rounded to two significant figures.
std::string people_ja(double n) {
    if (!std::isfinite(n)) return "—";
    const double r = n >= 10000 ? std::round(n / 1000) / 10 : std::round(n / 100) * 100;
    char buf[32];
    if (n >= 10000) std::snprintf(buf, sizeof buf, "約%g万人", r);
    else std::snprintf(buf, sizeof buf, "約%.0f人", r);
    return buf;
}
std::string people_en(double n) {
    if (!std::isfinite(n)) return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "about %.0f", n >= 10000 ? std::round(n / 1000) * 1000 : std::round(n / 100) * 100);
    return buf;
}

LayerDefinition base(const data::FacilityFit& fit) {
    LayerDefinition d;
    d.value.numerator = {"ipss:population", 0};
    d.value.presence = std::make_shared<const data::FacilityFit>(fit);
    d.value.merged_areas = true;
    d.years = {2020, 2025, 2030, 2035, 2040, 2045, 2050};
    d.default_year = 2050;
    d.level = data::Level::municipality;
    d.levels = {data::Level::municipality};
    d.unit_ja = "%";
    d.unit_en = "%";
    d.datasets = {"n03", "ipss2023_projections", fit.kind == "fitted" ? "ssdse_a_2025" : "facts_facility_presence"};
    d.declared_at = "facility model (" + fit.kind + ")";
    return d;
}

}  // namespace

std::vector<LayerDefinition> facility_layers(const std::vector<data::FacilityFit>& fits) {
    std::vector<LayerDefinition> out;
    for (const data::FacilityFit& fit : fits) {
        if (!std::isfinite(fit.a) || !std::isfinite(fit.b) || fit.b <= 0) continue;  // no usable curve
        const std::string how = fit.kind == "fitted"
                                    ? "SSDSE-A の施設数から推定したロジスティック回帰（n=" + std::to_string(fit.n) + "）"
                                    : "公表された50%・80%人口を通るロジスティック曲線（" + fit.note + "）";
        LayerDefinition p = base(fit);
        p.id = "facility-probability/" + fit.id;
        p.aliases = {"facility-probability/" + fit.facility};
        p.title_ja = fit.facility + "の存在確率";
        p.title_en = "Probability of having a " + fit.id;
        p.description_ja = "将来推計人口の規模の市町村に" + fit.facility + "が1つ以上ある確率。" + how + "。";
        p.description_en = "Probability that a municipality of its projected population has at least one (" +
                           fit.kind + " logistic model).";
        p.method = Method::manual;
        p.manual_edges = {0, 20, 50, 80, 95, 100};
        p.palette = "YlGnBu";
        p.decimals = 1;  // one rounding for the value and the pop-up's probability (84.7 %, never also 85 %)
        p.higher_is = "better";
        const std::string p50_ja = people_ja(fit.p50_population), p80_ja = people_ja(fit.p80_population);
        const std::string p50_en = people_en(fit.p50_population), p80_en = people_en(fit.p80_population);
        p.guide.how_to_read_ja = "濃い青ほど、その年の推計人口の規模の市町村に" + fit.facility +
                                 "がある確率が高い。人口" + p50_ja + "で50%、" + p80_ja + "で80%。年を進めると人口減少で色が薄くなる市町村が分かります。";
        p.guide.how_to_read_en = "Darker blue: a municipality of that projected population is more likely to have one. 50 % at " +
                                 p50_en + " people, 80 % at " + p80_en + ". Move the year to see where shrinking populations fade the colour.";
        p.guide.purpose_ja = "人口規模からみて" + fit.facility + "を維持しにくくなる市町村を見つけ、広域連携や代替手段の検討の手がかりにする。";
        p.guide.purpose_en = "Find municipalities whose population will make the facility hard to sustain, as a start for joint provision or alternatives.";
        p.guide.source_ja = fit.kind == "fitted" ? "施設数はSSDSE-A（統計センター）、人口は2020年国勢調査と社人研2023年推計。" + how + "。"
                                                 : "国土交通省の公表資料（国土のグランドデザイン2050、財政制度等審議会資料に再掲）の50%・80%存在人口と社人研2023年推計。" + how + "。";
        p.guide.source_en = fit.kind == "fitted" ? "Counts from SSDSE-A, population from the 2020 census and the IPSS 2023 projection; logistic regression on ln population."
                                                 : "MLIT's published 50 %/80 % populations (Grand Design 2050, reproduced by the Fiscal System Council) and the IPSS 2023 projection.";
        p.guide.caveats_ja = "人口だけで見た確率で、実際の立地・経営判断・近隣市町村の施設は考慮していません。存在の予測であり、閉鎖の予測ではありません。";
        p.guide.caveats_en = "A probability from population alone: real sites, operators' decisions and facilities in neighbouring towns are not considered. It predicts presence, not closure.";
        out.push_back(p);

        if (fit.kind != "fitted") continue;  // risk needs today's counts
        LayerDefinition r = base(fit);
        r.id = "facility-risk/" + fit.id;
        r.aliases = {"facility-risk/" + fit.facility};
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
        // "Not at risk" is a pale green, not white: the white area borders must show on it. "None
        // today" is hatched as well as pale: these two and データなし (#d9d9d9) stay ΔE >= 7 apart for
        // deuteranopes and protanopes too (tests/test_legend_colours.cpp).
        r.class_colors = {"#f7efd8", "#d9f0a3", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"};
        r.class_patterns = {"hatch"};
        r.class_labels_ja = {"現在なし", "リスクなし（50%以上）", "50%を0〜10ポイント下回る", "10〜20ポイント", "20〜30ポイント", "30ポイント以上"};
        r.class_labels_en = {"none today", "not at risk (50 % or more)", "0-10 points below 50 %", "10-20 points", "20-30 points", "30 points or more"};
        r.decimals = 1;
        r.higher_is = "worse";
        r.guide.how_to_read_ja = "いま" + fit.facility + "がある市町村のうち、その年の存在確率が50%（人口" + p50_ja +
                                 "）を下回るところを、下回る幅で赤く塗ります。薄い緑はリスクなし、斜線は現在ない市町村。";
        r.guide.how_to_read_en = "Of the municipalities that have one today, those whose probability falls below 50 % (a population of " +
                                 p50_en + ") are red, darker the further below. Pale green: not at risk; hatched: none today.";
        r.guide.purpose_ja = "今ある" + fit.facility + "が人口減少で維持困難になりうる市町村を、早めに把握する。";
        r.guide.purpose_en = "See early where an existing facility may become hard to sustain as the population shrinks.";
        r.guide.source_ja = p.guide.source_ja;
        r.guide.source_en = p.guide.source_en;
        r.guide.caveats_ja = "値は確率の「50%からの不足ポイント」で、確率そのものはポップアップに表示します。" + p.guide.caveats_ja;
        r.guide.caveats_en = "The value is the shortfall below 50 % in points; the probability itself is in the pop-up. " + p.guide.caveats_en;
        out.push_back(r);
    }
    return out;
}

}  // namespace rxmap::catalog
