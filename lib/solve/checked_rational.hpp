// A rational with 64-bit numerator and denominator whose every operation is
// checked: a result that does not fit throws overflow_signal instead of
// wrapping. It is the fast number type of the exact simplex; the caller
// catches the signal and redoes the whole solve over GMP rationals, so an
// answer is never silently wrong. Always kept reduced with a positive
// denominator; INT64_MIN is never a numerator (so negation cannot overflow).
//
//   checked_rational a{1, 3}, b{1, 6};
//   a + b == checked_rational{1, 2};
#pragma once

#include <compare>
#include <cstdint>
#include <stdexcept>

namespace tally::solve {

/// Thrown by checked 64-bit arithmetic when an exact result does not fit.
/// Not an error: the caller redoes the computation with GMP numbers.
struct overflow_signal {};

namespace detail {

__extension__ typedef __int128 wide;

inline wide wide_gcd(wide a, wide b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    const wide t = a % b;
    a = b;
    b = t;
  }
  return a;
}

inline std::int64_t narrow(wide value) {
  if (value > INT64_MAX || value <= INT64_MIN) throw overflow_signal{};
  return static_cast<std::int64_t>(value);
}

}  // namespace detail

class checked_rational {
 public:
  constexpr checked_rational() = default;
  checked_rational(std::int64_t value) : num_(value) {  // NOLINT: integers convert implicitly
    if (value == INT64_MIN) throw overflow_signal{};
  }
  checked_rational(std::int64_t numerator, std::int64_t denominator) {
    if (denominator == 0) throw std::domain_error("checked_rational: zero denominator");
    assign(numerator, denominator);
  }

  std::int64_t numerator() const { return num_; }
  std::int64_t denominator() const { return den_; }
  bool is_integer() const { return den_ == 1; }
  int sign() const { return (num_ > 0) - (num_ < 0); }

  checked_rational operator-() const {
    checked_rational r;
    r.num_ = -num_;
    r.den_ = den_;
    return r;
  }

  friend checked_rational operator+(const checked_rational& a, const checked_rational& b) {
    if (a.den_ == 1 && b.den_ == 1) return from_reduced(detail::narrow(detail::wide{a.num_} + b.num_), 1);
    return sum(a, b.num_, b.den_);
  }
  friend checked_rational operator-(const checked_rational& a, const checked_rational& b) {
    if (a.den_ == 1 && b.den_ == 1) return from_reduced(detail::narrow(detail::wide{a.num_} - b.num_), 1);
    return sum(a, -b.num_, b.den_);
  }
  friend checked_rational operator*(const checked_rational& a, const checked_rational& b) {
    if (a.num_ == 0 || b.num_ == 0) return {};
    if (a.den_ == 1 && b.den_ == 1) return from_reduced(detail::narrow(detail::wide{a.num_} * b.num_), 1);
    return product(a.num_, a.den_, b.num_, b.den_);
  }
  friend checked_rational operator/(const checked_rational& a, const checked_rational& b) {
    if (b.num_ == 0) throw std::domain_error("checked_rational: division by zero");
    if (a.num_ == 0) return {};
    return b.num_ > 0 ? product(a.num_, a.den_, b.den_, b.num_) : product(-a.num_, a.den_, b.den_, -b.num_);
  }
  checked_rational& operator+=(const checked_rational& b) { return *this = *this + b; }
  checked_rational& operator-=(const checked_rational& b) { return *this = *this - b; }
  checked_rational& operator*=(const checked_rational& b) { return *this = *this * b; }
  checked_rational& operator/=(const checked_rational& b) { return *this = *this / b; }

  friend bool operator==(const checked_rational& a, const checked_rational& b) = default;
  friend std::strong_ordering operator<=>(const checked_rational& a, const checked_rational& b) {
    if (a.den_ == b.den_) return a.num_ <=> b.num_;
    return detail::wide{a.num_} * b.den_ <=> detail::wide{b.num_} * a.den_;
  }

  /// ⌊value⌋ and ⌈value⌉.
  std::int64_t floor() const {
    std::int64_t q = num_ / den_;
    if (num_ % den_ != 0 && num_ < 0) --q;
    return q;
  }
  std::int64_t ceil() const {
    std::int64_t q = num_ / den_;
    if (num_ % den_ != 0 && num_ > 0) ++q;
    return q;
  }

 private:
  static checked_rational from_reduced(std::int64_t n, std::int64_t d) {
    checked_rational r;
    r.num_ = n;
    r.den_ = d;
    return r;
  }

  void assign(detail::wide n, detail::wide d) {
    if (d < 0) {
      n = -n;
      d = -d;
    }
    const detail::wide g = detail::wide_gcd(n, d);
    if (g > 1) {
      n /= g;
      d /= g;
    }
    num_ = detail::narrow(n);
    den_ = detail::narrow(d);
  }

  // a + n/d (Knuth 4.5.1: one gcd of the denominators, one of the result).
  static checked_rational sum(const checked_rational& a, std::int64_t n, std::int64_t d) {
    const detail::wide g = detail::wide_gcd(a.den_, d);
    const detail::wide t = detail::wide{a.num_} * (d / g) + detail::wide{n} * (a.den_ / g);
    const detail::wide g2 = detail::wide_gcd(t, g);
    checked_rational r;
    if (t == 0) return r;
    r.num_ = detail::narrow(t / g2);
    r.den_ = detail::narrow(detail::wide{a.den_ / g} * (d / static_cast<std::int64_t>(g2)));
    return r;
  }

  // (an/ad)·(bn/bd) with ad, bd > 0, cross-reduced so the result is reduced.
  static checked_rational product(std::int64_t an, std::int64_t ad, std::int64_t bn, std::int64_t bd) {
    const detail::wide g1 = detail::wide_gcd(an, bd);
    const detail::wide g2 = detail::wide_gcd(bn, ad);
    checked_rational r;
    r.num_ = detail::narrow((detail::wide{an} / g1) * (detail::wide{bn} / g2));
    r.den_ = detail::narrow((detail::wide{ad} / g2) * (detail::wide{bd} / g1));
    return r;
  }

  std::int64_t num_ = 0;
  std::int64_t den_ = 1;
};

}  // namespace tally::solve
