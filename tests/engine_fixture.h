#pragma once
// The real atlas, imported once per test binary from data/local/raw.
#include <cstdio>
#include <memory>
#include <sstream>

#include "layers/import.h"

namespace rxmap::test {

inline std::shared_ptr<const layers::Atlas> real_atlas() {
    static const auto atlas = [] {
        std::ostringstream log;
        auto a = std::make_shared<const layers::Atlas>(
            layers::import_sources(layers::SourceFiles::in_raw_dir(RXMAP_RAW_DATA_DIR), log));
        std::printf("%s", log.str().c_str());
        return a;
    }();
    return atlas;
}

}  // namespace rxmap::test
