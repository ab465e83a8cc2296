#include "styles/memory_layer.h"

#include <mapnik/wkb.hpp>

namespace rxmap::styles {

std::shared_ptr<mapnik::memory_datasource> new_memory_datasource() {
    mapnik::parameters p;
    p["type"] = "memory";
    return std::make_shared<mapnik::memory_datasource>(p);
}

mapnik::geometry::geometry<double> geometry_from_wkb(const std::string& wkb) {
    return mapnik::geometry_utils::from_wkb(wkb.data(), wkb.size(), mapnik::wkbGeneric);
}

mapnik::layer map_layer(const std::string& name, mapnik::datasource_ptr ds, std::initializer_list<const char*> styles) {
    mapnik::layer layer(name, "epsg:3857");
    layer.set_datasource(std::move(ds));
    for (const char* s : styles) layer.add_style(s);
    return layer;
}

}  // namespace rxmap::styles
