// Writes docs/traceability.md and the generated part of docs/clarifications.md (between its markers;
// the hand-written prose around them is kept): ./bazelw run //conformance:render_traceability
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "conformance/format/scenario.h"
#include "conformance/traceability/stack_findings.h"
#include "conformance/traceability/traceability.h"

namespace {

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw wsdup::conformance::InputError(path + ": cannot be written");
  std::cout << "wrote " << path << "\n";
}

}  // namespace

int main() {
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  const std::string root = workspace ? std::string(workspace) + "/" : std::string();
  try {
    const auto matrix = wsdup::conformance::BuildTraceability(
        wsdup::spec::LoadCatalog(root + "spec/rules.json"), wsdup::conformance::LoadTables(root + "fixtures"),
        wsdup::conformance::LoadTraces(root + "fixtures/traces"), root + "fixtures/deviations");
    // Both documents are computed before either is written, so a bad marker leaves both untouched.
    const std::string clarifications_path = root + "docs/clarifications.md";
    const std::string clarifications =
        wsdup::conformance::SpliceGenerated(wsdup::conformance::ReadTextFile(clarifications_path),
                                            wsdup::conformance::RenderStackFindings(matrix), clarifications_path);
    Write(root + "docs/traceability.md", wsdup::conformance::RenderTraceability(matrix));
    Write(clarifications_path, clarifications);
  } catch (const std::exception& error) {
    std::cerr << "render_traceability: " << error.what() << "\n";
    return 2;
  }
  return 0;
}
