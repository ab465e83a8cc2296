#pragma once
// A text in Japanese and English: labels, units and notes a query hands to readers of both.
#include <string>

namespace rxmap::queries {

struct Bilingual {
    std::string ja, en;
};

}  // namespace rxmap::queries
