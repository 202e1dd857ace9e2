#include "conformance/cli/cli_common.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include "conformance/agent/agent_backend.h"
#include "conformance/run/model_backend.h"
#include "conformance/agent/winsock_backend.h"

namespace wsdup::conformance::cli {
namespace {

// Windows translates line ends in files not opened as binary; POSIX has no such mode.
#ifdef O_BINARY
constexpr int kBinary = O_BINARY;
#else
constexpr int kBinary = 0;
#endif

}  // namespace

std::string ResolvePath(const std::string& path) {
  const char* workdir = std::getenv("BUILD_WORKING_DIRECTORY");
  if (path.empty() || path[0] == '/' || workdir == nullptr) return path;
  return std::string(workdir) + "/" + path;
}

std::string DefaultTablesDirectory() {
  namespace fs = std::filesystem;
  if (const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY")) return std::string(workspace) + "/fixtures";
  std::error_code error;
  if (fs::is_directory("fixtures", error)) return "fixtures";
  fs::path directory = fs::current_path(error);
  if (error) return "";
  for (;;) {
    if (fs::is_regular_file(directory / "WORKSPACE", error) && fs::is_directory(directory / "fixtures", error)) {
      return (directory / "fixtures").string();
    }
    if (!directory.has_parent_path() || directory.parent_path() == directory) return "";
    directory = directory.parent_path();
  }
}

std::string NoTablesDirectoryFound() {
  std::error_code error;
  return "no tables: found no fixtures/ in " + std::filesystem::current_path(error).string() +
         ", nor beside a WORKSPACE file in any directory above it. Run wsdup inside the wsdup project "
         "(./bazelw run //:wsdup -- ...), or pass --tables DIR";
}

bool Arguments::Flag(const std::string& name) {
  if (Done() || Peek() != name) return false;
  ++next_;
  return true;
}

bool Arguments::Number(const std::string& name, long low, long high, long* number, std::string* error) {
  std::string value;
  if (!Value(name, &value, error)) return false;
  if (!error->empty()) return true;
  const std::optional<long> parsed = WholeNumber(value, low, high);
  if (!parsed) {
    *error = name + " takes a whole number from " + std::to_string(low) + " to " + std::to_string(high) +
             ", not \"" + value + "\"";
  } else {
    *number = *parsed;
  }
  return true;
}

bool Arguments::Value(const std::string& name, std::string* value, std::string* error) {
  if (Done()) return false;
  const std::string& arg = Peek();
  if (arg.rfind(name + "=", 0) == 0) {
    *value = arg.substr(name.size() + 1);
    ++next_;
  } else if (arg == name) {
    ++next_;
    if (Done()) {
      *error = name + " needs a value";
      return true;
    }
    *value = Take();
  } else {
    return false;
  }
  if (value->empty()) *error = name + " needs a value";
  if (!given_.insert(name).second) *error = name + " is given twice";
  return true;
}

std::optional<long> WholeNumber(const std::string& text, long low, long high) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const long value = std::strtol(text.c_str(), nullptr, 10);
  if (value < low || value > high) return std::nullopt;
  return value;
}

namespace {

// The longest bound a flag may set: ten minutes. Every bound is per step or per answer, so a
// larger value is a typo, and an agent allowed to hang that long would outlast a CI job's own limit.
constexpr long kMaxBoundMs = 600000;

bool PositiveMs(Arguments* args, const std::string& name, int* out, std::string* error) {
  std::string text;
  if (!args->Value(name, &text, error)) return false;
  if (!error->empty()) return true;
  if (const std::optional<long> value = WholeNumber(text, 1, kMaxBoundMs)) {
    *out = static_cast<int>(*value);
  } else {
    *error = name + " needs a number of milliseconds between 1 and " + std::to_string(kMaxBoundMs);
  }
  return true;
}

}  // namespace

bool ParseBackendOption(Arguments* args, BackendOptions* options, std::string* error) {
  return args->Value("--backend", &options->backend, error) ||
         args->Value("--agent-cmd", &options->agent_cmd, error) ||
         PositiveMs(args, "--step-timeout-ms", &options->step_timeout_ms, error) ||
         PositiveMs(args, "--wait-ms", &options->wait_ms, error) ||
         PositiveMs(args, "--negative-wait-ms", &options->negative_wait_ms, error);
}

std::string ValidateBackendOptions(const BackendOptions& options) {
  if (options.backend != "model" && options.backend != "agent" && options.backend != "winsock") {
    return "unknown backend \"" + options.backend + "\" (available: model, winsock, agent)";
  }
  if (options.backend == "agent" && options.agent_cmd.empty()) {
    return "--backend=agent needs --agent-cmd='...'";
  }
  return "";
}

StartedBackend StartBackend(const BackendOptions& options, const std::string& program, std::string* problem) {
  if (options.backend == "model") return {std::make_unique<ModelBackend>(), "model"};
  AgentOptions agent;
  if (options.backend == "winsock") {
    const std::string exe = FindWinsockAgent(program);
    if (exe.empty()) {
      *problem = "the Windows agent's .exe was not found (build //conformance/agent/winsock:agent_exe, "
                 "or set WSDUP_WINSOCK_AGENT)";
      return {};
    }
    if (std::string missing = WinsockHostProblem(exe); !missing.empty()) {
      *problem = missing;
      return {};
    }
    agent = WinsockAgentOptions(exe);
  } else {
    agent.command = options.agent_cmd;
  }
  agent.step_timeout_ms = options.step_timeout_ms;
  agent.positive_wait_ms = options.wait_ms;
  agent.negative_wait_ms = options.negative_wait_ms;
  auto backend = std::make_unique<AgentBackend>(agent);
  if (!backend->Start()) {
    *problem = backend->Problem();
    return {};
  }
  std::string stack = backend->Stack();
  return {std::move(backend), stack};
}

std::vector<StartedBackend> StartBackends(const BackendOptions& options, const std::string& program, int count,
                                          std::string* problem) {
  std::vector<StartedBackend> instances;
  for (int i = 0; i < count; ++i) {
    instances.push_back(StartBackend(options, program, problem));
    if (!instances.back().backend) return {};
  }
  return instances;
}

std::string OutputPathProblem(const std::string& path, bool (*is_ours)(const std::string& existing)) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path parent = fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  if (!fs::is_directory(parent, error)) return path + ": the directory " + parent.string() + " does not exist";
  if (::access(parent.string().c_str(), W_OK) != 0) return path + ": the directory " + parent.string() + " is not writable";
  const auto status = fs::status(path, error);
  if (!error && fs::exists(status)) {
    if (!fs::is_regular_file(status)) return path + " exists and is not a regular file; not writing to it";
    // An empty file, or one wsdup wrote, may be replaced; anything else is the user's.
    std::string existing;
    try {
      existing = ReadTextFile(path);
    } catch (const InputError&) {
      existing = "(unreadable)";
    }
    if (!existing.empty() && !is_ours(existing)) {
      return path + " exists and was not written by wsdup; not replacing it (remove it or pick another name)";
    }
  }
  return "";
}

std::string WriteOutput(const std::string& path, const std::string& content,
                        bool (*is_ours)(const std::string& existing)) {
  if (std::string problem = OutputPathProblem(path, is_ours); !problem.empty()) return problem;
  const std::string temporary = path + ".wsdup-tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) {
      std::remove(temporary.c_str());
      return "cannot write " + temporary;
    }
  }
  // std::filesystem::rename, not std::rename: on Windows the C library's rename refuses an existing
  // destination, so wsdup.exe could never replace its own earlier output; the filesystem library
  // replaces it there too, as rename(2) does on POSIX.
  std::error_code renamed;
  std::filesystem::rename(temporary, path, renamed);
  if (renamed) {
    std::remove(temporary.c_str());
    return "cannot create " + path;
  }
  return "";
}

std::string WriteOutputOrRescue(const std::string& path, const std::string& content,
                                bool (*is_ours)(const std::string& existing)) {
  const std::string problem = WriteOutput(path, content, is_ours);
  if (problem.empty()) return "";
  std::error_code error;
  const std::filesystem::path directory = std::filesystem::temp_directory_path(error);
  const std::string extension = std::filesystem::path(path).extension().string();
  // A fresh name, created exclusively, so the rescue never replaces anything, not even an earlier
  // rescue (O_EXCL: portable to Windows, where mkstemps is missing).
  std::string rescue;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    rescue = (directory / ("wsdup-rescued-" + std::to_string(::getpid()) + "-" + std::to_string(attempt) + extension))
                 .string();
    fd = ::open(rescue.c_str(), O_WRONLY | O_CREAT | O_EXCL | kBinary, 0644);
  }
  if (fd < 0) return problem + "; the output could not be kept elsewhere either";
  ::close(fd);  // the name is ours now; a stream writes it whole (write(2) may stop short)
  std::ofstream out(rescue, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out.flush()) {
    std::remove(rescue.c_str());
    return problem + "; the output could not be kept elsewhere either";
  }
  return problem + "; the output is kept in " + rescue + " instead";
}

}  // namespace wsdup::conformance::cli
