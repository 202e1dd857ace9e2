// What the target's backend performs is exactly the op table (vocabulary/ops.h): the model's
// handlers, the model agent's hello and the Windows agent's hello, the latter without the
// model-only ops. One target per backend (backend_test.bzl).
#include <set>
#include <string>
#include <vector>

#include "conformance/testing/test_backend.h"
#include "conformance/vocabulary/ops.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wsdup::conformance {
namespace {

using ::testing::ContainerEq;

using Names = std::set<std::string>;

// The table's ops this backend must perform: all of them for the model, the rest for a real stack.
Names ExpectedOps() {
  const std::vector<std::string_view> ops = vocabulary::OpsPerformedBy(testing::TestBackendIsTheModel());
  return Names(ops.begin(), ops.end());
}

TEST(BackendOpsTest, TheBackendPerformsExactlyTheOpsOfTheTable) {
  const std::unique_ptr<Backend> backend = testing::MakeTestBackend();
  const std::vector<std::string> performed = testing::TestBackendOps(*backend);
  EXPECT_THAT(Names(performed.begin(), performed.end()), ContainerEq(ExpectedOps()));
}

// A real stack that advertised a model-only op would be asked to fake it.
TEST(BackendOpsTest, ARealStackAdvertisesNoModelOnlyOp) {
  if (testing::TestBackendIsTheModel()) GTEST_SKIP() << "the model performs every op";
  const std::unique_ptr<Backend> backend = testing::MakeTestBackend();
  for (const std::string& op : testing::TestBackendOps(*backend)) {
    EXPECT_EQ(vocabulary::FindOp(op)->performer, vocabulary::Performer::kEveryBackend) << op;
  }
}

}  // namespace
}  // namespace wsdup::conformance
