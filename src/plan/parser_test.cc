#include "plan/parser.h"

#include <gtest/gtest.h>

namespace ipe::plan {
namespace {

TEST(ParsePlan, Placeholder) { EXPECT_FALSE(ParsePlan("").has_value()); }

}  // namespace
}  // namespace ipe::plan
