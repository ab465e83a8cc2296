#include "styles/shared_features.h"

#include <mapnik/feature_factory.hpp>
#include <mapnik/feature_layer_desc.hpp>
#include <mapnik/featureset.hpp>
#include <mapnik/query.hpp>

#include <functional>
#include <stdexcept>
#include <utility>

namespace rxmap::styles {

namespace {

// The features at the hit indices, each made when the renderer asks for it: a classed area's copy
// of its geometry lives while that area is drawn, not for the whole layer.
class TableHits : public mapnik::Featureset {
public:
    using Make = std::function<mapnik::feature_ptr(std::size_t)>;
    TableHits(std::vector<std::size_t> hits, Make make) : hits_(std::move(hits)), make_(std::move(make)) {}
    mapnik::feature_ptr next() override { return pos_ < hits_.size() ? make_(hits_[pos_++]) : mapnik::feature_ptr(); }

private:
    std::vector<std::size_t> hits_;
    Make make_;
    std::size_t pos_ = 0;
};

mapnik::parameters memory_type() {
    mapnik::parameters p;
    p["type"] = "memory";
    return p;
}

// What mapnik::memory_datasource answers besides features, over a FeatureTable.
class TableDatasource : public mapnik::datasource {
public:
    explicit TableDatasource(std::shared_ptr<const FeatureTable> table)
        : mapnik::datasource(memory_type()), table_(std::move(table)) {}
    datasource_t type() const override { return mapnik::datasource::Vector; }
    mapnik::box2d<double> envelope() const override { return table_->extent(); }
    boost::optional<mapnik::datasource_geometry_t> get_geometry_type() const override {
        return mapnik::datasource_geometry_t::Collection;
    }
    mapnik::layer_descriptor get_descriptor() const override { return mapnik::layer_descriptor("memory", "utf-8"); }
    mapnik::featureset_ptr features_at_point(const mapnik::coord2d& pt, double tol) const override {
        return features(mapnik::query(mapnik::box2d<double>(pt.x - tol, pt.y - tol, pt.x + tol, pt.y + tol)));
    }
    mapnik::featureset_ptr features(const mapnik::query& q) const override {
        std::vector<std::size_t> hits;
        const auto& entries = table_->entries();
        for (std::size_t i = 0; i < entries.size(); ++i)
            if (q.get_bbox().intersects(entries[i].envelope)) hits.push_back(i);  // memory_featureset's test
        return std::make_shared<TableHits>(std::move(hits), maker());
    }

protected:
    // Makes the i-th feature; holds what it needs, as the featureset may outlive a query's datasource.
    virtual TableHits::Make maker() const {
        return [table = table_](std::size_t i) { return table->entries()[i].feature; };
    }
    const std::shared_ptr<const FeatureTable> table_;
};

class ClassedAreaDatasource : public TableDatasource {
public:
    ClassedAreaDatasource(std::shared_ptr<const FeatureTable> areas, std::vector<mapnik::value_integer> classes)
        : TableDatasource(std::move(areas)),
          classes_(std::make_shared<const std::vector<mapnik::value_integer>>(std::move(classes))),
          context_(std::make_shared<mapnik::context_type>()) {
        if (classes_->size() != table_->entries().size())
            throw std::invalid_argument("classed_area_datasource: one class per area");
        context_->push("code");
        context_->push("class");
    }

private:
    TableHits::Make maker() const override {
        return [table = table_, classes = classes_, context = context_](std::size_t i) {
            const mapnik::feature_impl& shared = *table->entries()[i].feature;
            mapnik::feature_ptr f = mapnik::feature_factory::create(context, shared.id());
            f->put("code", shared.get("code"));
            f->put("class", (*classes)[i]);
            f->set_geometry_copy(shared.get_geometry());
            return f;
        };
    }

    const std::shared_ptr<const std::vector<mapnik::value_integer>> classes_;
    const mapnik::context_ptr context_;
};

}  // namespace

FeatureTable::FeatureTable(const std::vector<mapnik::feature_ptr>& features) {
    entries_.reserve(features.size());
    for (const mapnik::feature_ptr& f : features) {
        entries_.push_back({f->envelope(), f});
        if (entries_.size() == 1) extent_ = entries_.back().envelope;
        else extent_.expand_to_include(entries_.back().envelope);
    }
}

mapnik::datasource_ptr shared_datasource(std::shared_ptr<const FeatureTable> table) {
    return std::make_shared<TableDatasource>(std::move(table));
}

mapnik::datasource_ptr classed_area_datasource(std::shared_ptr<const FeatureTable> areas,
                                               std::vector<mapnik::value_integer> classes) {
    return std::make_shared<ClassedAreaDatasource>(std::move(areas), std::move(classes));
}

}  // namespace rxmap::styles
