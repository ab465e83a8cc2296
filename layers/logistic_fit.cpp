#include "layers/logistic_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace rxmap::data {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// log(1 + exp(t)) without overflow.
double softplus(double t) { return std::max(t, 0.0) + std::log1p(std::exp(-std::abs(t))); }

double log_likelihood(const std::vector<double>& z, const std::vector<int>& y, double alpha, double beta) {
    double ll = 0;
    for (size_t i = 0; i < z.size(); ++i) {
        const double eta = alpha + beta * z[i];
        ll -= y[i] ? softplus(-eta) : softplus(eta);
    }
    return ll;
}

// Sum over the sample of w_i [1 z_i; z_i z_i^2] with w = p(1-p) (the information), and the score.
struct Derivatives {
    double h00 = 0, h01 = 0, h11 = 0;
    double g0 = 0, g1 = 0;
    double det() const { return h00 * h11 - h01 * h01; }
};

Derivatives derivatives(const std::vector<double>& z, const std::vector<int>& y, double alpha, double beta) {
    Derivatives d;
    for (size_t i = 0; i < z.size(); ++i) {
        const double p = logistic(alpha + beta * z[i]);
        const double w = p * (1 - p);
        d.h00 += w;
        d.h01 += w * z[i];
        d.h11 += w * z[i] * z[i];
        d.g0 += y[i] - p;
        d.g1 += (y[i] - p) * z[i];
    }
    return d;
}

}  // namespace

double logit(double p) { return std::log(p / (1 - p)); }

double logistic(double eta) {
    if (eta >= 0) return 1 / (1 + std::exp(-eta));
    const double e = std::exp(eta);
    return e / (1 + e);
}

const char* fit_status_name(FitStatus status) {
    switch (status) {
        case FitStatus::converged: return "converged";
        case FitStatus::exact: return "exact";
        case FitStatus::no_variation: return "no-variation";
        case FitStatus::separated: return "separated";
        case FitStatus::iteration_limit: return "iteration-limit";
        case FitStatus::too_few: return "too-few";
    }
    return "?";
}

// The solver.
//
// Maximises the log-likelihood  l(a, b) = sum_i [ y_i eta_i - log(1 + exp(eta_i)) ],  eta_i = a + b x_i,
// by Newton–Raphson. For the logit link the observed and expected information coincide, so this is
// also IRLS (iteratively reweighted least squares) with weights p_i (1 - p_i).
//
//  * x is standardised (z = (x - mean) / sd) before iterating, so the 2x2 information matrix is well
//    conditioned whatever the scale of ln(population); (a, b) are transformed back at the end.
//  * Start: the intercept-only MLE, alpha = logit(share present), beta = 0.
//  * Step: delta = I^{-1} score (2x2 solved in closed form). If the log-likelihood does not increase,
//    the step is halved (up to 40 times), which guarantees monotone ascent.
//  * Converged when every component of the step is below tolerance * (1 + |parameter|);
//    stops with status iteration_limit after `max_iterations` steps.
//  * The MLE does not exist in two situations, detected before iterating because Newton would then
//    drift towards infinity until the cap: no_variation (all y equal: a = ±inf) and separation
//    (a threshold c with every present x >= c and every absent x <= c, or the reverse: b = ±inf).
//    With one regressor the check is exact: the MLE exists iff
//        max x(absent) > min x(present)  and  max x(present) > min x(absent).
//    In those cases a and b are NaN.
LogisticFit fit_logistic(const std::vector<double>& x, const std::vector<int>& y, int max_iterations,
                         double tolerance) {
    if (x.size() != y.size()) throw std::invalid_argument("fit_logistic: x and y differ in length");
    LogisticFit fit;
    fit.a = fit.b = kNaN;
    fit.se_a = fit.se_b = kNaN;
    const size_t n = x.size();
    const double inf = std::numeric_limits<double>::infinity();
    double min_present = inf, max_present = -inf, min_absent = inf, max_absent = -inf;
    double sum = 0;
    int present = 0;
    for (size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i])) throw std::invalid_argument("fit_logistic: x is not finite");
        sum += x[i];
        if (y[i]) {
            ++present;
            min_present = std::min(min_present, x[i]);
            max_present = std::max(max_present, x[i]);
        } else {
            min_absent = std::min(min_absent, x[i]);
            max_absent = std::max(max_absent, x[i]);
        }
    }
    if (n < 2) return fit;  // too_few
    if (present == 0 || present == static_cast<int>(n)) {
        fit.status = FitStatus::no_variation;
        return fit;
    }
    const double mean = sum / n;
    double ss = 0;
    for (double v : x) ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / n);
    if (!(sd > 0)) return fit;  // too_few: one distinct x
    if (!(max_absent > min_present && max_present > min_absent)) {
        fit.status = FitStatus::separated;
        return fit;
    }

    std::vector<double> z(n);
    for (size_t i = 0; i < n; ++i) z[i] = (x[i] - mean) / sd;
    std::vector<int> yy(n);
    for (size_t i = 0; i < n; ++i) yy[i] = y[i] ? 1 : 0;

    double alpha = logit(static_cast<double>(present) / n), beta = 0;
    double ll = log_likelihood(z, yy, alpha, beta);
    fit.status = FitStatus::iteration_limit;
    for (int it = 1; it <= max_iterations; ++it) {
        fit.iterations = it;
        const Derivatives d = derivatives(z, yy, alpha, beta);
        const double det = d.det();
        if (!(det > 0) || !std::isfinite(det)) break;  // information singular: stop (iteration_limit)
        const double step0 = (d.h11 * d.g0 - d.h01 * d.g1) / det;
        const double step1 = (d.h00 * d.g1 - d.h01 * d.g0) / det;
        double t = 1;
        double next_ll = log_likelihood(z, yy, alpha + step0, beta + step1);
        for (int halvings = 0; halvings < 40 && !(next_ll >= ll - 1e-12 * std::abs(ll)); ++halvings) {
            t /= 2;
            next_ll = log_likelihood(z, yy, alpha + t * step0, beta + t * step1);
        }
        alpha += t * step0;
        beta += t * step1;
        ll = next_ll;
        if (std::abs(t * step0) < tolerance * (1 + std::abs(alpha)) &&
            std::abs(t * step1) < tolerance * (1 + std::abs(beta))) {
            fit.status = FitStatus::converged;
            break;
        }
    }
    fit.log_likelihood = ll;
    fit.b = beta / sd;
    fit.a = alpha - fit.b * mean;
    // Standard errors: inverse information at the estimate, transformed by a = alpha - beta m / s, b = beta / s.
    const Derivatives d = derivatives(z, yy, alpha, beta);
    const double det = d.det();
    if (det > 0) {
        const double var_alpha = d.h11 / det, var_beta = d.h00 / det, cov = -d.h01 / det;
        const double k = mean / sd;
        fit.se_b = std::sqrt(var_beta) / sd;
        fit.se_a = std::sqrt(std::max(0.0, var_alpha + k * k * var_beta - 2 * k * cov));
    }
    return fit;
}

}  // namespace rxmap::data
