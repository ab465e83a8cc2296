#include "styles/postgis_map.h"

#include <mapnik/datasource_cache.hpp>
#include <mapnik/params.hpp>

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "common/number_text.h"
#include "layers/geometry.h"
#include "styles/flow_map.h"

namespace rxmap::styles {

namespace {

std::string literal(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

// Exact: reads back as the same double.
std::string number(double v) { return common::significant_digits(v, 17); }

struct Extent {
    double minx = std::numeric_limits<double>::max(), miny = minx;
    double maxx = std::numeric_limits<double>::lowest(), maxy = maxx;
    void add(double x0, double y0, double x1, double y1) {
        minx = std::min(minx, x0);
        miny = std::min(miny, y0);
        maxx = std::max(maxx, x1);
        maxy = std::max(maxy, y1);
    }
    std::string str() const {
        if (minx > maxx) return "-20037508.342789244,-20037508.342789244,20037508.342789244,20037508.342789244";
        return number(minx) + "," + number(miny) + "," + number(maxx) + "," + number(maxy);
    }
};

}  // namespace

const char* PostgisSources::table_of(const data::Area* a) const {
    static const char* names[] = {"areas_ward", "areas_municipality", "areas_prefecture", "areas_bloc", "areas_meti"};
    auto within = [a](const data::AreaList& list) {
        return !list.empty() && a >= list.data() && a < list.data() + list.size();
    };
    for (data::Level level : data::kAllLevels)
        if (within(atlas_.at(level))) return names[static_cast<int>(level)];
    if (within(atlas_.merged)) return "areas_merged";
    throw std::logic_error("postgis map: area " + a->code + " is not in the atlas read from the database");
}

std::string PostgisSources::areas_sql(const Choropleth& c, int year, const std::vector<const data::Area*>& areas,
                                      bool low) const {
    const std::string schema = "\"" + source_.schema + "\".";
    if (areas.empty())
        return "(SELECT NULL::geometry AS geom, ''::text AS code, 0::integer AS class WHERE false) AS areas";
    std::ostringstream v;
    std::set<std::string> tables;
    long ord = 0;
    for (const data::Area* a : areas) {
        const char* table = table_of(a);
        tables.insert(table);
        v << (ord == 0 ? "" : ",") << '(' << literal(a->code) << (ord == 0 ? "::text," : ",") << literal(table)
          << (ord == 0 ? "::text," : ",") << c.class_of_area(year, a->code) << (ord == 0 ? "::integer," : ",") << ord
          << (ord == 0 ? "::integer)" : ")");
        ++ord;
    }
    std::ostringstream sql;
    sql << "(SELECT a.geom, v.code, v.class FROM (VALUES " << v.str() << ") AS v(code, t, class, ord) JOIN (";
    bool first = true;
    for (const std::string& t : tables) {
        sql << (first ? "" : " UNION ALL ") << "SELECT " << literal(t) << "::text AS t, code, "
            << (low ? "COALESCE(ST_SetSRID(ST_GeomFromWKB(wkb_low), 3857), geom) AS geom" : "geom") << " FROM "
            << schema << t << " WHERE geom && !bbox!";
        first = false;
    }
    sql << ") AS a ON a.t = v.t AND a.code = v.code ORDER BY v.ord) AS areas";
    return sql.str();
}

std::string PostgisSources::labels_sql(const std::vector<std::pair<double, const data::Area*>>& ranked) const {
    const std::string schema = "\"" + source_.schema + "\".";
    if (ranked.empty())
        return "(SELECT NULL::geometry AS geom, ''::text AS label, 0::float8 AS population WHERE false) AS labels";
    std::ostringstream v;
    std::set<std::string> tables;
    long ord = 0;
    for (const auto& [population, a] : ranked) {
        const char* table = table_of(a);
        tables.insert(table);
        v << (ord == 0 ? "" : ",") << '(' << literal(a->code) << (ord == 0 ? "::text," : ",") << literal(table)
          << (ord == 0 ? "::text," : ",") << number(population) << (ord == 0 ? "::float8," : ",") << ord
          << (ord == 0 ? "::integer)" : ")");
        ++ord;
    }
    std::ostringstream sql;
    sql << "(SELECT ST_SetSRID(ST_MakePoint(a.label_x, a.label_y), 3857) AS geom, a.label, v.population FROM (VALUES "
        << v.str() << ") AS v(code, t, population, ord) JOIN (";
    bool first = true;
    for (const std::string& t : tables) {
        sql << (first ? "" : " UNION ALL ") << "SELECT " << literal(t) << "::text AS t, code, label, label_x, label_y FROM "
            << schema << t;
        first = false;
    }
    sql << ") AS a ON a.t = v.t AND a.code = v.code WHERE ST_SetSRID(ST_MakePoint(a.label_x, a.label_y), 3857) && !bbox!"
           " ORDER BY v.ord) AS labels";
    return sql.str();
}

mapnik::datasource_ptr PostgisSources::datasource(const std::string& table, const std::string& extent) const {
    mapnik::parameters p;
    p["type"] = "postgis";
    const auto& c = source_.connection;
    if (!c.host.empty()) p["host"] = c.host;
    if (!c.port.empty()) p["port"] = c.port;
    if (!c.user.empty()) p["user"] = c.user;
    if (!c.password.empty()) p["password"] = c.password;
    if (!c.dbname.empty()) p["dbname"] = c.dbname;
    p["table"] = table;
    p["geometry_field"] = "geom";
    p["srid"] = "3857";
    p["extent"] = extent;
    p["estimate_extent"] = "false";
    p["autodetect_key_field"] = "false";
    p["persist_connection"] = "true";
    p["initial_size"] = "1";
    p["max_size"] = std::to_string(std::max(1, source_.max_connections));
    return mapnik::datasource_cache::instance().create(p);
}

namespace {

std::string extent_of(const std::vector<const data::Area*>& areas) {
    Extent e;
    for (const data::Area* a : areas) {
        OGREnvelope env;
        data::from_wkb(a->wkb)->getEnvelope(&env);
        e.add(env.MinX, env.MinY, env.MaxX, env.MaxY);
    }
    return e.str();
}

}  // namespace

mapnik::datasource_ptr PostgisSources::areas(const Choropleth& c, int year,
                                             const std::vector<const data::Area*>& areas) const {
    return datasource(areas_sql(c, year, areas), extent_of(areas));
}

mapnik::datasource_ptr PostgisSources::areas_low(const Choropleth& c, int year,
                                                 const std::vector<const data::Area*>& areas) const {
    if (!data::has_low_band(areas)) return nullptr;
    return datasource(areas_sql(c, year, areas, true), extent_of(areas));
}

mapnik::datasource_ptr PostgisSources::labels(const std::vector<std::pair<double, const data::Area*>>& ranked) const {
    Extent e;
    for (const auto& [population, a] : ranked) e.add(a->label_x, a->label_y, a->label_x, a->label_y);
    return datasource(labels_sql(ranked), e.str());
}

std::unique_ptr<mapnik::Map> build_postgis_variant_map(const catalog::Variant& v, const catalog::LayerCatalog& catalog,
                                                       const PostgisMapSource& source) {
    if (v.flow) return build_flow_map(styles::flow_selection(catalog, v));
    return build_map(styles::choropleth(catalog, v), v.year, catalog.atlas(), PostgisSources(source, catalog.atlas()));
}

}  // namespace rxmap::styles
