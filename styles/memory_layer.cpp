#include "styles/memory_layer.h"

#include <mapnik/featureset.hpp>
#include <mapnik/query.hpp>
#include <mapnik/wkb.hpp>

#include <limits>
#include <mutex>
#include <utility>
#include <vector>

namespace rxmap::styles {

namespace {

class FeatureList : public mapnik::Featureset {
public:
    explicit FeatureList(std::vector<mapnik::feature_ptr> features) : features_(std::move(features)) {}
    mapnik::feature_ptr next() override { return pos_ < features_.size() ? features_[pos_++] : mapnik::feature_ptr(); }

private:
    std::vector<mapnik::feature_ptr> features_;
    std::size_t pos_ = 0;
};

class EnvelopeCachedDatasource : public mapnik::memory_datasource {
public:
    using mapnik::memory_datasource::memory_datasource;

    mapnik::featureset_ptr features(const mapnik::query& q) const override {
        std::lock_guard lock(mutex_);
        if (cached_size_ != size()) cache();  // features were pushed since
        std::vector<mapnik::feature_ptr> hits;
        for (const auto& [envelope, feature] : cache_)
            if (q.get_bbox().intersects(envelope)) hits.push_back(feature);  // memory_featureset's test
        return std::make_shared<FeatureList>(std::move(hits));
    }

private:
    void cache() const {
        cache_.clear();
        constexpr double big = std::numeric_limits<double>::max();
        const mapnik::featureset_ptr all = memory_datasource::features(mapnik::query({-big, -big, big, big}));
        for (mapnik::feature_ptr f; all && (f = all->next());) cache_.emplace_back(f->envelope(), f);
        cached_size_ = size();
    }

    mutable std::mutex mutex_;
    mutable std::vector<std::pair<mapnik::box2d<double>, mapnik::feature_ptr>> cache_;
    mutable std::size_t cached_size_ = 0;
};

}  // namespace

std::shared_ptr<mapnik::memory_datasource> new_memory_datasource() {
    mapnik::parameters p;
    p["type"] = "memory";
    return std::make_shared<EnvelopeCachedDatasource>(p);
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
