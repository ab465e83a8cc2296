// `rxmap render`: a printed map (server/print_service.h draws the same for GET /static/…) as a file.
//
//   rxmap render --layer population/2020 (--pref 20 | --bbox 138.5,35.5,139.9,36.2 | --japan)
//                [--size 2480x3508 | --paper A4|A3 --orientation portrait|landscape] [--dpi 300]
//                [--format png|pdf|svg] [--lang ja|en] --out map.pdf
//
// The format comes from --out's extension unless given. dpi 72..600; the page at most
// 10,000 px per side and 40 million pixels.
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/data_options.h"
#include "print/print_map.h"
#include "print/print_page.h"

namespace po = boost::program_options;

namespace rxmap::cli {

namespace {

struct RenderArgs {
    std::string layer, pref, bbox, size, paper, orientation, format, lang = "ja", out;
    bool japan = false;
    double dpi = 300;
};

void add_render_options(po::options_description& o, RenderArgs& a) {
    o.add_options()
        ("layer", po::value(&a.layer), "layer variant, e.g. population/2020/municipality or migration/net/top30")
        ("pref", po::value(&a.pref), "a prefecture: code (20) or name (長野県)")
        ("bbox", po::value(&a.bbox), "lon/lat box: west,south,east,north")
        ("japan", po::bool_switch(&a.japan), "all of Japan, with an inset of the southwestern islands")
        ("size", po::value(&a.size), "page in pixels, WIDTHxHEIGHT (instead of --paper)")
        ("paper", po::value(&a.paper), "A4 or A3 (default A4)")
        ("orientation", po::value(&a.orientation), "portrait (default) or landscape")
        ("dpi", po::value(&a.dpi)->default_value(a.dpi), "resolution, 72..600")
        ("format", po::value(&a.format), "png, pdf or svg (default: from --out)")
        ("lang", po::value(&a.lang)->default_value(a.lang), "ja or en")
        ("out", po::value(&a.out), "output file");
}

// Checks the arguments, loads the catalog (only when they are sound), renders and writes the file.
// Returns 0, or 2 after printing why the request cannot be printed (bad argument, unknown layer).
int run_render(const RenderArgs& a, const std::function<std::shared_ptr<const catalog::LayerCatalog>()>& load_catalog) {
    auto fail = [](const std::string& why) {
        std::cerr << "rxmap render: " << why << '\n';
        return 2;
    };
    try {
        if (a.layer.empty()) return fail("--layer is required (see GET /layers for the variants)");
        if (a.out.empty()) return fail("--out is required");
        std::string format_name = a.format;
        if (format_name.empty()) {
            const size_t dot = a.out.rfind('.');
            if (dot == std::string::npos || a.out.find('/', dot) != std::string::npos)
                return fail("give --format, or an --out file ending in .png, .pdf or .svg");
            format_name = a.out.substr(dot);
        }
        const auto format = styles::parse_print_format(format_name);
        if (!format) return fail("format must be png, pdf or svg, not " + format_name);
        if (a.lang != "ja" && a.lang != "en") return fail("--lang must be ja or en");
        styles::PageRequest p;
        if (!a.size.empty()) {
            const auto [w, h] = styles::parse_page_size(a.size);
            p.width = w;
            p.height = h;
        }
        p.paper = a.paper;
        p.orientation = a.orientation;
        p.dpi = a.dpi;
        const styles::PageSpec page = styles::resolve_page(p, styles::PrintLimits{});
        if (a.japan + !a.pref.empty() + !a.bbox.empty() != 1) return fail("give exactly one of --pref, --bbox or --japan");

        const auto catalog = load_catalog();
        const auto variant = catalog->resolve(a.layer);
        if (!variant) return fail("no layer " + a.layer + " (see GET /layers for the variants)");
        const styles::PrintArea area = styles::parse_print_area(
            a.pref.empty() ? std::nullopt : std::optional<std::string>(a.pref),
            a.bbox.empty() ? std::nullopt : std::optional<std::string>(a.bbox), a.japan, catalog->atlas());
        const styles::PrintOutput out = styles::render_print(*variant, *catalog, area, page, *format, a.lang);
        std::ofstream file(a.out, std::ios::binary);
        file.write(out.bytes.data(), static_cast<std::streamsize>(out.bytes.size()));
        file.close();
        if (!file) {
            std::cerr << "rxmap render: cannot write " << a.out << '\n';
            return 1;
        }
        std::cerr << "rxmap render: wrote " << a.out << " (" << variant->key() << ", "
                  << (page.paper.empty() ? "" : page.paper + (page.landscape ? " landscape, " : " portrait, "))
                  << page.width << "x" << page.height << " px at " << page.dpi << " dpi, " << out.bytes.size()
                  << " bytes; scale bar " << out.layout.main.scale_bar.length_km << " km)\n";
        return 0;
    } catch (const styles::PrintError& e) {
        return fail(e.what());
    }
}

}  // namespace

int render_command(int argc, char** argv) {
    DataArgs d;
    RenderArgs args;
    po::options_description o("rxmap render");
    add_data_options(o, d);
    add_render_options(o, args);
    if (!parse_command(argc, argv, o)) return 0;
    return run_render(args, [&] { return load_catalog(d); });
}

}  // namespace rxmap::cli
