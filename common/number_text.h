#pragma once
// Numbers as text: for documents other programs read (JSON, XML, SQL) and for what a person
// reads (legend labels, prints). rxmap never calls setlocale, so the decimal point is '.'.
#include <string>

namespace rxmap::common {

// printf's "%.*g": at most `digits` significant digits, trailing zeros dropped,
// an exponent for very large or small values. 6 is what iostreams print by
// default; 17 reads back as the same double (hashes and SQL use it).
std::string significant_digits(double v, int digits = 6);

// The shortest decimal that reads back as v ("0.1", not "0.10000000000000001").
std::string shortest_number(double v);

// v rounded to `decimals` places (CSV values: no 15-digit floats). Not finite: unchanged.
double round_to(double v, int decimals);

// For a person: fixed decimals, thousands separators and a true minus sign ("−1,234.5");
// "−0" after rounding is "0". The viewer's format.js writes numbers the same way.
std::string grouped_number(double v, int decimals);

// Large counts for a person (legend labels whose edges reach 100,000): Japanese in 万 from 10,000
// ("17.6万", one decimal), English in k from 10,000 ("176k") and M from a million ("4.91M");
// smaller numbers as grouped_number(v, 0) ("7,000").
std::string large_number(double v, bool japanese);

}  // namespace rxmap::common
