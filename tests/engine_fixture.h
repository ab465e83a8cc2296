#pragma once
// The real atlas from data/local/raw, through a store in the build tree shared by all test processes.
#include <cstdio>
#include <memory>
#include <sstream>

#include "layers/import.h"
#include "layers/manifest.h"
#include "catalog/load_catalog.h"
#include "styles/palette.h"
#include "tiles/tile_engine.h"

namespace rxmap::test {

inline std::shared_ptr<const data::Atlas> real_atlas() {
    static const auto atlas = [] {
        std::ostringstream log;
        auto a = std::make_shared<const data::Atlas>(
            data::load_or_import(data::SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR), RXMAP_TEST_STORE, log));
        std::printf("%s", log.str().c_str());
        return a;
    }();
    return atlas;
}

// The layers of `layer_files` on `atlas`, with the shipped manifest and the real facts.
inline std::shared_ptr<const catalog::LayerCatalog> load_catalog(data::Atlas atlas,
                                                                 std::vector<std::string> layer_files,
                                                                 std::ostream& log) {
    return catalog::load_catalog(std::move(atlas),
                                 {std::move(layer_files), RXMAP_RAW_DATA_DIR "/facts", styles::palette_rules()},
                                 data::Manifest::read(RXMAP_SOURCE_DIR "/data/manifest.tsv"), log);
}

// The layers of styles/layers.conf on the real atlas.
inline std::shared_ptr<const catalog::LayerCatalog> real_catalog() {
    static const auto catalog = [] {
        std::ostringstream log;
        return load_catalog(*real_atlas(), {RXMAP_SOURCE_DIR "/styles/layers.conf"}, log);
    }();
    return catalog;
}

// Default engine options without the per-client render budget: tests that walk many
// layers through HTTP all come from 127.0.0.1 and are not what the budget is for.
inline tiles::EngineOptions unbudgeted_engine_options() {
    tiles::EngineOptions o;
    o.client_render_rate = 0;
    return o;
}

}  // namespace rxmap::test
