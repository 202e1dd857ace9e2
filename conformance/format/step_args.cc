#include "conformance/format/step_args.h"

#include <string>
#include <string_view>

#include "conformance/format/scenario.h"
#include "conformance/vocabulary/net_events.h"
#include "conformance/format/safe_json.h"

namespace wsdup::conformance {
namespace {

using nlohmann::json;

template <typename T>
T Required(std::optional<T> value, const std::string& field, const json& raw) {
  if (!value) throw InputError("field \"" + field + "\": " + Dump(raw) + " is not a value it takes");
  return *value;
}

std::string Text(const json& args, const char* field) {
  const auto found = args.find(field);
  if (found == args.end()) return "";
  if (!found->is_string()) throw InputError(std::string("field \"") + field + "\" must be a string");
  return found->get<std::string>();
}

bool Flag(const json& args, const char* field) {
  const auto found = args.find(field);
  if (found == args.end()) return false;
  if (!found->is_boolean()) throw InputError(std::string("field \"") + field + "\" must be true or false");
  return found->get<bool>();
}

// A two-way choice: true for `first` (also when absent), false for `second`, nullopt otherwise.
std::optional<bool> OneOf(const std::string& text, const char* first, const char* second) {
  if (text.empty() || text == first) return true;
  if (text == second) return false;
  return std::nullopt;
}

std::optional<sim::CreateApi> ApiNamed(const std::string& name) {
  if (name.empty() || name == "socket") return sim::CreateApi::kSocket;
  if (name == "WSASocketA") return sim::CreateApi::kWSASocketA;
  if (name == "WSASocketW") return sim::CreateApi::kWSASocketW;
  return std::nullopt;
}

std::optional<TargetPid> TargetPidNamed(const std::string& name) {
  if (name.empty()) return TargetPid::kNone;
  if (name == "unused") return TargetPid::kUnused;
  if (name == "zero") return TargetPid::kZero;
  return std::nullopt;
}

uint32_t NamedBits(const json& args, const char* field,
                   std::optional<uint32_t> (*bit_of)(std::string_view name)) {
  const auto found = args.find(field);
  if (found == args.end()) return 0;
  if (!found->is_array()) throw InputError(std::string("field \"") + field + "\" must be a list");
  uint32_t bits = 0;
  for (const json& item : *found) {
    if (!item.is_string()) throw InputError(std::string("field \"") + field + "\" lists strings");
    bits |= Required(bit_of(item.get<std::string>()), field, item);
  }
  return bits;
}

}  // namespace

std::optional<sim::OptionValue> OptionValueFrom(const json& value) {
  if (value.is_number_integer()) return sim::OptionValue{value.get<int32_t>(), 0};
  if (value.is_object() && value.size() == 2 && value.contains("l_onoff") && value.contains("l_linger") &&
      value["l_onoff"].is_number_integer() && value["l_linger"].is_number_integer()) {
    return sim::OptionValue{value["l_onoff"].get<int32_t>(), value["l_linger"].get<int32_t>()};
  }
  return std::nullopt;
}

StepArgs ParseStepArgs(const json& args) {
  StepArgs typed;
  typed.sock = Text(args, "sock");
  typed.blob = Text(args, "blob");
  typed.peer = Text(args, "peer");
  typed.target = Text(args, "target");
  typed.event = Text(args, "event");
  typed.window = Text(args, "window");
  typed.bytes = Text(args, "bytes");
  typed.target_pid = Required(TargetPidNamed(Text(args, "target_pid")), "target_pid", args.value("target_pid", json()));
  typed.version_supported = Required(OneOf(Text(args, "version"), "2.2", "0"), "version", args.value("version", json()));
  typed.null_data = args.contains("data");
  typed.type = Required(OneOf(Text(args, "type"), "stream", "dgram"), "type", args.value("type", json()))
                   ? sim::SockType::kStream
                   : sim::SockType::kDgram;
  typed.api = Required(ApiNamed(Text(args, "api")), "api", args.value("api", json()));
  typed.create_flags = NamedBits(args, "flags", vocabulary::CreateFlagFromName);
  typed.variant = Required(OneOf(Text(args, "variant"), "A", "W"), "variant", args.value("variant", json()))
                      ? sim::Variant::kA
                      : sim::Variant::kW;
  typed.null_info = args.contains("info");
  if (args.contains("level")) {
    typed.level = Required(vocabulary::OptionLevelFromName(Text(args, "level")), "level", args["level"]);
  }
  if (args.contains("name")) {
    typed.option = Required(vocabulary::OptionFromName(Text(args, "name")), "name", args["name"]);
  }
  // SOCK-11: the call passes a number, and at another level than the name's own that number may be
  // an option the model does not know; the model judges only calls about options it knows.
  if (typed.option && typed.level) {
    if (const std::string_view other = vocabulary::OtherOptionWithItsNumber(*typed.option, *typed.level);
        !other.empty()) {
      throw InputError(std::string(vocabulary::WordOf(*typed.option).name) + " at " +
                       std::string(vocabulary::WordOf(*typed.level).name) + " passes " +
                       std::to_string(vocabulary::WordOf(*typed.option).value) + ", which is " + std::string(other) +
                       " there, an option the model does not know (SOCK-11): name an option at its own level, or "
                       "one whose number means nothing at this level");
    }
  }
  typed.event_mask = NamedBits(args, "events", vocabulary::NetEventFromName);
  if (args.contains("kind")) typed.fault = Required(sim::FaultFromName(Text(args, "kind")), "kind", args["kind"]);
  typed.on = Flag(args, "on");
  if (const auto value = args.find("value"); value != args.end()) {
    // fionbio's value is a bool; setsockopt's an option value.
    if (value->is_boolean()) {
      typed.on = value->get<bool>();
    } else {
      const std::optional<sim::OptionValue> option_value = OptionValueFrom(*value);
      if (!option_value) {
        throw InputError("field \"value\" must be an integer or {\"l_onoff\": int, \"l_linger\": int}");
      }
      typed.option_value = *option_value;
    }
  }
  return typed;
}

}  // namespace wsdup::conformance
