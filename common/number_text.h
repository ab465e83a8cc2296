#pragma once
// Numbers as text, for documents other programs read (JSON, XML, SQL, labels).
// rxmap never calls setlocale, so the decimal point is '.'.
#include <string>

namespace rxmap::common {

// printf's "%.*g": at most `digits` significant digits, trailing zeros dropped,
// an exponent for very large or small values. 6 is what iostreams print by
// default; 17 reads back as the same double (hashes and SQL use it).
std::string significant_digits(double v, int digits = 6);

// The shortest decimal that reads back as v ("0.1", not "0.10000000000000001").
std::string shortest_number(double v);

}  // namespace rxmap::common
