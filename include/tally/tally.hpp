// tally/tally.hpp — everything: include this one header.
//
// tally turns figures that sources report about one incident ("at least 200
// inmates killed", "181 dead: 124 ISIS, 50 Kurdish forces, 7 civilians") and
// the analyst's category structure into exact integer constraints, and
// reports the tightest range of every count, every minimal set of claims that
// cannot all be true (explained step by step), the cheapest correction given
// source reliability, and the ranges after it.
//
//   #include <tally/tally.hpp>
//
//   auto parsed = tally::parse_claims_file("claims.json");
//   if (!parsed.ok()) { /* parsed.diagnostics says what and where */ }
//   auto result = tally::reconcile(*parsed.document);
//   std::cout << tally::render_report(result, *parsed.document,
//                                     tally::report_format::text);
#pragma once

#include <tally/batch.hpp>
#include <tally/claim_set.hpp>
#include <tally/constraint.hpp>
#include <tally/diagnostic.hpp>
#include <tally/error.hpp>
#include <tally/limits.hpp>
#include <tally/numbers.hpp>
#include <tally/options.hpp>
#include <tally/parse.hpp>
#include <tally/reconcile.hpp>
#include <tally/report.hpp>
#include <tally/result.hpp>
#include <tally/time_point.hpp>
#include <tally/validate.hpp>
#include <tally/version.hpp>
