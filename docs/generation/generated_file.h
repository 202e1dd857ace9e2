// Documents generated from the sources (spec/rules.md, docs/traceability.md, the generated part of
// docs/clarifications.md): one way to write them into the workspace, and one way for a test to
// say that a committed copy is stale and which command regenerates it.
#ifndef WSDUP_DOCS_GENERATION_GENERATED_FILE_H_
#define WSDUP_DOCS_GENERATION_GENERATED_FILE_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wsdup::docs {

struct GeneratedFile {
  std::string path;  // under the workspace root
  std::string text;
};

// For a render tool's main: renders every file from the workspace root (as `bazel run` gives it;
// the current directory otherwise), then writes them. Nothing is written unless every file rendered,
// so a bad input leaves all of them as they were. Prints "wrote <path>" per file, or
// "<tool>: <error>" and returns 2.
int WriteGeneratedFiles(std::string_view tool,
                        const std::function<std::vector<GeneratedFile>(const std::string& root)>& render);

// "" when the file at `path` holds exactly `expected`; otherwise why not (missing, or the first line
// that differs) and the command that regenerates it.
std::string StaleReason(const std::string& path, const std::string& expected, std::string_view regenerate_command);

}  // namespace wsdup::docs

#endif  // WSDUP_DOCS_GENERATION_GENERATED_FILE_H_
