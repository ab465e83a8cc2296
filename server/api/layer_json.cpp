#include "server/api/layer_json.h"

#include <cmath>

#include "catalog/value_reading.h"

#include "print/print_area.h"
#include "print/print_page.h"

namespace rxmap::server {

void add_number(CPLJSONObject& o, const std::string& key, double v) {
    if (std::isfinite(v))
        o.Add(key, v);
    else
        o.AddNull(key);
}

void add_value(CPLJSONObject& o, const catalog::LayerDefinition& d, const data::AreaValue* v) {
    const catalog::ValueState state = catalog::value_state(d, v);
    if (state == catalog::ValueState::value)
        o.Add("value", v->value);
    else
        o.AddNull("value");
    o.Add("state", catalog::state_name(state));
}

CPLJSONObject bilingual(const std::string& ja, const std::string& en) {
    CPLJSONObject o;
    o.Add("ja", ja);
    o.Add("en", en);
    return o;
}

Response json_document(const CPLJSONObject& o, int max_age_seconds) {
    Response r;
    r.status = 200;
    r.content_type = "application/json; charset=utf-8";
    r.body = std::make_shared<const std::string>(o.Format(CPLJSONObject::PrettyFormat::Plain));
    r.set("Cache-Control", "public, max-age=" + std::to_string(max_age_seconds));
    return r;
}

std::optional<catalog::Variant> variant_from_path(const catalog::LayerCatalog& catalog, std::string_view path,
                                                 std::string_view prefix, std::string_view extension) {
    if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
    path.remove_prefix(prefix.size());
    if (!extension.empty()) {
        if (path.size() <= extension.size() || path.substr(path.size() - extension.size()) != extension)
            return std::nullopt;
        path.remove_suffix(extension.size());
    }
    return catalog.resolve(path);
}

std::optional<std::string> pref_parameter(const Request& request, const data::Atlas& atlas, std::string* error) {
    const auto p = request.target.query_value("pref");
    if (!p) return std::string();
    try {
        return styles::parse_print_area(*p, std::nullopt, false, atlas).pref_code;
    } catch (const styles::PrintError& e) {
        *error = e.what();
        return std::nullopt;
    }
}

}  // namespace rxmap::server
