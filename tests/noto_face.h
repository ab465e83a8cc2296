#pragma once
// The Japanese face of Noto Sans CJK (fonts-noto-cjk), opened with FreeType for tests of label drawing.
#include <ft2build.h>
#include FT_FREETYPE_H

#include <string>

namespace rxmap::test {

inline constexpr const char* kNotoCjkFile = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

// The face of the TTC that Mapnik calls "Noto Sans CJK JP Regular"; null when missing.
inline FT_Face japanese_face(FT_Library library) {
    for (FT_Long i = 0;; ++i) {
        FT_Face face = nullptr;
        if (FT_New_Face(library, kNotoCjkFile, i, &face) != 0) return nullptr;
        if (std::string(face->family_name) == "Noto Sans CJK JP") return face;
        FT_Done_Face(face);
    }
}

}  // namespace rxmap::test
