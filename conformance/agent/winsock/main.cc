// wsdup's Windows agent (docs/agent-protocol.md). Without arguments it is the coordinator; with
// --worker it is one scenario process, started by the coordinator.
#include <cstring>

namespace wsdup::agent {
int CoordinatorMain();
int WorkerMain(const char* pipe_name);  // nullptr: the std handles
}  // namespace wsdup::agent

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--worker") == 0) {
    // A spawned child is told its pipe: --worker --pipe=NAME.
    const char* pipe = argc > 2 && std::strncmp(argv[2], "--pipe=", 7) == 0 ? argv[2] + 7 : nullptr;
    return wsdup::agent::WorkerMain(pipe);
  }
  return wsdup::agent::CoordinatorMain();
}
