// styles/harfbuzz_face_cache.*: Mapnik's label shaping reaches the cache in a program that links it,
// and a font with the cached face shapes every string into the glyphs and positions HarfBuzz's own
// hb_ft_font_create gives (so labels are drawn the same, pixel for pixel).
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <hb-ft.h>

#include <memory>
#include <string>
#include <vector>

#include "label_map.h"
#include "noto_face.h"
#include "styles/harfbuzz_face_cache.h"

using namespace rxmap;

namespace {

struct Glyph {
    unsigned codepoint, cluster;
    int x_advance, y_advance, x_offset, y_offset;
    bool operator==(const Glyph& o) const {
        return codepoint == o.codepoint && cluster == o.cluster && x_advance == o.x_advance &&
               y_advance == o.y_advance && x_offset == o.x_offset && y_offset == o.y_offset;
    }
};

std::vector<Glyph> shape(hb_font_t* font, const std::string& text) {
    hb_buffer_t* buffer = hb_buffer_create();
    hb_buffer_add_utf8(buffer, text.c_str(), -1, 0, -1);
    hb_buffer_guess_segment_properties(buffer);
    hb_shape(font, buffer, nullptr, 0);
    unsigned n = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &n);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &n);
    std::vector<Glyph> glyphs;
    for (unsigned i = 0; i < n; ++i)
        glyphs.push_back({info[i].codepoint, info[i].cluster, pos[i].x_advance, pos[i].y_advance, pos[i].x_offset,
                          pos[i].y_offset});
    hb_buffer_destroy(buffer);
    return glyphs;
}

}  // namespace

TEST(HarfbuzzFaceCache, FontsWithTheCachedFaceShapeAsHarfbuzzDoes) {
    FT_Library library = nullptr;
    ASSERT_EQ(FT_Init_FreeType(&library), 0);
    FT_Face face = test::japanese_face(library);
    ASSERT_NE(face, nullptr) << test::kNotoCjkFile;
    ASSERT_EQ(FT_Set_Char_Size(face, 0, 11 * 64, 72, 72), 0);
    using FontCreate = hb_font_t* (*)(FT_Face, hb_destroy_func_t);
    const auto harfbuzz_own = reinterpret_cast<FontCreate>(dlsym(RTLD_NEXT, "hb_ft_font_create"));
    ASSERT_NE(harfbuzz_own, nullptr);
    ASSERT_NE(reinterpret_cast<void*>(harfbuzz_own), reinterpret_cast<void*>(&hb_ft_font_create));

    const std::uint64_t before = styles::harfbuzz_fonts_with_cached_face();
    hb_font_t* first = hb_ft_font_create(face, nullptr);
    hb_font_t* second = hb_ft_font_create(face, nullptr);
    EXPECT_EQ(hb_font_get_face(first), hb_font_get_face(second)) << "one HarfBuzz face per FreeType face";
    EXPECT_EQ(styles::harfbuzz_fonts_with_cached_face(), before + 2);
    for (const std::string text : {"千代田区", "南アルプス市", "Sapporo 札幌市中央区", "ヶ・ー〜", "宇和島市（愛媛県）"}) {
        hb_font_t* reference = harfbuzz_own(face, nullptr);
        const std::vector<Glyph> expected = shape(reference, text);
        EXPECT_FALSE(expected.empty());
        EXPECT_TRUE(shape(first, text) == expected) << text;
        EXPECT_TRUE(shape(second, text) == expected) << text;
        hb_font_destroy(reference);
    }
    hb_font_destroy(first);
    hb_font_destroy(second);
    FT_Done_Face(face);  // destroys the cached face with it (LeakSanitizer would see it otherwise)
    FT_Done_FreeType(library);
}

TEST(HarfbuzzFaceCache, MapniksLabelsReachTheCache) {
    const mapnik::Map map = test::label_map(512, 256, {-2000, -1000, 2000, 1000}, "#ffffff",
                                            R"(size="20" fill="#000000" halo-fill="#ffffff" halo-radius="1" placement="point")",
                                            {{"千代田区", -1500, -300}, {"札幌市", 0, 0}, {"那覇市", 1500, 300}});
    const std::uint64_t before = styles::harfbuzz_fonts_with_cached_face();
    const mapnik::image_rgba8 image = test::draw(map);
    EXPECT_GE(styles::harfbuzz_fonts_with_cached_face() - before, 3u) << "Mapnik shaped the labels without the cache";
    int dark = 0;
    for (unsigned y = 0; y < image.height(); ++y)
        for (unsigned x = 0; x < image.width(); ++x) dark += (image(x, y) & 0xff) < 64;
    EXPECT_GT(dark, 100) << "the labels were drawn";
}
