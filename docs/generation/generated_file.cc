#include "docs/generation/generated_file.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace wsdup::docs {
namespace {

std::string Root() {
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  return workspace ? std::string(workspace) + "/" : std::string();
}

bool Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out.flush());
}

}  // namespace

int WriteGeneratedFiles(std::string_view tool,
                        const std::function<std::vector<GeneratedFile>(const std::string& root)>& render) {
  const std::string root = Root();
  std::vector<GeneratedFile> files;
  try {
    files = render(root);
  } catch (const std::exception& error) {
    std::cerr << tool << ": " << error.what() << "\n";
    return 2;
  }
  for (const GeneratedFile& file : files) {
    if (!Write(root + file.path, file.text)) {
      std::cerr << tool << ": " << root + file.path << ": cannot be written\n";
      return 2;
    }
    std::cout << "wrote " << root + file.path << "\n";
  }
  return 0;
}

std::string StaleReason(const std::string& path, const std::string& expected, std::string_view regenerate_command) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + " is missing: run " + std::string(regenerate_command);
  std::stringstream content;
  content << in.rdbuf();
  const std::string actual = content.str();
  if (actual == expected) return "";
  std::istringstream have(actual), want(expected);
  std::string have_line, want_line;
  size_t line = 1;
  while (true) {
    const bool more_have = static_cast<bool>(std::getline(have, have_line));
    const bool more_want = static_cast<bool>(std::getline(want, want_line));
    if (!more_have || !more_want || have_line != want_line) break;
    ++line;
  }
  return path + " is stale from line " + std::to_string(line) + " (committed: \"" + have_line.substr(0, 120) +
         "\"; current: \"" + want_line.substr(0, 120) + "\"): run " + std::string(regenerate_command);
}

}  // namespace wsdup::docs
