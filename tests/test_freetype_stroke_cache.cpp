// styles/freetype_stroke_cache.*: a halo taken from the cache is FreeType's stroke of the glyph where
// it stands, point for point, wherever the glyph stands (whole and fractional pixels, far into a
// metatile, beyond its edge), and Mapnik's labels are drawn the same, pixel for pixel, with the
// cache and without it.
#include <gtest/gtest.h>

#include <dlfcn.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_GLYPH_H
#include FT_STROKER_H

#include <string>
#include <vector>

#include "label_map.h"
#include "noto_face.h"
#include "styles/freetype_stroke_cache.h"

using namespace rxmap;

namespace {

using GlyphStroke = FT_Error (*)(FT_Glyph*, FT_Stroker, FT_Bool);

struct Outline {
    std::vector<std::pair<FT_Pos, FT_Pos>> points;
    std::vector<char> tags;
    std::vector<short> contours;
    bool operator==(const Outline& o) const { return points == o.points && tags == o.tags && contours == o.contours; }
};

Outline outline_of(FT_Glyph glyph) {
    const FT_Outline& o = reinterpret_cast<FT_OutlineGlyph>(glyph)->outline;
    Outline out;
    for (int i = 0; i < o.n_points; ++i) {
        out.points.emplace_back(o.points[i].x, o.points[i].y);
        out.tags.push_back(o.tags[i]);
    }
    out.contours.assign(o.contours, o.contours + o.n_contours);
    return out;
}

// The glyph of code point c at pen (in 1/64 px), as Mapnik loads it for a label.
FT_Glyph glyph_at(FT_Face face, unsigned c, FT_Vector pen) {
    FT_Set_Transform(face, nullptr, &pen);
    if (FT_Load_Glyph(face, FT_Get_Char_Index(face, c), FT_LOAD_DEFAULT | FT_LOAD_NO_HINTING) != 0) return nullptr;
    FT_Glyph glyph = nullptr;
    return FT_Get_Glyph(face->glyph, &glyph) == 0 ? glyph : nullptr;
}

}  // namespace

TEST(FreetypeStrokeCache, CachedHalosAreFreetypesStrokeWhereverTheGlyphStands) {
    const auto freetype_own = reinterpret_cast<GlyphStroke>(dlsym(RTLD_NEXT, "FT_Glyph_Stroke"));
    ASSERT_NE(freetype_own, nullptr);
    ASSERT_NE(reinterpret_cast<void*>(freetype_own), reinterpret_cast<void*>(&FT_Glyph_Stroke));
    FT_Library library = nullptr;
    ASSERT_EQ(FT_Init_FreeType(&library), 0);
    FT_Face face = test::japanese_face(library);
    ASSERT_NE(face, nullptr) << test::kNotoCjkFile;
    ASSERT_EQ(FT_Set_Char_Size(face, 0, 13 * 64, 72, 72), 0);
    FT_Stroker stroker = nullptr;
    ASSERT_EQ(FT_Stroker_New(library, &stroker), 0);

    const styles::StrokeCacheCounts before = styles::stroke_cache_counts();
    const FT_Vector pens[] = {{64 * 10, 64 * 20},   {64 * 10 + 37, 64 * 20 + 5}, {64 * 1500 + 63, 64 * 2047 + 1},
                              {64 * 700 + 1, 64 * 16 + 3}, {-64 * 5 + 17, 64 * 40},     {64 * 33, -64 * 2 + 9}};
    int strokes = 0;
    for (FT_Fixed radius : {FT_Fixed{64}, FT_Fixed{2 * 64 + 32}})
        for (unsigned c : {0x5343u /*千*/, 0x672du /*札*/, 0x5e4cu /*幌*/, 0x9ce5u /*鳥*/, 0x30f6u /*ヶ*/, unsigned{'g'}})
            for (const FT_Vector& pen : pens) {
                FT_Stroker_Set(stroker, radius, FT_STROKER_LINECAP_ROUND, FT_STROKER_LINEJOIN_ROUND, 0);
                FT_Glyph glyph = glyph_at(face, c, pen);
                ASSERT_NE(glyph, nullptr) << c;
                FT_Glyph expected = glyph;
                ASSERT_EQ(freetype_own(&expected, stroker, 0), 0);
                FT_Glyph cached = glyph;
                ASSERT_EQ(FT_Glyph_Stroke(&cached, stroker, 1), 0);  // destroys glyph
                ++strokes;
                EXPECT_TRUE(outline_of(cached) == outline_of(expected))
                    << "U+" << std::hex << c << std::dec << " at " << pen.x << "," << pen.y << " radius " << radius;
                FT_Done_Glyph(cached);
                FT_Done_Glyph(expected);
            }
    const styles::StrokeCacheCounts after = styles::stroke_cache_counts();
    // Each glyph and radius: stroked once, then taken from the cache at the three other pens
    // inside the image; the two pens beyond its left and bottom edges go to FreeType.
    EXPECT_EQ(after.misses - before.misses, 12u);
    EXPECT_EQ(after.hits - before.hits, 12u * 3);
    EXPECT_EQ(after.bypassed - before.bypassed, 12u * 2);
    EXPECT_EQ(after.hits + after.misses + after.bypassed - before.hits - before.misses - before.bypassed,
              static_cast<std::uint64_t>(strokes));
    EXPECT_GT(after.bytes, before.bytes);

    // A stroker set with other settings after the last glyph is not the one the cache knows.
    FT_Stroker other = nullptr;
    ASSERT_EQ(FT_Stroker_New(library, &other), 0);
    FT_Glyph glyph = glyph_at(face, 0x5343u, pens[0]);
    const std::uint64_t bypassed = styles::stroke_cache_counts().bypassed;
    ASSERT_EQ(FT_Glyph_Stroke(&glyph, other, 1), 0);
    EXPECT_EQ(styles::stroke_cache_counts().bypassed, bypassed + 1);
    FT_Done_Glyph(glyph);
    FT_Stroker_Done(other);
    FT_Stroker_Done(stroker);
    FT_Done_Face(face);
    FT_Done_FreeType(library);
}

TEST(FreetypeStrokeCache, MapnikDrawsTheSameLabelsWithTheCache) {
    // The same names at many fractional positions, and one running off the left edge.
    const char* names[] = {"千代田区", "札幌市中央区", "南鳥島"};
    std::vector<test::LabelAt> labels;
    for (int i = 0; i < 24; ++i)
        labels.push_back({names[i % 3], i == 23 ? -2990.0 : -2600.0 + 231.7 * i, -1200.0 + 103.3 * i});
    const mapnik::Map map = test::label_map(
        600, 300, {-3000, -1500, 3000, 1500}, "#dbe9f2",
        R"(size="14" fill="#222222" halo-fill="#ffffff" halo-radius="1.5" placement="point" allow-overlap="true")", labels);
    auto draw = [&](bool cached) {
        styles::set_stroke_cache_enabled(cached);
        mapnik::image_rgba8 image = test::draw(map);
        styles::set_stroke_cache_enabled(true);
        return image;
    };
    const mapnik::image_rgba8 freetype_only = draw(false);
    const styles::StrokeCacheCounts before = styles::stroke_cache_counts();
    const mapnik::image_rgba8 with_cache = draw(true);
    const styles::StrokeCacheCounts after = styles::stroke_cache_counts();
    EXPECT_GT(after.hits - before.hits, 20u) << "Mapnik's halos did not reach the cache";
    EXPECT_GE(after.bypassed - before.bypassed, 1u) << "the label off the left edge";
    int different = 0, halo = 0;
    for (unsigned y = 0; y < with_cache.height(); ++y)
        for (unsigned x = 0; x < with_cache.width(); ++x) {
            different += with_cache(x, y) != freetype_only(x, y);
            halo += (with_cache(x, y) & 0xffffff) == 0xffffff;
        }
    EXPECT_EQ(different, 0);
    EXPECT_GT(halo, 500) << "the halos were drawn";
}
