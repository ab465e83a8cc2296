// rxmap: import the published statistics, then serve them as map tiles.
//
//   rxmap import --raw data/local/raw --store data/local/store/rxmap.gpkg [--force]
//   rxmap serve  --raw data/local/raw --store data/local/store/rxmap.gpkg [--port 8080]
//   rxmap import --db postgresql://rxmap@127.0.0.1:5432/rxmap     (the atlas into PostGIS)
//   rxmap serve  --db postgresql://… --shared-cache redis://127.0.0.1:6379 --port 8081   (one node of several)
//   rxmap seed | export-style | render …                           (rxmap <command> --help)
#include <exception>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "layers/boundaries.h"
#include "catalog/layer_config.h"

using namespace rxmap;

int main(int argc, char** argv) {
    const std::string usage = "usage: rxmap import|serve|seed|export-style|render [options]   (rxmap <command> --help)\n";
    if (argc < 2) {
        std::cerr << usage;
        return 2;
    }
    const std::string command = argv[1];
    try {
        if (command == "import") return cli::import_command(argc - 1, argv + 1);
        if (command == "serve") return cli::serve_command(argc - 1, argv + 1);
        if (command == "seed") return cli::seed_command(argc - 1, argv + 1);
        if (command == "export-style") return cli::export_style_command(argc - 1, argv + 1);
        if (command == "render") return cli::render_command(argc - 1, argv + 1);
        std::cerr << usage;
        return 2;
    } catch (const catalog::ConfigError& e) {
        std::cerr << "rxmap: layer configuration: " << e.what() << '\n';
        return 1;
    } catch (const data::ImportError& e) {
        std::cerr << "rxmap: import failed: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "rxmap: " << e.what() << '\n';
        return 1;
    }
}
