// What the wsdup subcommands share: paths as the user typed them, the backend options, starting a
// backend, and writing output files without ever replacing something the user wrote.
#ifndef WSDUP_CONFORMANCE_CLI_CLI_COMMON_H_
#define WSDUP_CONFORMANCE_CLI_CLI_COMMON_H_

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "conformance/run/backend.h"

namespace wsdup::conformance::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;    // an expectation failed, or the gate found a deviation
constexpr int kExitBadInput = 2;  // bad input, bad options, or no usable backend

// `bazel run` starts the binary in its runfiles tree; relative paths are the user's.
std::string ResolvePath(const std::string& path);
// The tables when none are named: the workspace's fixtures/ under `bazel run`, else ./fixtures,
// else the fixtures/ of the nearest directory above that holds WORKSPACE and fixtures/ (so wsdup
// works from anywhere inside the project, as git does). "" when there is none.
std::string DefaultTablesDirectory();
// Says where DefaultTablesDirectory looked and how to point wsdup elsewhere, for when it found none.
std::string NoTablesDirectoryFound();

// Command-line arguments with `--name=value` and `--name value` both accepted for the options
// that take a value.
class Arguments {
 public:
  explicit Arguments(std::vector<std::string> args) : args_(std::move(args)) {}
  bool Done() const { return next_ >= args_.size(); }
  const std::string& Peek() const { return args_[next_]; }
  // Consumes `--name` and returns true.
  bool Flag(const std::string& name);
  // Consumes `--name=V` or `--name V`, storing V; a missing value, or an option given twice (which
  // of two values did the user mean?), is an error in *error.
  bool Value(const std::string& name, std::string* value, std::string* error);
  // Value(), for a whole number in [low, high]: anything else is an error naming the range.
  bool Number(const std::string& name, long low, long high, long* number, std::string* error);
  template <typename T>
  bool Number(const std::string& name, long low, long high, T* target, std::string* error) {
    long number = 0;
    if (!Number(name, low, high, &number, error)) return false;
    if (error->empty()) *target = static_cast<T>(number);
    return true;
  }
  std::string Take() { return args_[next_++]; }

 private:
  std::vector<std::string> args_;
  size_t next_ = 0;
  std::set<std::string> given_;  // value options seen so far
};

// A whole decimal number in [low, high]; nullopt for "4abc", "", "1e3" or anything out of range.
std::optional<long> WholeNumber(const std::string& text, long low, long high);

struct BackendOptions {
  std::string backend;  // model | winsock | agent
  std::string agent_cmd;
  int step_timeout_ms = 10000;
  int wait_ms = 5000;
  int negative_wait_ms = 200;
};

// Consumes one backend option if the next argument is one. Returns true when it consumed it;
// problems go to *error.
bool ParseBackendOption(Arguments* args, BackendOptions* options, std::string* error);
// Checks the combination (known backend, --agent-cmd for agent). Empty when fine.
std::string ValidateBackendOptions(const BackendOptions& options);

struct StartedBackend {
  std::unique_ptr<Backend> backend;
  std::string stack;  // what the stack says it is ("model", "wine-8.0", ...)
};
// Starts the backend; on failure returns a null backend and says why in *problem.
StartedBackend StartBackend(const BackendOptions& options, const std::string& program, std::string* problem);
// `count` instances of the backend to run side by side (--jobs), started one after another; none,
// with *problem saying why, when one cannot start.
std::vector<StartedBackend> StartBackends(const BackendOptions& options, const std::string& program, int count,
                                          std::string* problem);

// Writes `content` to `path` through a temporary file and a rename. Refuses (returns a reason)
// when `path` exists and `is_ours` says its content is not an earlier output of wsdup.
// Why `path` cannot take an output, or "": its directory must exist and be writable, and an
// existing file must be regular and either empty or `is_ours`. Checked before a run, and again
// when writing.
std::string OutputPathProblem(const std::string& path, bool (*is_ours)(const std::string& existing));

std::string WriteOutput(const std::string& path, const std::string& content,
                        bool (*is_ours)(const std::string& existing));

// WriteOutput, for what a whole run produced: when `path` cannot take it after all (its directory
// vanished during the run, the disk filled), the content goes to a new file in the temporary
// directory instead, so a finished run is never thrown away. "" on success; otherwise a message
// naming the problem and where the content went (or that it could not be kept at all).
std::string WriteOutputOrRescue(const std::string& path, const std::string& content,
                                bool (*is_ours)(const std::string& existing));

}  // namespace wsdup::conformance::cli

#endif  // WSDUP_CONFORMANCE_CLI_CLI_COMMON_H_
