#pragma once
// The Map of a variant with its features read from PostGIS through Mapnik's postgis
// input plugin (`rxmap serve --db`): the same layers, styles and drawing order as
// styles/map_builder's in-memory Map, so the tiles are identical in pixels.
//
// The area layers are SQL table expressions over the schema `rxmap import --db` wrote
// (layers/postgis_store.h): the variant's classes travel as a VALUES list (code, table,
// class, drawing order) joined to areas_<level> / areas_merged, filtered with !bbox! on
// the GiST index and ordered as the in-memory Map draws. Label layers join the same way
// to the label points. Each layer's extent is given (the in-memory features' extent),
// so Mapnik neither asks the database for it nor clips queries differently.
//
// Flow maps (transparent overlays) stay in memory: their flows are not in the database.
#include <memory>
#include <string>

#include <mapnik/map.hpp>

#include "layers/atlas.h"
#include "layers/postgis_store.h"
#include "styles/choropleth.h"
#include "catalog/layer_catalog.h"
#include "styles/map_builder.h"

namespace rxmap::styles {

struct PostgisMapSource {
    data::PgConnection connection;  // from data::pg_connection(url)
    std::string schema;               // data::PgCurrent::schema the atlas was read from
    int max_connections = 10;         // Mapnik's pool per connection parameters (shared by all Maps)
};

class PostgisSources : public MapSources {
public:
    // `atlas` must be the atlas read from `source.schema` (its areas name the rows).
    PostgisSources(PostgisMapSource source, const data::Atlas& atlas) : source_(std::move(source)), atlas_(atlas) {}
    mapnik::datasource_ptr areas(const Choropleth& c, int year, const std::vector<const data::Area*>& areas) const override;
    mapnik::datasource_ptr areas_low(const Choropleth& c, int year, const std::vector<const data::Area*>& areas) const override;
    mapnik::datasource_ptr labels(const std::vector<std::pair<double, const data::Area*>>& ranked) const override;

    // The SQL table expressions (for tests and debugging).
    // low: each area's simplified copy (column wkb_low) where it has one.
    std::string areas_sql(const Choropleth& c, int year, const std::vector<const data::Area*>& areas,
                          bool low = false) const;
    std::string labels_sql(const std::vector<std::pair<double, const data::Area*>>& ranked) const;

private:
    const char* table_of(const data::Area* a) const;  // "areas_ward" ... or "areas_merged"
    mapnik::datasource_ptr datasource(const std::string& table, const std::string& extent) const;

    PostgisMapSource source_;
    const data::Atlas& atlas_;
};

// Choropleths from PostGIS; flow maps as build_variant_map draws them.
std::unique_ptr<mapnik::Map> build_postgis_variant_map(const catalog::Variant& variant, const catalog::LayerCatalog& catalog,
                                                       const PostgisMapSource& source);

}  // namespace rxmap::styles
