#include "tiles/mvt_encoder.h"

#include <protozero/pbf_writer.hpp>

namespace rxmap::tiles {
namespace {

// Field numbers of vector_tile.proto (MVT 2.1).
enum : protozero::pbf_tag_type {
    kTileLayers = 3,
    kLayerName = 1,
    kLayerFeatures = 2,
    kLayerKeys = 3,
    kLayerValues = 4,
    kLayerExtent = 5,
    kLayerVersion = 15,
    kFeatureId = 1,
    kFeatureTags = 2,
    kFeatureType = 3,
    kFeatureGeometry = 4,
    kValueString = 1,
    kValueDouble = 3,
    kValueUint = 5,
    kValueSint = 6,
};

// The Value message of a property.
std::string value_message(const MvtValue& v) {
    std::string out;
    protozero::pbf_writer w{out};
    if (const auto* s = std::get_if<std::string>(&v)) {
        w.add_string(kValueString, *s);
    } else if (const auto* d = std::get_if<double>(&v)) {
        w.add_double(kValueDouble, *d);
    } else {
        const std::int64_t i = std::get<std::int64_t>(v);
        if (i >= 0) w.add_uint64(kValueUint, static_cast<std::uint64_t>(i));
        else w.add_sint64(kValueSint, i);
    }
    return out;
}

}  // namespace

MvtLayer::MvtLayer(std::string name, std::uint32_t extent) : name_(std::move(name)), extent_(extent) {}

void MvtLayer::add(MvtFeature feature) {
    if (!feature.geometry.empty()) features_.push_back(std::move(feature));
}

std::string MvtLayer::encode() const {
    // Keys and values are indexed in order of first use; equal values share one entry.
    std::map<std::string, std::uint32_t> key_index, value_index;
    std::vector<const std::string*> keys;
    std::vector<std::string> values;
    std::string out;
    protozero::pbf_writer layer{out};
    layer.add_uint32(kLayerVersion, 2);
    layer.add_string(kLayerName, name_);
    std::vector<std::uint32_t> tags;
    for (const MvtFeature& f : features_) {
        tags.clear();
        for (const auto& [key, value] : f.properties) {
            auto k = key_index.emplace(key, static_cast<std::uint32_t>(keys.size()));
            if (k.second) keys.push_back(&k.first->first);
            std::string encoded = value_message(value);
            // The value's type tag is part of the bytes, so 1 (uint) and 1.0 (double) stay apart.
            auto v = value_index.emplace(encoded, static_cast<std::uint32_t>(values.size()));
            if (v.second) values.push_back(std::move(encoded));
            tags.push_back(k.first->second);
            tags.push_back(v.first->second);
        }
        protozero::pbf_writer feature{layer, kLayerFeatures};
        if (f.id) feature.add_uint64(kFeatureId, *f.id);
        if (!tags.empty()) feature.add_packed_uint32(kFeatureTags, tags.begin(), tags.end());
        feature.add_enum(kFeatureType, static_cast<std::int32_t>(f.type));
        feature.add_packed_uint32(kFeatureGeometry, f.geometry.begin(), f.geometry.end());
    }
    for (const std::string* k : keys) layer.add_string(kLayerKeys, *k);
    for (const std::string& v : values) layer.add_message(kLayerValues, v);
    layer.add_uint32(kLayerExtent, extent_);
    return out;
}

std::string encode_tile(const std::vector<MvtLayer>& layers) {
    std::string out;
    protozero::pbf_writer tile{out};
    for (const MvtLayer& l : layers)
        if (!l.empty()) tile.add_message(kTileLayers, l.encode());
    return out;
}

}  // namespace rxmap::tiles
