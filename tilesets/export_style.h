#pragma once
// `rxmap export-style`: one layer variant as a stand-alone Mapnik map, so that
// another renderer (renderd/mod_tile in bench/) draws the identical map: the
// variant's style XML (styles::map_style_xml) with its layers read by Mapnik's
// shape plugin from Shapefiles written here, the class of every area precomputed.
//
//   DIR/map.xml                 the Map: styles of map_style.cpp plus <Layer>s
//   DIR/areas.shp               code, class (-1 = no data)    fill, area-lines
//   DIR/areas-low.shp           the same, simplified geometry (Area::wkb_low) for zooms <= kLowBandMaxZoom
//   DIR/prefectures.shp         code, class                   prefecture-lines
//   DIR/prefectures-low.shp     likewise (the -low files and layers only when the atlas has simplified copies)
//   DIR/prefecture-labels.shp   label, population (points)    prefecture-labels   (ward/municipality levels)
//   DIR/area-labels.shp         label, population (points)    municipal- or group-labels
//
// Records keep map_builder's order (labels by descending population, which
// decides label collisions); no spatial index is written, so the shape plugin
// reads them in that order. EPSG:3857 throughout; text in UTF-8 (.cpg).
#include <string>

#include "layers/atlas.h"
#include "styles/choropleth.h"

namespace rxmap::tiles {

// Writes the files into dir (created; files of an earlier export replaced). Returns the path of map.xml.
// Throws std::runtime_error when a file cannot be written.
std::string export_style(const styles::Choropleth& choropleth, int year, const data::Atlas& atlas,
                         const std::string& dir);

}  // namespace rxmap::tiles
