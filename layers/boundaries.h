#pragma once
// Municipality boundaries from any OGR vector source with N03 fields, grouped
// by code and dissolved into three levels with GEOS (through OGR).
#include <string>
#include <vector>

#include "layers/area.h"
#include "layers/import_error.h"

namespace rxmap::data {

struct BoundaryReport {
    int sources = 0;
    int features = 0;
    std::vector<std::string> uncoded;  // "千葉県 所属未定地 (N03-21_12_210101.json #123)"
    std::vector<std::string> merged_codes;  // with merge_duplicate_codes: "20201 長野市 + 松本市"
    int invalid_repaired = 0;          // geometries that needed MakeValid
};

struct Boundaries {
    AreaList wards;           // as N03 has it (designated-city wards separate)
    AreaList municipalities;  // designated-city wards dissolved into their city
    AreaList prefectures;     // dissolved, with uncoded land of the prefecture included
    BoundaryReport report;
};

// Field names of the N03 schema (a county or designated city is optional).
struct BoundaryFields {
    std::string prefecture = "N03_001";
    std::string city = "N03_003";  // county or designated city
    std::string name = "N03_004";  // municipality or ward
    std::string code = "N03_007";
};

// How the boundary sources are read; the defaults read N03 as MLIT publishes it.
struct BoundaryOptions {
    BoundaryFields fields;
    std::string encoding;    // attributes of Shapefiles: "CP932"; "" = as the .cpg (or the .dbf) declares
    std::string source_crs;  // "EPSG:6676" overrides the sources' own; "" = the .prj / GeoPackage SRS
                             // (JGD2011 lat/lon, EPSG:6668, when a source declares none; a Shapefile
                             // without its .prj is refused: name its CRS here)
    // One code on areas of different names (松本市 carrying 長野市's 20201) is an error
    // naming the code, both names and the file; true merges them into one area. The
    // pieces of one municipality (islands, exclaves) always make one area.
    bool merge_duplicate_codes = false;
    // Every option as text, for the import's fingerprint and log.
    std::string describe() const;
};

// Files as given; a folder: every vector file in it (recursively, sorted); "PG:…" as is.
// Throws ImportError for a path that does not exist.
std::vector<std::string> expand_boundary_paths(const std::vector<std::string>& paths);

// Reads every layer of every source (GeoJSON, TopoJSON, Shapefile, GeoPackage, FlatGeobuf, PostGIS...).
// A source that cannot be opened, has no code field or no CRS-transformable
// geometry throws ImportError naming the file; so does a Shapefile without its .dbf or
// .shx (or its .prj, unless source_crs is given), naming the missing file, and a code
// shared by areas of different names (unless merge_duplicate_codes). Field names match without regard to case (Shapefiles
// and databases change it); where an N03 default is absent, common other names are detected
// (code: JCODE, CITY_CODE, CITYCODE, CODE; name: CITY_NAME, CITYNAME, NAME; prefecture: PREF_NAME, PREF).
Boundaries load_boundaries(const std::vector<std::string>& sources, const BoundaryOptions& options = {});

// Designated-city ward -> city code: the lowest ward code of the city rounded
// down to a multiple of ten (01101..01110 -> 01100, 14131.. -> 14130).
std::string designated_city_code(const std::vector<std::string>& ward_codes);

}  // namespace rxmap::data
