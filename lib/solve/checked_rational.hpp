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

inline std::uint64_t magnitude(std::int64_t v) { return v < 0 ? 0 - static_cast<std::uint64_t>(v) : v; }

// Binary gcd on 64 bits: the simplex spends most of its time here, and
// 128-bit division (a library call) was the most of that.
inline std::uint64_t gcd64(std::uint64_t a, std::uint64_t b) {
  if (a == 0) return b;
  if (b == 0) return a;
  const int shift = __builtin_ctzll(a | b);
  a >>= __builtin_ctzll(a);
  do {
    b >>= __builtin_ctzll(b);
    if (a > b) {
      const std::uint64_t t = a;
      a = b;
      b = t;
    }
    b -= a;
  } while (b != 0);
  return a << shift;
}

inline bool fits_64(wide value) { return value >= INT64_MIN && value <= INT64_MAX; }

inline wide wide_gcd(wide a, wide b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    if (fits_64(a) && fits_64(b))
      return gcd64(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b));
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
    const auto g = static_cast<std::int64_t>(detail::gcd64(static_cast<std::uint64_t>(a.den_), static_cast<std::uint64_t>(d)));
    const detail::wide t = detail::wide{a.num_} * (d / g) + detail::wide{n} * (a.den_ / g);
    checked_rational r;
    if (t == 0) return r;
    // gcd(t, g) with g < 2^63: one wide remainder at most
    const bool small = detail::fits_64(t);
    const std::uint64_t rest = small ? detail::magnitude(static_cast<std::int64_t>(t))
                                     : static_cast<std::uint64_t>((t < 0 ? -t : t) % g);
    const auto g2 = static_cast<std::int64_t>(detail::gcd64(rest, static_cast<std::uint64_t>(g)));
    r.num_ = small ? detail::narrow(static_cast<std::int64_t>(t) / g2) : detail::narrow(t / g2);
    r.den_ = detail::narrow(detail::wide{a.den_ / g} * (d / g2));
    return r;
  }

  // (an/ad)·(bn/bd) with ad, bd > 0, cross-reduced so the result is reduced.
  static checked_rational product(std::int64_t an, std::int64_t ad, std::int64_t bn, std::int64_t bd) {
    const auto g1 = static_cast<std::int64_t>(detail::gcd64(detail::magnitude(an), static_cast<std::uint64_t>(bd)));
    const auto g2 = static_cast<std::int64_t>(detail::gcd64(detail::magnitude(bn), static_cast<std::uint64_t>(ad)));
    checked_rational r;
    r.num_ = detail::narrow(detail::wide{an / g1} * (bn / g2));
    r.den_ = detail::narrow(detail::wide{ad / g2} * (bd / g1));
    return r;
  }

  std::int64_t num_ = 0;
  std::int64_t den_ = 1;
};

}  // namespace tally::solve
