#include "server/api/catalog_service.h"

#include "server/api/layer_json.h"
#include "catalog/value_reading.h"
#include "styles/palette.h"

namespace rxmap::server {

namespace {

CPLJSONObject layer_json(const catalog::LayerDefinition& d) {
    CPLJSONObject o;
    o.Add("id", d.id);
    o.Add("title", bilingual(d.title_ja, d.title_en));
    o.Add("description", bilingual(d.description_ja, d.description_en));
    o.Add("unit", bilingual(d.unit_ja, d.unit_en));
    // How a person reads the value (catalog/value_reading.h): one format for pop-ups, tables, legends, CSV.
    CPLJSONObject format;
    format.Add("unit", bilingual(d.unit_ja, d.unit_en));
    format.Add("digits", catalog::value_digits(d));
    o.Add("format", format);
    o.Add("higher_is", catalog::higher_is(d));
    CPLJSONArray scopes;
    for (const auto& s : catalog::rank_scopes(d)) scopes.Add(s);
    o.Add("rank_scopes", scopes);
    const auto& g = d.guide;
    CPLJSONObject guide;
    guide.Add("how_to_read", bilingual(g.how_to_read_ja, g.how_to_read_en));
    guide.Add("purpose", bilingual(g.purpose_ja, g.purpose_en));
    guide.Add("source", bilingual(g.source_ja, g.source_en));
    guide.Add("caveats", bilingual(g.caveats_ja, g.caveats_en));
    o.Add("guide", guide);
    CPLJSONArray aliases;
    for (const auto& a : d.aliases) aliases.Add(a);
    o.Add("aliases", aliases);

    CPLJSONObject dims;
    CPLJSONArray years, levels;
    for (int y : d.years) years.Add(y);
    for (auto l : d.levels) {
        CPLJSONObject level;
        level.Add("id", data::level_name(l));
        level.Add("title", data::level_name_ja(l));
        levels.Add(level);
    }
    dims.Add("year", years);
    dims.Add("default_year", d.default_year);
    dims.Add("level", levels);
    dims.Add("default_level", data::level_name(d.level));
    o.Add("dimensions", dims);

    CPLJSONObject cls;
    cls.Add("method", catalog::method_name(d.method));
    const bool listed = d.method == catalog::Method::manual || d.method == catalog::Method::categorical;
    cls.Add("classes", listed ? static_cast<int>(d.manual_edges.size()) - 1 : d.classes);
    cls.Add("palette", d.palette);
    cls.Add("decimals", catalog::value_digits(d));
    cls.Add("colorblind_safe", styles::colorblind_safe(d.palette, std::min(d.classes, styles::palette_max_classes(d.palette))));
    if (d.center) cls.Add("center", *d.center);
    o.Add("classification", cls);

    CPLJSONArray credits, datasets;
    for (const auto& c : d.credits) credits.Add(c);
    for (const auto& s : d.datasets) datasets.Add(s);
    o.Add("credits", credits);
    o.Add("datasets", datasets);
    o.Add("minzoom", d.minzoom);
    o.Add("maxzoom", d.maxzoom);
    const bool flow = d.kind == catalog::LayerDefinition::Kind::flow;
    const std::string dims_path = flow ? "/{mode}"
                                       : std::string(d.years.size() > 1 ? "/{year}" : "") + (d.levels.size() > 1 ? "/{level}" : "");
    if (flow) {
        CPLJSONArray modes;
        for (const char* m : {"gross", "net", "focus/{pref}", "groups/bloc", "groups/meti"}) modes.Add(m);
        o.Add("modes", modes);
        o.Add("thresholds", "append /top<N> (largest N flows), /min<N> (at least N people) or /all; default top40 (focus: top20 each way)");
    }
    o.Add("tiles", "/tiles/" + d.id + dims_path + "/{z}/{x}/{y}.png");
    o.Add("legend", "/legend/" + d.id + dims_path + ".json");
    o.Add("info", "/info/" + d.id + dims_path + "?lon={lon}&lat={lat}");
    if (d.family) {  // one of the layers a declaration with `each` stands for (industry-lq/ict)
        CPLJSONObject family;
        family.Add("id", d.family->family);
        family.Add("member", d.family->member);
        family.Add("name", bilingual(d.family->name_ja, d.family->name_en));
        o.Add("family", family);
    }
    o.Add("kind", flow ? "flow" : d.value.presence ? (d.value.presence_risk ? "facility-risk" : "facility-probability") : "statistic");
    return o;
}

}  // namespace

Reply CatalogService::handle(const Request&) {
    CPLJSONObject root;
    CPLJSONArray list;
    for (const auto& d : catalog_->definitions()) list.Add(layer_json(d));
    root.Add("layers", list);
    return json_document(root);
}

}  // namespace rxmap::server
