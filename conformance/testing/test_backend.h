// The backend a test target runs on. backend_test.bzl instantiates a test once per backend, in the
// manner of gVisor's syscall_test, and passes the backend's name as --backend=NAME; tests read it
// here instead of parsing an environment string.
#ifndef WSDUP_CONFORMANCE_TESTING_TEST_BACKEND_H_
#define WSDUP_CONFORMANCE_TESTING_TEST_BACKEND_H_

#include <memory>
#include <string>
#include <vector>

#include "conformance/run/backend.h"

namespace wsdup::conformance::testing {

// "model", "model_agent" or "winsock".
const std::string& TestBackendName();

// True for the model and the model agent: they perform the model-only ops (vocabulary/ops.h).
bool TestBackendIsTheModel();

// A started backend of the target's kind; a backend that cannot start fails the test that asked.
std::unique_ptr<Backend> MakeTestBackend();

// The ops the backend performs: the model's handlers, or what an agent advertised in its hello.
std::vector<std::string> TestBackendOps(Backend& backend);

// The stack the backend names itself: "model", or the agent's hello ("wine-8.0", ...).
std::string TestBackendStack(Backend& backend);

}  // namespace wsdup::conformance::testing

#endif  // WSDUP_CONFORMANCE_TESTING_TEST_BACKEND_H_
