#include "conformance/format/scenario.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "conformance/format/notify_expansion.h"
#include "conformance/format/observation.h"
#include "conformance/format/safe_json.h"
#include "conformance/vocabulary/net_events.h"
#include "conformance/vocabulary/ops.h"
#include "conformance/vocabulary/wsa_errors.h"
#include "sim/types.h"

namespace wsdup::conformance {
namespace {

using nlohmann::json;
using vocabulary::ArgKind;
using vocabulary::ArgSpec;
using vocabulary::Binds;
using vocabulary::FindOp;
using vocabulary::OpSpec;

const std::set<std::string> kStepKeys = {"proc", "op", "as", "expect", "thread", "note", "exempt_because"};
const std::set<std::string> kScenarioKeys = {"name", "rules", "doc", "chain", "steps"};

std::string Quote(const std::string& text) { return "\"" + text + "\""; }

// Validates one scenario while tracking which names exist, so "used before bound" is caught here.
class ScenarioValidator {
 public:
  ScenarioValidator(const std::string& file, size_t index, const json& object)
      : file_(file), index_(index), object_(object) {}

  Scenario Run() {
    Scenario scenario;
    scenario.file = file_;
    scenario.definition = object_;
    if (!object_.is_object()) Fail("a scenario must be a JSON object");
    for (const auto& [key, unused] : object_.items()) {
      if (!kScenarioKeys.count(key)) Fail("unknown field " + Quote(key));
    }
    const json* name = Find(object_, "name");
    if (!name || !name->is_string() || name->get<std::string>().empty()) {
      Fail("\"name\" must be a non-empty string");
    }
    scenario.name = name->get<std::string>();
    // Names reach reports and test names: a newline or escape in one could forge a report line.
    if (!IsPrintableText(scenario.name)) {
      Fail("\"name\" " + Quote(Printable(scenario.name)) + " holds control characters or bytes that are not UTF-8");
    }
    label_ = "scenario " + std::to_string(index_ + 1) + " " + Quote(scenario.name);
    if (const json* rules = Find(object_, "rules")) {
      if (!rules->is_array()) Fail("\"rules\" must be a list of rule IDs");
      for (const json& rule : *rules) {
        if (!rule.is_string()) Fail("\"rules\" must be a list of rule IDs (strings)");
        scenario.rules.push_back(rule.get<std::string>());
      }
    }
    if (const json* doc = Find(object_, "doc")) {
      if (!doc->is_string()) Fail("\"doc\" must be a string");
      scenario.doc = doc->get<std::string>();
    }
    if (const json* chain = Find(object_, "chain")) scenario.chain = ValidateChain(*chain);
    const json* steps = Find(object_, "steps");
    if (!steps || !steps->is_array() || steps->empty()) Fail("\"steps\" must be a non-empty list");
    for (size_t i = 0; i < steps->size(); ++i) {
      step_label_ = "step " + std::to_string(i + 1);
      scenario.steps.push_back(ValidateStep(i, (*steps)[i]));
    }
    return scenario;
  }

 private:
  // docs/scenario-format.md, "chain": {"layers": [names, top first], "base": "ifs" | "non_ifs"}.
  // The names are checked by the backend that builds the chain (the model's registry of layers).
  ScenarioChain ValidateChain(const json& chain) const {
    static const char kShape[] =
        "\"chain\" must be {\"layers\": [1 to 6 layer names, the top first], \"base\": \"ifs\" or \"non_ifs\"}";
    if (!chain.is_object()) Fail(kShape);
    for (const auto& [key, unused] : chain.items()) {
      if (key != "layers" && key != "base") Fail(std::string(kShape) + "; unknown field " + Quote(key));
    }
    const json* layers = Find(chain, "layers");
    if (layers == nullptr || !layers->is_array() || layers->empty() || layers->size() > 6) Fail(kShape);
    ScenarioChain parsed;
    for (const json& layer : *layers) {
      if (!layer.is_string() || layer.get<std::string>().empty() || !IsPrintableText(layer.get<std::string>())) {
        Fail(kShape);
      }
      parsed.layers.push_back(layer.get<std::string>());
    }
    if (const json* base = Find(chain, "base")) {
      if (!base->is_string() || (*base != "ifs" && *base != "non_ifs")) Fail(kShape);
      parsed.base_ifs = *base == "ifs";
    }
    return parsed;
  }

  [[noreturn]] void Fail(const std::string& what) const {
    std::string where = file_ + ": ";
    where += label_.empty() ? "scenario " + std::to_string(index_ + 1) : label_;
    if (!step_label_.empty()) where += ": " + step_label_;
    throw InputError(where + ": " + what);
  }

  static const json* Find(const json& object, const char* key) {
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
  }

  std::string RequireString(const json& value, const std::string& field) const {
    if (!value.is_string()) Fail("field " + Quote(field) + " must be a string");
    return value.get<std::string>();
  }

  void RequireAlive(const std::string& proc) const {
    if (exited_.count(proc)) Fail("process " + Quote(proc) + " has exited in an earlier step");
  }

  void RequireBound(const std::string& name, const std::string& kind, const std::string& field) {
    auto it = bound_.find(name);
    if (it == bound_.end()) {
      Fail("field " + Quote(field) + ": name " + Quote(name) + " is not bound (bind it with " +
           (kind == "peer" || kind == "datagram peer" ? std::string("a \"peer\" field")
            : kind == "operation" ? std::string("an \"async\" field")
                                  : std::string("\"as\"")) +
           " in an earlier step)");
    }
    if (it->second != kind) {
      Fail("field " + Quote(field) + ": " + Quote(name) + " is a " + it->second + ", not a " +
           kind);
    }
  }

  void Bind(const std::string& name, const std::string& kind, const std::string& field) {
    if (name.empty()) Fail("field " + Quote(field) + " must not be empty");
    if (bound_.count(name) || owners_.count(name)) {
      Fail("field " + Quote(field) + ": name " + Quote(name) + " is already in use");
    }
    bound_[name] = kind;
  }

  // A bound port or operation, used by the process whose step made it.
  void RequireOwned(const std::string& name, const std::string& kind, const std::string& field, const std::string& proc) {
    RequireBound(name, kind, field);
    if (bound_owner_[name] != proc) {
      Fail(kind + " " + Quote(name) + " belongs to process " + Quote(bound_owner_[name]) +
           "; handles of one process mean nothing in another");
    }
  }

  static std::string BoundKind(Binds binds) {
    switch (binds) {
      case Binds::kSock: return "descriptor";
      case Binds::kBlob: return "blob";
      case Binds::kAddress: return "address";
      case Binds::kPort: return "port";
      case Binds::kNothing: break;
    }
    return "";
  }

  // Event objects and windows exist in one process, created at first mention.
  void Own(const std::string& name, const std::string& kind, const std::string& proc) {
    if (bound_.count(name)) Fail(Quote(name) + " is already bound to a " + bound_[name]);
    auto [it, fresh] = owners_.try_emplace(name, std::make_pair(kind, proc));
    if (!fresh && it->second.first != kind) Fail(Quote(name) + " is a " + it->second.first);
    if (!fresh && it->second.second != proc) {
      Fail(kind + " " + Quote(name) + " belongs to process " + Quote(it->second.second) +
           "; handles of one process mean nothing in another");
    }
  }

  json ValidateArg(const ArgSpec& spec, const json& value, const std::string& proc) {
    const std::string field(spec.name);
    switch (spec.kind) {
      case ArgKind::kSock:
        // A raw descriptor value stands for no name; it names nothing the scenario bound.
        if (value.is_object()) {
          if (proc.empty()) Fail("field " + Quote(field) + ": the harness finds a listener's port through its name");
          if (!RawSockFrom(value)) {
            Fail("field " + Quote(field) + ": " + Dump(value) +
                 " is not a raw descriptor; write {\"raw\": 0} or {\"raw\": \"invalid\"}, or a bound name");
          }
          return value;
        }
        ValidateName(spec.kind, RequireString(value, field), field, proc);
        return value;
      case ArgKind::kBlob:
      case ArgKind::kPeer:
      case ArgKind::kNewPeer:
      case ArgKind::kDgramPeer:
      case ArgKind::kNewDgramPeer:
      case ArgKind::kAddress:
      case ArgKind::kProc:
      case ArgKind::kNewProc:
      case ArgKind::kEvent:
      case ArgKind::kWindow:
        ValidateName(spec.kind, RequireString(value, field), field, proc);
        return value;
      case ArgKind::kEnum:
        RequireChoice(spec, RequireString(value, field));
        return value;
      case ArgKind::kFlagList:
        if (!value.is_array()) Fail("field " + Quote(field) + " must be a list");
        for (const json& item : value) RequireChoice(spec, RequireString(item, field));
        return value;
      case ArgKind::kEventList:
        return CanonicalEvents(value, field);
      case ArgKind::kString:
        RequireString(value, field);
        return value;
      case ArgKind::kBool:
        if (value.is_boolean()) return value;
        if (value.is_number_integer() && (value == 0 || value == 1)) return json(value == 1);
        Fail("field " + Quote(field) + " must be true or false");
      case ArgKind::kCount:
        if (value.is_number_integer() && value.get<int64_t>() >= 1 && value.get<int64_t>() <= 0x7FFFFFFF) return value;
        Fail("field " + Quote(field) + " must be an integer from 1 to 2147483647");
      case ArgKind::kNumber:
        if (value.is_number_integer() && value.get<int64_t>() >= 0 && value.get<int64_t>() <= 0x7FFFFFFF) return value;
        Fail("field " + Quote(field) + " must be an integer from 0 to 2147483647");
      case ArgKind::kPort:
      case ArgKind::kAsync:
      case ArgKind::kNewAsync:
        if (proc.empty()) Fail("field " + Quote(field) + ": the harness holds no " + (spec.kind == ArgKind::kPort ? "port" : "operation"));
        ValidateName(spec.kind, RequireString(value, field), field, proc);
        return value;
      case ArgKind::kOptionValue:
        if (OptionValueFrom(value)) return value;
        Fail("field " + Quote(field) + " must be an integer or {\"l_onoff\": int, \"l_linger\": int}");
    }
    Fail("internal: unhandled argument kind");
  }

  // A name argument: bound before use, bound here, owned by the step's process, or a process.
  void ValidateName(ArgKind kind, const std::string& name, const std::string& field, const std::string& proc) {
    switch (kind) {
      case ArgKind::kSock: RequireBound(name, "descriptor", field); return;
      case ArgKind::kBlob: RequireBound(name, "blob", field); return;
      case ArgKind::kPeer: RequireBound(name, "peer", field); return;
      case ArgKind::kNewPeer: Bind(name, "peer", field); return;
      case ArgKind::kDgramPeer: RequireBound(name, "datagram peer", field); return;
      case ArgKind::kNewDgramPeer: Bind(name, "datagram peer", field); return;
      // An address is the network's, not a process's: any process and the harness may connect to it.
      case ArgKind::kAddress: RequireBound(name, "address", field); return;
      case ArgKind::kProc:
        if (name.empty()) Fail("field " + Quote(field) + " must not be empty");
        mentioned_.insert(name);
        return;
      // spawn's child: CreateProcess makes a new process, so the name must be new too.
      case ArgKind::kNewProc:
        if (name.empty()) Fail("field " + Quote(field) + " must not be empty");
        if (mentioned_.count(name)) Fail("field " + Quote(field) + ": process " + Quote(name) + " already exists");
        mentioned_.insert(name);
        return;
      case ArgKind::kEvent: Own(name, "event", proc); return;
      case ArgKind::kWindow: Own(name, "window", proc); return;
      // Ports and overlapped operations are handles of the process that made them.
      case ArgKind::kPort: RequireOwned(name, "port", field, proc); return;
      case ArgKind::kAsync: RequireOwned(name, "operation", field, proc); return;
      case ArgKind::kNewAsync:
        Bind(name, "operation", field);
        bound_owner_[name] = proc;
        return;
      default: Fail("internal: " + Quote(field) + " is not a name");
    }
  }

  void RequireChoice(const ArgSpec& spec, const std::string& text) const {
    if (std::find(spec.choices.begin(), spec.choices.end(), text) == spec.choices.end()) {
      Fail("field " + Quote(std::string(spec.name)) + ": " + Quote(text) + " is not one of " + Choices(spec));
    }
  }

  static std::string Choices(const ArgSpec& spec) {
    std::string out;
    for (std::string_view choice : spec.choices) {
      out += (out.empty() ? "" : ", ") + std::string(choice);
    }
    return "[" + out + "]";
  }

  // FD_* lists are sets: kept in Winsock bit order so observations compare exactly.
  json CanonicalEvents(const json& value, const std::string& field) const {
    if (!value.is_array()) Fail("field " + Quote(field) + " must be a list of FD_* names");
    uint32_t mask = 0;
    for (const json& item : value) {
      const std::string text = RequireString(item, field);
      std::optional<uint32_t> bit = vocabulary::NetEventFromName(text);
      if (!bit) Fail("field " + Quote(field) + ": " + Quote(text) + " is not an FD_* event name");
      mask |= *bit;
    }
    return json(sim::NetEventNames(mask));
  }

  json ValidateExpectObject(const json& object, const OpSpec& op) const {
    if (!object.is_object()) Fail("\"expect\" must be an object or a list of objects");
    json canonical = json::object();
    for (const auto& [field, value] : object.items()) {
      if (!IsResultField(field)) Fail("\"expect\": unknown result field " + Quote(field));
      // An expectation on a field the op never reports could never be checked.
      if (!vocabulary::Reports(op, field)) {
        Fail("\"expect\": op " + Quote(std::string(op.name)) + " reports no " + Quote(field));
      }
      if (field == "ok" || field == "signaled") {
        if (!value.is_boolean()) Fail("\"expect\": " + Quote(field) + " must be true or false");
      } else if (field == "family" || field == "socktype" || field == "protocol") {
        if (!value.is_number_integer()) Fail("\"expect\": " + Quote(field) + " must be an integer");
      } else if (field == "error") {
        if (!value.is_null() &&
            !(value.is_string() && vocabulary::WsaErrorFromName(value.get<std::string>()))) {
          Fail("\"expect\": \"error\" must be null or a known error name such as WSAEINVAL");
        }
      } else if (field == "events") {
        canonical[field] = CanonicalEvents(value, "expect.events");
        continue;
      } else if (field == "state") {
        static const std::set<std::string> kStates = {"open", "data", "eof", "reset"};
        if (!value.is_string() || !kStates.count(value.get<std::string>())) {
          Fail("\"expect\": \"state\" must be one of open, data, eof, reset");
        }
      }
      canonical[field] = value;
    }
    return canonical;
  }

  Step ValidateStep(size_t index, const json& raw) {
    Step step;
    step.index = index;
    if (!raw.is_object()) Fail("a step must be a JSON object");
    const json* op_field = Find(raw, "op");
    if (!op_field) Fail("missing \"op\"");
    step.op = RequireString(*op_field, "op");
    step_label_ += " (op " + Quote(step.op) + ")";
    const OpSpec* spec = FindOp(step.op);
    if (!spec) Fail("unknown op " + Quote(step.op));
    step.spec = spec;
    RequireKnownKeys(raw, *spec);
    ValidateStepFields(raw, *spec, &step);
    ValidateArgs(raw, *spec, &step);
    ValidateExpect(raw, *spec, &step);
    if (const json* as = Find(raw, "as")) {
      if (spec->binds == Binds::kNothing) Fail("op " + Quote(step.op) + " binds no name; drop \"as\"");
      step.as = RequireString(*as, "as");
      Bind(step.as, BoundKind(spec->binds), "as");
      if (spec->binds == Binds::kPort) bound_owner_[step.as] = step.proc;
    }
    if (step.op == "exit") exited_.insert(step.proc);
    if (step.op == "spawn") RequireAlive(step.typed.parent);  // an exited process starts nothing
    return step;
  }

  void RequireKnownKeys(const json& raw, const OpSpec& spec) const {
    for (const auto& item : raw.items()) {
      const std::string key = item.key();  // a named copy: clang 14 cannot capture bindings
      const bool is_arg = std::any_of(spec.args.begin(), spec.args.end(),
                                      [&key](const ArgSpec& arg) { return arg.name == key; });
      if (!kStepKeys.count(key) && !is_arg) {
        Fail("unknown field " + Quote(key) + " for op " + Quote(std::string(spec.name)));
      }
    }
  }

  // The fields every step may have: proc (required unless the harness runs the op), thread, note,
  // exempt_because.
  void ValidateStepFields(const json& raw, const OpSpec& spec, Step* step) {
    if (const json* proc = Find(raw, "proc")) {
      if (spec.harness) Fail("op " + Quote(step->op) + " runs in the harness and takes no \"proc\"");
      step->proc = RequireString(*proc, "proc");
      if (step->proc.empty()) Fail("\"proc\" must not be empty");
      RequireAlive(step->proc);
      mentioned_.insert(step->proc);
    } else if (!spec.harness) {
      Fail("missing \"proc\"");
    }
    if (const json* thread = Find(raw, "thread")) step->thread = RequireString(*thread, "thread");
    if (const json* note = Find(raw, "note")) RequireString(*note, "note");
    if (const json* exempt = Find(raw, "exempt_because")) {
      step->exempt_because = RequireString(*exempt, "exempt_because");
    }
  }

  // The op's own arguments, as JSON (canonical) and typed.
  void ValidateArgs(const json& raw, const OpSpec& spec, Step* step) {
    step->args = json::object();
    for (const ArgSpec& arg : spec.args) {
      const json* value = Find(raw, std::string(arg.name).c_str());
      if (!value) {
        if (arg.required) Fail("missing field " + Quote(std::string(arg.name)));
        continue;
      }
      step->args[std::string(arg.name)] = ValidateArg(arg, *value, step->proc);
    }
    try {
      step->typed = ParseStepArgs(step->args);
    } catch (const InputError& error) {
      Fail(error.what());
    }
    RequireOneOfEachGroup(spec, *step);
  }

  // Alternatives (ArgSpec::one_of): exactly one argument of each group is given.
  void RequireOneOfEachGroup(const OpSpec& spec, const Step& step) const {
    for (const ArgSpec& arg : spec.args) {
      if (arg.one_of.empty()) continue;
      std::string members;
      size_t given = 0;
      for (const ArgSpec& other : spec.args) {
        if (other.one_of != arg.one_of) continue;
        members += (members.empty() ? "" : " and ") + Quote(std::string(other.name));
        given += step.args.contains(std::string(other.name)) ? 1 : 0;
      }
      if (given != 1) Fail("give exactly one of " + members);
    }
  }

  void ValidateExpect(const json& raw, const OpSpec& spec, Step* step) const {
    const json* expect = Find(raw, "expect");
    if (!expect) return;
    if (!expect->is_array()) {
      step->expect.push_back(ValidateExpectObject(*expect, spec));
      return;
    }
    if (expect->empty()) Fail("\"expect\" list of alternatives must not be empty");
    for (const json& alternative : *expect) step->expect.push_back(ValidateExpectObject(alternative, spec));
  }

  const std::string& file_;
  size_t index_;
  const json& object_;
  std::string label_;
  std::string step_label_;
  std::map<std::string, std::string> bound_;  // name -> descriptor | blob | peer | address | port | operation
  std::map<std::string, std::string> bound_owner_;  // port or operation name -> the process that made it
  std::map<std::string, std::pair<std::string, std::string>> owners_;  // name -> (kind, proc)
  std::set<std::string> exited_;
  std::set<std::string> mentioned_;  // every process named so far (spawn's child must be new)
};

}  // namespace

std::vector<Scenario> ParseScenarios(const json& document, const std::string& file) {
  std::vector<Scenario> scenarios;
  // A row written for both notification mechanisms stands for several plain rows.
  auto add = [&](size_t index, const json& row) {
    for (const json& plain : ExpandNotify(row, file + ": scenario " + std::to_string(index + 1))) {
      scenarios.push_back(ScenarioValidator(file, index, plain).Run());
    }
  };
  if (document.is_object()) {
    add(0, document);
  } else if (document.is_array()) {
    if (document.empty()) throw InputError(file + ": the file holds no scenario");
    for (size_t i = 0; i < document.size(); ++i) add(i, document[i]);
  } else {
    throw InputError(file + ": expected a scenario object or a list of them");
  }
  std::set<std::string> names;
  for (const Scenario& scenario : scenarios) {
    if (!names.insert(scenario.name).second) {
      throw InputError(file + ": two scenarios are named " + Quote(scenario.name));
    }
  }
  return scenarios;
}

json ParseJsonText(const std::string& text, const std::string& path) { return ParseJsonOrThrow(text, path); }

std::string ReadTextFile(const std::string& path) {
  // Only regular files, and only so much: a FIFO or /dev/zero named as input must not hang or fill
  // memory.
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status)) throw InputError(path + ": cannot read the file");
  if (!std::filesystem::is_regular_file(status)) throw InputError(path + ": not a regular file");
  if (std::filesystem::file_size(path, error) > kMaxInputBytes) {
    throw InputError(path + ": larger than " + std::to_string(kMaxInputBytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot read the file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

json ReadJsonFile(const std::string& path) { return ParseJsonText(ReadTextFile(path), path); }

std::vector<Scenario> LoadScenarioFile(const std::string& path) {
  return ParseScenarios(ReadJsonFile(path), path);
}

std::string DescribeStep(const Step& step) {
  std::string out = "step " + std::to_string(step.index + 1) + " (";
  if (!step.proc.empty()) out += step.proc + " ";
  return out + step.op + ")";
}

}  // namespace wsdup::conformance
