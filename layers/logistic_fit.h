#pragma once
// Two-parameter logistic regression by maximum likelihood: the solver behind the
// facility presence curves (facility_model.h), free of any facility knowledge.
#include <vector>

namespace rxmap::data {

// How a curve came about. Only `converged` and `exact` yield a usable curve.
enum class FitStatus {
    converged,        // Newton–Raphson reached the maximum-likelihood estimate
    exact,            // reference type: solved through its published 50 % and 80 % points
    no_variation,     // every (or no) sampled municipality has the facility: no curve is identifiable
    separated,        // a population threshold separates present from absent: the MLE is at b = ±inf
    iteration_limit,  // no convergence within the iteration cap
    too_few,          // fewer than two distinct populations in the sample, or no data
};
const char* fit_status_name(FitStatus status);  // "converged", "exact", "no-variation", ...

// Result of the two-parameter solver: logit P(y = 1) = a + b x.
struct LogisticFit {
    double a = 0, b = 0;
    int iterations = 0;
    FitStatus status = FitStatus::too_few;
    double log_likelihood = 0;
    double se_a = 0, se_b = 0;  // from the inverse observed information at the estimate
};

// Maximum likelihood by Newton–Raphson (= IRLS for the logit link); see logistic_fit.cpp.
// x and y have the same length; y holds 0 or 1.
LogisticFit fit_logistic(const std::vector<double>& x, const std::vector<int>& y, int max_iterations = 50,
                         double tolerance = 1e-10);

// 1 / (1 + exp(-eta)) without overflow, and its inverse log(p / (1 - p)).
double logistic(double eta);
double logit(double p);

}  // namespace rxmap::data
