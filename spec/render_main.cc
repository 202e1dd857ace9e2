// Writes spec/rules.md from spec/rules.json: ./bazelw run //spec:render_rules
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "spec/catalog.h"

int main() {
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  const std::string root = workspace ? std::string(workspace) + "/" : std::string();
  try {
    const std::string markdown = wsdup::spec::RenderMarkdown(
        wsdup::spec::LoadCatalog(root + "spec/rules.json"));
    std::ofstream(root + "spec/rules.md") << markdown;
  } catch (const std::exception& error) {
    std::cerr << "render_rules: " << error.what() << "\n";
    return 2;
  }
  std::cout << "wrote " << root << "spec/rules.md\n";
  return 0;
}
