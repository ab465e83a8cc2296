#pragma once
// The real atlas from data/local/raw, through a store in the build tree shared by all test processes.
#include <cstdio>
#include <memory>
#include <sstream>

#include "layers/import.h"
#include "layers/manifest.h"
#include "styles/layer_catalog.h"
#include "tiles/tile_engine.h"

namespace rxmap::test {

inline std::shared_ptr<const layers::Atlas> real_atlas() {
    static const auto atlas = [] {
        std::ostringstream log;
        auto a = std::make_shared<const layers::Atlas>(
            layers::load_or_import(layers::SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR), RXMAP_TEST_STORE, log));
        std::printf("%s", log.str().c_str());
        return a;
    }();
    return atlas;
}

// The layers of styles/layers.conf on the real atlas.
inline std::shared_ptr<const styles::LayerCatalog> real_catalog() {
    static const auto catalog = [] {
        layers::Atlas atlas = *real_atlas();
        std::ostringstream log;
        auto setup = styles::prepare_layers({RXMAP_SOURCE_DIR "/styles/layers.conf"},
                                            layers::Manifest::read(RXMAP_SOURCE_DIR "/data/manifest.tsv"),
                                            RXMAP_RAW_DATA_DIR "/facts", atlas, log);
        return std::make_shared<const styles::LayerCatalog>(std::make_shared<const layers::Atlas>(std::move(atlas)),
                                                            std::move(setup.definitions), std::move(setup.facilities));
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
