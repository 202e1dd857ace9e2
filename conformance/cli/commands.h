// The wsdup subcommands; main.cc dispatches to them. Each returns the process's exit code.
#ifndef WSDUP_CONFORMANCE_CLI_COMMANDS_H_
#define WSDUP_CONFORMANCE_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace wsdup::conformance::cli {

// `program` is argv[0] (the Windows agent is found next to it).
int RunCommand(const std::vector<std::string>& args, const std::string& program);
int GateCommand(const std::vector<std::string>& args, const std::string& program);
int RecordCommand(const std::vector<std::string>& args, const std::string& program);
int CheckCommand(const std::vector<std::string>& args);
int ExploreCommand(const std::vector<std::string>& args, const std::string& program);
// `explore --exhaustive ...` (ExploreCommand hands it over).
int ExhaustiveCommand(const std::vector<std::string>& args);

}  // namespace wsdup::conformance::cli

#endif  // WSDUP_CONFORMANCE_CLI_COMMANDS_H_
