#include "tiles/tile_version.h"

#include "common/fnv1a.h"
#include "layers/indicator_values.h"
#include "styles/flow_map.h"
#include "styles/flow_selection.h"
#include "styles/map_style.h"

namespace rxmap::tiles {

using common::Fnv64;

std::string data_version(const data::Atlas& atlas) { return Fnv64().add(atlas.fingerprint).hex(); }

std::string style_version(const styles::Choropleth& c, int year, const data::Atlas& atlas, int metatile) {
    Fnv64 h;
    h.add(kRenderVersion).add(styles::map_style_xml(c));
    h.add(static_cast<long long>(c.edges.size()));
    for (double e : c.edges) h.add(e);
    h.add(static_cast<long long>(c.colors.size()));
    for (const std::string& color : c.colors) h.add(color);
    h.add(static_cast<long long>(year)).add(data::level_name(c.level)).add(static_cast<long long>(metatile));
    for (const data::Area* a : data::layer_areas(atlas, c.level, c.definition.value.merged_areas))
        h.add(a->code).add(static_cast<long long>(c.class_of_area(year, a->code)));
    return h.hex();
}

std::string tile_version(const styles::Choropleth& c, int year, const data::Atlas& atlas, int metatile) {
    return data_version(atlas) + '-' + style_version(c, year, atlas, metatile);
}

std::string tile_version(const catalog::Variant& v, const catalog::LayerCatalog& catalog, int metatile) {
    if (!v.flow) return tile_version(styles::choropleth(catalog, v), v.year, catalog.atlas(), metatile);
    const styles::FlowSelection& f = styles::flow_selection(catalog, v);
    Fnv64 h;
    h.add(kRenderVersion).add(v.key()).add(static_cast<long long>(metatile)).add(styles::flow_style_xml(f));
    for (const auto& l : f.lines) h.add(l.from).add(l.to).add(l.count).add(static_cast<long long>(l.cls));
    for (const std::string& color : f.colors) h.add(color);
    return data_version(catalog.atlas()) + '-' + h.hex();
}

}  // namespace rxmap::tiles
