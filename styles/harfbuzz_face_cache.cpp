#include "styles/harfbuzz_face_cache.h"

#include <dlfcn.h>
#include <hb-ft.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace {

std::atomic<std::uint64_t> fonts_with_cached_face{0};

using FontCreate = hb_font_t* (*)(FT_Face, hb_destroy_func_t);

FontCreate harfbuzz_font_create() {
    static const FontCreate next = [] {
        auto f = reinterpret_cast<FontCreate>(dlsym(RTLD_NEXT, "hb_ft_font_create"));
        if (!f) {
            std::fprintf(stderr, "rxmap: libharfbuzz's hb_ft_font_create not found: %s\n", dlerror());
            std::abort();
        }
        return f;
    }();
    return next;
}

}  // namespace

// Replaces libharfbuzz's for the whole process (see the header). A FreeType face is used by one
// thread at a time (Mapnik's face_manager belongs to one renderer), and so is its cached face.
extern "C" hb_font_t* hb_ft_font_create(FT_Face ft_face, hb_destroy_func_t destroy) {
    hb_font_t* font = harfbuzz_font_create()(ft_face, destroy);
    hb_face_t* face = hb_ft_face_create_cached(ft_face);  // owned by ft_face, destroyed with it
    hb_font_set_face(font, face);
    hb_face_destroy(face);  // the font holds its own reference
    fonts_with_cached_face.fetch_add(1, std::memory_order_relaxed);
    return font;
}

namespace rxmap::styles {

std::uint64_t harfbuzz_fonts_with_cached_face() { return fonts_with_cached_face.load(std::memory_order_relaxed); }

}  // namespace rxmap::styles
