#pragma once
// Features that every Map of a level draws alike, held once and shared by those Maps. Each Map
// used to parse its own copy of every area's geometry (~9 MiB at ward level, prefecture outlines
// on top), and the engine keeps several Maps idle. Shared datasources are read by several render
// threads at once: what they hold never changes after it is built.
#include <mapnik/box2d.hpp>
#include <mapnik/datasource.hpp>
#include <mapnik/feature.hpp>

#include <memory>
#include <vector>

namespace rxmap::styles {

// Features in drawing order with their envelopes (computed once), immutable.
class FeatureTable {
public:
    struct Entry {
        mapnik::box2d<double> envelope;
        mapnik::feature_ptr feature;
    };
    explicit FeatureTable(const std::vector<mapnik::feature_ptr>& features);

    const std::vector<Entry>& entries() const { return entries_; }
    // The union of the envelopes, as mapnik::memory_datasource reports it (Mapnik clips queries to it).
    const mapnik::box2d<double>& extent() const { return extent_; }

private:
    std::vector<Entry> entries_;
    mapnik::box2d<double> extent_;
};

// Answers a query with the table's own features that touch its box, in order (no copy): for
// features whose fields are the same in every Map (prefecture outlines, label points).
mapnik::datasource_ptr shared_datasource(std::shared_ptr<const FeatureTable> table);

// The table's areas with the fields a choropleth's style reads: code (the table feature's) and
// class, classes[i] for the table's i-th feature. Each hit's feature is made when the renderer
// reaches it, with a copy of the shared geometry that lives while that area is drawn.
mapnik::datasource_ptr classed_area_datasource(std::shared_ptr<const FeatureTable> areas,
                                               std::vector<mapnik::value_integer> classes);

}  // namespace rxmap::styles
