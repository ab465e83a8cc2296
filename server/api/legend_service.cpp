#include "server/api/legend_service.h"

#include "server/http/json_error.h"
#include "server/api/layer_json.h"
#include "styles/choropleth_legend.h"
#include "styles/flow_selection.h"

namespace rxmap::server {

Reply LegendService::handle(const Request& request) {
    const std::string& path = request.target.path;
    const bool png = path.size() > 4 && path.compare(path.size() - 4, 4, ".png") == 0;
    const auto variant = variant_from_path(*catalog_, path, "/legend/", png ? ".png" : ".json");
    if (!variant) return json_error(404, "unknown_layer", "no legend at " + path + " (see /layers)");
    const std::string lang = request.target.query_value("lang").value_or("ja");
    const std::string scale_text = request.target.query_value("scale").value_or("1");
    if (lang != "ja" && lang != "en") return json_error(400, "bad_parameter", "lang must be ja or en");
    if (scale_text != "1" && scale_text != "2") return json_error(400, "bad_parameter", "scale must be 1 or 2");

    auto catalog = catalog_;
    const catalog::Variant v = *variant;
    return Reply::deferred([catalog, v, png, lang, scale_text]() -> Response {
        const auto& d = *v.definition;
        const styles::Legend legend = v.flow ? styles::flow_legend(styles::flow_selection(*catalog, v), d.title_ja, d.title_en, d.credits)
                                             : styles::choropleth_legend(styles::choropleth(*catalog, v), v.year);
        if (!png) {
            Response r = json_response(200, styles::legend_json(legend));
            r.content_type = "application/json; charset=utf-8";
            r.set("Cache-Control", "public, max-age=300");
            return r;
        }
        Response r;
        r.content_type = "image/png";
        r.body = std::make_shared<const std::string>(styles::legend_png(legend, std::stod(scale_text), lang));
        r.set("Cache-Control", "public, max-age=300");
        return r;
    });
}

}  // namespace rxmap::server
