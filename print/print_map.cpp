#include "print/print_map.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <mapnik/agg_renderer.hpp>
#include <mapnik/cairo/cairo_context.hpp>
#include <mapnik/cairo/cairo_renderer.hpp>
#include <mapnik/feature.hpp>
#include <mapnik/feature_factory.hpp>
#include <mapnik/feature_type_style.hpp>
#include <mapnik/image.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>

#include <ogr_geometry.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "layers/geometry.h"
#include "styles/cairo_canvas.h"
#include "styles/choropleth_legend.h"
#include "styles/flow_map.h"
#include "styles/legend.h"
#include "styles/map_builder.h"
#include "styles/mapnik_resources.h"
#include "styles/map_style.h"
#include "styles/memory_layer.h"
#include "styles/palette.h"
#include "print/print_furniture.h"
#include "print/print_metadata.h"
#include "print/print_text.h"

namespace rxmap::styles {

namespace {

// ---------------------------------------------------------------- words

const char* level_by_ja(data::Level level) {
    switch (level) {
        case data::Level::ward: return "市区町村別（政令指定都市は区別）";
        case data::Level::municipality: return "市区町村別";
        case data::Level::prefecture: return "都道府県別";
        case data::Level::bloc: return "地方ブロック別";
        case data::Level::meti: return "経済産業局管内別";
    }
    return "";
}

const char* level_name_en(data::Level level) {
    switch (level) {
        case data::Level::ward: return "municipalities (wards of designated cities)";
        case data::Level::municipality: return "municipalities";
        case data::Level::prefecture: return "prefectures";
        case data::Level::bloc: return "regional blocs";
        case data::Level::meti: return "METI regional bureaus";
    }
    return "";
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const std::string& p : parts) {
        if (p.empty()) continue;
        if (!out.empty()) out += sep;
        out += p;
    }
    return out;
}

// ---------------------------------------------------------------- maps

void add_feature(mapnik::memory_datasource& ds, const std::string& wkb, mapnik::value_integer id) {
    const auto ctx = std::make_shared<mapnik::context_type>();
    mapnik::feature_ptr f(mapnik::feature_factory::create(ctx, id));
    f->set_geometry(geometry_from_wkb(wkb));
    ds.push(f);
}

// Copies the styles of a Mapnik XML document into map, replacing those of the same name.
void add_styles(mapnik::Map& map, const std::string& xml) {
    mapnik::Map styles(16, 16);
    mapnik::load_map_string(styles, xml, true);
    for (const auto& [name, style] : styles.styles()) {
        map.remove_style(name);
        map.insert_style(name, style);
    }
}

// A plain map of the prefectures for flow layers to lie on.
std::unique_ptr<mapnik::Map> build_base_map(const data::Atlas& atlas) {
    auto map = std::make_unique<mapnik::Map>(256, 256, "epsg:3857");
    map->set_background(mapnik::color(kSeaColor));
    add_styles(*map,
               "<Map><Style name=\"print-land\"><Rule>"
               "<PolygonSymbolizer fill=\"#f3f1ec\" gamma=\"0.6\"/>"
               "<LineSymbolizer stroke=\"#a6a6a6\" stroke-width=\"0.5\" stroke-linejoin=\"round\"/>"
               "</Rule></Style></Map>");
    auto ds = new_memory_datasource();
    mapnik::value_integer id = 1;
    for (const data::Area& a : atlas.at(data::Level::prefecture)) add_feature(*ds, a.wkb, id++);
    map->add_layer(map_layer("print-land", ds, {"print-land"}));
    return map;
}

// Fades everything outside the focus prefecture and outlines it, under the labels.
void add_focus_layers(mapnik::Map& map, const std::string& focus_wkb, const tiles::Bounds& around) {
    const data::GeometryPtr focus = data::from_wkb(focus_wkb);
    OGRLinearRing ring;
    ring.addPoint(around.minx, around.miny);
    ring.addPoint(around.maxx, around.miny);
    ring.addPoint(around.maxx, around.maxy);
    ring.addPoint(around.minx, around.maxy);
    ring.addPoint(around.minx, around.miny);
    OGRPolygon box;
    box.addRing(&ring);
    const data::GeometryPtr outside(box.Difference(focus.get()));
    add_styles(map,
               "<Map><Style name=\"print-mask\"><Rule>"
               "<PolygonSymbolizer fill=\"#ffffff\" fill-opacity=\"0.65\"/></Rule></Style>"
               "<Style name=\"print-focus\"><Rule>"
               "<LineSymbolizer stroke=\"#ffffff\" stroke-width=\"3.2\" stroke-opacity=\"0.8\" stroke-linejoin=\"round\"/>"
               "<LineSymbolizer stroke=\"#1f1f1f\" stroke-width=\"1.4\" stroke-linejoin=\"round\"/>"
               "</Rule></Style></Map>");
    std::vector<mapnik::layer> extra;
    if (outside && !outside->IsEmpty()) {
        auto mask = new_memory_datasource();
        add_feature(*mask, data::to_wkb(*outside), 1);
        extra.push_back(map_layer("print-mask", mask, {"print-mask"}));
    }
    auto outline = new_memory_datasource();
    add_feature(*outline, focus_wkb, 1);
    extra.push_back(map_layer("print-focus", outline, {"print-focus"}));

    // On top of everything the map has (the neighbours' labels fade too); flows go on a map of their own above.
    for (mapnik::layer& l : extra) map.add_layer(std::move(l));
}

struct PrintMaps {
    std::vector<std::unique_ptr<mapnik::Map>> stack;  // drawn in order on the same frame
    // > 0: render the style rules of this zoom (256-px tiles) whatever the frame's scale.
    int rule_zoom = 0;

    // What feature_style_processor::apply takes: it multiplies by the scale factor itself.
    double scale_denominator(double scale_factor) const {
        return rule_zoom > 0 ? styles::scale_denominator(rule_zoom) / scale_factor : 0.0;
    }
};

// The style's zoom for all of Japan on a page: thin boundaries, no labels (47 names would hide the data).
constexpr int kJapanRuleZoom = 5;

PrintMaps build_print_maps(const catalog::Variant& v, const catalog::LayerCatalog& catalog, const AreaTarget& target,
                           const PrintLayout& layout) {
    register_mapnik_resources();
    PrintMaps maps;
    if (v.flow) maps.stack.push_back(build_base_map(catalog.atlas()));
    maps.stack.push_back(build_variant_map(v, catalog));
    if (!v.flow) maps.stack.front()->set_background(mapnik::color(print_sea_color(styles::choropleth(catalog, v).colors)));
    if (!target.focus_wkb.empty()) {
        tiles::Bounds around = layout.main.extent;
        const double w = around.maxx - around.minx, h = around.maxy - around.miny;
        around = {around.minx - w, around.miny - h, around.maxx + w, around.maxy + h};
        // The fade goes on the base map of a flow print (flows stay crisp above it).
        add_focus_layers(*maps.stack.front(), target.focus_wkb, around);
    }
    if (target.inset) {  // all of Japan
        maps.rule_zoom = kJapanRuleZoom;
        if (!v.flow) {
            for (mapnik::layer& l : maps.stack.front()->layers())
                if (l.name().find("labels") != std::string::npos) l.set_active(false);
            // Hairline coasts and prefecture boundaries: the tile style's would swallow the small islands.
            add_styles(*maps.stack.front(),
                       "<Map><Style name=\"prefecture-lines\"><Rule>"
                       "<LineSymbolizer stroke=\"#555555\" stroke-width=\"0.35\" stroke-linejoin=\"round\"/>"
                       "</Rule></Style></Map>");
        }
    }
    return maps;
}

void frame_map(mapnik::Map& map, const MapFrame& f) {
    map.resize(static_cast<unsigned>(f.rect.width), static_cast<unsigned>(f.rect.height));
    map.zoom_to_box(mapnik::box2d<double>(f.extent.minx, f.extent.miny, f.extent.maxx, f.extent.maxy));
}

// AGG: renders the frame into an image and copies it into the page (an ARGB32 image surface).
void render_frame_agg(PrintMaps& maps, const MapFrame& f, double scale, cairo_surface_t* page) {
    const unsigned w = static_cast<unsigned>(f.rect.width), h = static_cast<unsigned>(f.rect.height);
    mapnik::image_rgba8 image(w, h);
    for (auto& map : maps.stack) {
        frame_map(*map, f);
        mapnik::agg_renderer<mapnik::image_rgba8> renderer(*map, image, scale);
        renderer.apply(maps.scale_denominator(scale));
    }
    const bool premultiplied = image.get_premultiplied();
    cairo_surface_flush(page);
    unsigned char* data = cairo_image_surface_get_data(page);
    const int stride = cairo_image_surface_get_stride(page);
    const int x0 = static_cast<int>(f.rect.x), y0 = static_cast<int>(f.rect.y);
    const int page_w = cairo_image_surface_get_width(page), page_h = cairo_image_surface_get_height(page);
    for (unsigned y = 0; y < h; ++y) {
        const int py = y0 + static_cast<int>(y);
        if (py < 0 || py >= page_h) continue;
        auto* dst = reinterpret_cast<std::uint32_t*>(data + static_cast<std::ptrdiff_t>(py) * stride);
        const std::uint32_t* src = image.get_row(y);
        for (unsigned x = 0; x < w; ++x) {
            const int px = x0 + static_cast<int>(x);
            if (px < 0 || px >= page_w) continue;
            const std::uint32_t p = src[x];
            std::uint32_t r = p & 0xff, g = (p >> 8) & 0xff, b = (p >> 16) & 0xff;
            const std::uint32_t a = p >> 24;
            if (a == 0) continue;
            if (!premultiplied) {
                r = (r * a + 127) / 255;
                g = (g * a + 127) / 255;
                b = (b * a + 127) / 255;
            }
            if (a < 255) {  // over what the page holds there
                const std::uint32_t d = dst[px], k = 255 - a;
                r += (((d >> 16) & 0xff) * k + 127) / 255;
                g += (((d >> 8) & 0xff) * k + 127) / 255;
                b += ((d & 0xff) * k + 127) / 255;
            }
            dst[px] = (0xffu << 24) | (r << 16) | (g << 8) | b;
        }
    }
    cairo_surface_mark_dirty(page);
}

// Cairo: renders the frame as vectors straight onto the page's context.
void render_frame_cairo(PrintMaps& maps, const MapFrame& f, double scale, cairo_t* cr) {
    cairo_save(cr);
    cairo_translate(cr, f.rect.x, f.rect.y);
    cairo_rectangle(cr, 0, 0, f.rect.width, f.rect.height);
    cairo_clip(cr);
    for (auto& map : maps.stack) {
        frame_map(*map, f);
        mapnik::cairo_ptr context(cairo_reference(cr), mapnik::cairo_closer());
        mapnik::cairo_renderer<mapnik::cairo_ptr> renderer(*map, context, scale);
        renderer.apply(maps.scale_denominator(scale));
    }
    cairo_restore(cr);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_status(cr)));
}

// ---------------------------------------------------------------- files

std::string render_png(PrintMaps& maps, const PrintLayout& L, const PrintTexts& t) {
    CairoSurface page(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, L.page.width, L.page.height));
    if (cairo_surface_status(page.get()) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error("cairo: cannot allocate the page");
    CairoContext cr(cairo_create(page.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    render_frame_agg(maps, L.main, L.scale, page.get());
    if (L.inset) {
        clear_inset(cr.get(), L);
        render_frame_agg(maps, *L.inset, L.scale, page.get());
    }
    draw_furniture(cr.get(), L, t);
    check_cairo(cr.get());
    cairo_surface_flush(page.get());
    std::string png;
    const cairo_status_t status = cairo_surface_write_to_png_stream(page.get(), append_to_string, &png);
    if (status != CAIRO_STATUS_SUCCESS) throw std::runtime_error(std::string("png: ") + cairo_status_to_string(status));
    add_png_dpi(png, L.page.dpi);
    return png;
}

std::string render_vector(PrintMaps& maps, const PrintLayout& L, const PrintTexts& t, PrintFormat format,
                          const PrintMetadata& metadata) {
    std::string out;
    const double pt = L.page.points_per_pixel();
    const double w = L.page.width * pt, h = L.page.height * pt;
    CairoSurface surface(format == PrintFormat::pdf ? cairo_pdf_surface_create_for_stream(append_to_string, &out, w, h)
                                               : cairo_svg_surface_create_for_stream(append_to_string, &out, w, h));
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cairo: no surface");
    if (format == PrintFormat::pdf) {
        set_pdf_metadata(surface.get(), metadata);
    } else {
        cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PT);
    }
    {
        CairoContext cr(cairo_create(surface.get()));
        cairo_scale(cr.get(), pt, pt);
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_rectangle(cr.get(), 0, 0, L.page.width, L.page.height);
        cairo_fill(cr.get());
        render_frame_cairo(maps, L.main, L.scale, cr.get());
        if (L.inset) {
            clear_inset(cr.get(), L);
            render_frame_cairo(maps, *L.inset, L.scale, cr.get());
        }
        draw_furniture(cr.get(), L, t);
        cairo_show_page(cr.get());
        check_cairo(cr.get());
    }
    cairo_surface_finish(surface.get());
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
    return format == PrintFormat::pdf ? pdf_with_language(std::move(out), metadata.language)
                                      : svg_with_metadata(std::move(out), metadata);
}

// Flows of a regional map leave through every edge: no corner is free for the legend.
bool legend_over_map(const catalog::Variant& v, const AreaTarget& target) { return !v.flow || target.inset.has_value(); }


}  // namespace

std::string print_sea_color(const std::vector<std::string>& class_colors) {
    const auto rgb = [](const std::string& hex) {
        const unsigned long v = std::strtoul(hex.c_str() + 1, nullptr, 16);
        return std::array<long, 3>{static_cast<long>(v >> 16 & 0xff), static_cast<long>(v >> 8 & 0xff),
                                   static_cast<long>(v & 0xff)};
    };
    const auto sea = rgb(kSeaColor);
    for (const std::string& c : class_colors) {
        if (c.size() != 7 || c[0] != '#') continue;
        const auto k = rgb(c);
        const long d2 = (k[0] - sea[0]) * (k[0] - sea[0]) + (k[1] - sea[1]) * (k[1] - sea[1]) +
                        (k[2] - sea[2]) * (k[2] - sea[2]);
        if (d2 < 40 * 40) return kPrintPaperSea;
    }
    return kSeaColor;
}

PrintTexts print_texts(const catalog::Variant& v, const catalog::LayerCatalog& catalog, const AreaTarget& target,
                       const std::string& language) {
    const bool en = english_for(language);
    const catalog::LayerDefinition& d = *v.definition;
    PrintTexts t;
    t.english = en;
    std::string area = en ? target.name_en : target.name_ja;
    t.title = en && !d.title_en.empty() ? d.title_en : d.title_ja;
    // A prefecture's map names it first (「長野県 人口増減率（2020年比）」, "Nagano: Population change
    // since 2020"), and not again in the subtitle.
    if (!target.focus_wkb.empty() && !area.empty()) {
        t.title = area + (en ? ": " : " ") + t.title;
        area.clear();
    }
    if (v.flow) {
        const FlowSelection& flows = styles::flow_selection(catalog, v);
        t.subtitle = join({en ? flows.description_en : flows.description_ja, area}, en ? " \u00b7 " : "・");
        t.legend = flow_legend(flows, d.title_ja, d.title_en, {});
    } else {
        const std::string year = v.year ? std::to_string(v.year) + (en ? "" : "年") : "";
        const std::string level = en ? std::string("by ") + level_name_en(v.level) : level_by_ja(v.level);
        t.subtitle = join({year, level, area}, en ? " \u00b7 " : "・");
        t.legend = choropleth_legend(styles::choropleth(catalog, v), v.year);
    }
    t.legend.title_ja = "凡例";
    t.legend.title_en = "Legend";
    if (en && !d.unit_en.empty()) t.legend.unit = d.unit_en;
    if (en && t.legend.unit == "人") t.legend.unit = "persons";
    t.legend.credits.clear();
    t.credits = d.credits;
    std::vector<std::string> notes;
    notes.push_back(en ? "Projection: Web Mercator (EPSG:3857)." : "図法：Webメルカトル（EPSG:3857）");
    if (target.inset)
        notes.push_back(en ? "Southwestern Islands inset at their own scale; the Ogasawara Islands, Minamitorishima "
                             "and Okinotorishima are not shown."
                           : "南西諸島は別縮尺で挿入。小笠原諸島・南鳥島・沖ノ鳥島は省略");
    if (target.omits_islands)
        notes.push_back(en ? "Some outlying islands lie outside the map." : "一部の離島は図の範囲外");
    t.notes = {join(notes, en ? " " : "。")};
    t.inset_caption = en ? "Southwestern Islands" : "南西諸島";
    return t;
}

PrintLayout plan_print(const catalog::Variant& v, const catalog::LayerCatalog& catalog, const PrintArea& area, const PageSpec& page,
                       const std::string& language) {
    const AreaTarget target = area_target(area, catalog.atlas());
    const PrintTexts texts = print_texts(v, catalog, target, language);
    const LandCover land(catalog.atlas(), target);
    return layout_print(page, target, texts, land, legend_over_map(v, target));
}

PrintOutput render_print(const catalog::Variant& v, const catalog::LayerCatalog& catalog, const PrintArea& area, const PageSpec& page,
                         PrintFormat format, const std::string& language) {
    const AreaTarget target = area_target(area, catalog.atlas());
    const PrintTexts texts = print_texts(v, catalog, target, language);
    const LandCover land(catalog.atlas(), target);
    PrintOutput out;
    out.layout = layout_print(page, target, texts, land, legend_over_map(v, target));
    PrintMaps maps = build_print_maps(v, catalog, target, out.layout);
    out.bytes = format == PrintFormat::png ? render_png(maps, out.layout, texts)
                                           : render_vector(maps, out.layout, texts, format, print_metadata(v.key(), texts));
    return out;
}

std::string print_file_name(const catalog::Variant& v, const PrintArea& area, PrintFormat format) {
    std::string name = v.key();
    for (char& c : name)
        if (c == '/') c = '-';
    switch (area.kind) {
        case PrintArea::Kind::japan: name += "_japan"; break;
        case PrintArea::Kind::prefecture: name += "_pref" + area.pref_code; break;
        case PrintArea::Kind::bbox: name += "_bbox"; break;
    }
    return name + "." + print_format_name(format);
}

}  // namespace rxmap::styles
