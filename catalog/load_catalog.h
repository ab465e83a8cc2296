#pragma once
// The load phase after the import (layers/import.h): everything the layers need beyond the atlas,
// read once per start into the catalogue that owns it.
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "catalog/layer_catalog.h"
#include "catalog/layer_config.h"
#include "layers/atlas.h"
#include "layers/manifest.h"

namespace rxmap::catalog {

struct CatalogSources {
    std::vector<std::string> layer_files;  // layer configuration files (styles/layers.conf, ...)
    // regions.csv and facility_presence_reference.csv; a "raw:" path in a declaration is in its parent.
    std::string facts_dir;
    PaletteRules palettes;  // styles::palette_rules()
};

// Reads the layer configuration files, imports each layer's and dataset's own CSV into the atlas,
// reads the flow tables (adding each prefecture's in, out and net totals to the atlas as
// "flows:<id>:in|out|net"), fits the facility presence models and adds their layers, resolves
// credit lines through the manifest and checks that every layer's statistics exist.
// Throws ConfigError naming the file and line of the layer at fault.
std::shared_ptr<const LayerCatalog> load_catalog(data::Atlas atlas, const CatalogSources& sources,
                                                 const data::Manifest& manifest, std::ostream& log);

}  // namespace rxmap::catalog
