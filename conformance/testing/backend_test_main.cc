// main() of every backend_test target: takes --backend=NAME (backend_test.bzl passes it), then runs
// the tests. Parameterised suites are generated after this, so they can depend on the backend.
#include <cstring>
#include <iostream>
#include <string>

#include "gtest/gtest.h"

namespace wsdup::conformance::testing {
std::string& MutableTestBackendName();
}  // namespace wsdup::conformance::testing

int main(int argc, char** argv) {
  constexpr const char kFlag[] = "--backend=";
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], kFlag, sizeof kFlag - 1) == 0) {
      wsdup::conformance::testing::MutableTestBackendName() = argv[i] + sizeof kFlag - 1;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  const std::string& backend = wsdup::conformance::testing::MutableTestBackendName();
  if (backend != "model" && backend != "model_agent" && backend != "winsock") {
    std::cerr << argv[0] << ": needs --backend=model, model_agent or winsock (backend_test.bzl passes it)\n";
    return 2;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
