// wsdup's Windows agent (docs/agent-protocol.md). Without arguments it is the coordinator; with
// --worker it is one scenario process, started by the coordinator.
#include <cstring>

namespace wsdup::agent {
int CoordinatorMain();
int WorkerMain();
}  // namespace wsdup::agent

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--worker") == 0) return wsdup::agent::WorkerMain();
  return wsdup::agent::CoordinatorMain();
}
