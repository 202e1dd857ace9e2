// Writes docs/traceability.md and the generated part of docs/clarifications.md (between its markers;
// the hand-written prose around them is kept): ./bazelw run //conformance:render_traceability
#include "conformance/format/scenario.h"
#include "conformance/traceability/stack_findings.h"
#include "conformance/traceability/traceability.h"
#include "docs/generation/generated_file.h"

int main() {
  namespace conformance = wsdup::conformance;
  return wsdup::docs::WriteGeneratedFiles("render_traceability", [](const std::string& root) {
    const auto matrix = conformance::BuildTraceability(
        wsdup::spec::LoadCatalog(root + "spec/rules.json"), conformance::LoadTables(root + "fixtures"),
        conformance::LoadTraces(root + "fixtures/traces"), root + "fixtures/deviations");
    const std::string clarifications_path = root + "docs/clarifications.md";
    const std::string clarifications = conformance::SpliceGenerated(
        conformance::ReadTextFile(clarifications_path), conformance::RenderStackFindings(matrix), clarifications_path);
    return std::vector<wsdup::docs::GeneratedFile>{
        {"docs/traceability.md", conformance::RenderTraceability(matrix)},
        {"docs/clarifications.md", clarifications},
    };
  });
}
