// Writes docs/traceability.md: ./bazelw run //conformance:render_traceability
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "conformance/traceability.h"

int main() {
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  const std::string root = workspace ? std::string(workspace) + "/" : std::string();
  try {
    const auto matrix = wsdup::conformance::BuildTraceability(
        wsdup::spec::LoadCatalog(root + "spec/rules.json"), wsdup::conformance::LoadTables(root + "fixtures"),
        wsdup::conformance::LoadTraces(root + "fixtures/traces"), root + "fixtures/deviations");
    std::ofstream(root + "docs/traceability.md") << wsdup::conformance::RenderTraceability(matrix);
  } catch (const std::exception& error) {
    std::cerr << "render_traceability: " << error.what() << "\n";
    return 2;
  }
  std::cout << "wrote " << root << "docs/traceability.md\n";
  return 0;
}
