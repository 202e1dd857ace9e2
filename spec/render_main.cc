// Writes spec/rules.md from spec/rules.json: ./bazelw run //spec:render_rules
#include "docs/generation/generated_file.h"
#include "spec/catalog.h"

int main() {
  return wsdup::docs::WriteGeneratedFiles("render_rules", [](const std::string& root) {
    return std::vector<wsdup::docs::GeneratedFile>{
        {"spec/rules.md", wsdup::spec::RenderMarkdown(wsdup::spec::LoadCatalog(root + "spec/rules.json"))}};
  });
}
