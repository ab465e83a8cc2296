// `rxmap import`: the sources into the GeoPackage store (and with --db into PostGIS);
// then every `rxmap serve` of that store reloads (SIGHUP, see serve_pid_file.h).
#include <iostream>

#include "cli/commands.h"
#include "cli/data_options.h"
#include "cli/serve_pid_file.h"

namespace po = boost::program_options;

namespace rxmap::cli {

int import_command(int argc, char** argv) {
    DataArgs d;
    bool no_signal = false;
    po::options_description o("rxmap import");
    add_data_options(o, d);
    o.add_options()("no-reload", po::bool_switch(&no_signal),
                    "do not ask the servers of this store to reload (they pick up the import at their next SIGHUP)");
    if (!parse_command(argc, argv, o)) return 0;
    load_atlas(d, true);
    if (!no_signal) signal_servers(d.store_file(), std::cerr);
    return 0;
}

}  // namespace rxmap::cli
