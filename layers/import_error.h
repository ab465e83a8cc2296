#pragma once
// The error of an input that cannot be imported: a source file that is missing, unreadable or
// malformed. Its message names the file (and the line or feature where there is one).
#include <stdexcept>

namespace rxmap::data {

struct ImportError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace rxmap::data
