#include "conformance/format/step_args.h"

#include <string>
#include <string_view>
#include <vector>

#include "conformance/format/safe_json.h"
#include "conformance/format/scenario.h"
#include "conformance/vocabulary/net_events.h"

namespace wsdup::conformance {
namespace {

using nlohmann::json;

// The value as a message quotes it: as written when it came from JSON.
std::string Quoted(const ArgValue& value) {
  if (value.written != nullptr) return Dump(*value.written);
  switch (value.shape) {
    case ArgValue::Shape::kText: return Dump(json(std::string(value.text)));
    case ArgValue::Shape::kBool: return value.flag ? "true" : "false";
    case ArgValue::Shape::kInteger: return std::to_string(value.number.value);
    case ArgValue::Shape::kLinger:
      return "{\"l_linger\":" + std::to_string(value.number.linger) +
             ",\"l_onoff\":" + std::to_string(value.number.value) + "}";
    case ArgValue::Shape::kList: {
      json items = json::array();
      for (size_t i = 0; i < value.count; ++i) items.push_back(std::string(value.items[i]));
      return Dump(items);
    }
    case ArgValue::Shape::kOther: break;
  }
  return "a value";
}

template <typename T>
T Required(std::optional<T> taken, std::string_view field, const ArgValue& value) {
  if (!taken) throw InputError("field \"" + std::string(field) + "\": " + Quoted(value) + " is not a value it takes");
  return *taken;
}

std::string Text(std::string_view field, const ArgValue& value) {
  if (value.shape != ArgValue::Shape::kText) {
    throw InputError("field \"" + std::string(field) + "\" must be a string");
  }
  return std::string(value.text);
}

bool Flag(std::string_view field, const ArgValue& value) {
  if (value.shape != ArgValue::Shape::kBool) {
    throw InputError("field \"" + std::string(field) + "\" must be true or false");
  }
  return value.flag;
}

// A two-way choice: true for `first` (also when empty), false for `second`, nullopt otherwise.
std::optional<bool> OneOf(std::string_view text, std::string_view first, std::string_view second) {
  if (text.empty() || text == first) return true;
  if (text == second) return false;
  return std::nullopt;
}

std::optional<sim::CreateApi> ApiNamed(std::string_view name) {
  if (name.empty() || name == "socket") return sim::CreateApi::kSocket;
  if (name == "WSASocketA") return sim::CreateApi::kWSASocketA;
  if (name == "WSASocketW") return sim::CreateApi::kWSASocketW;
  return std::nullopt;
}

std::optional<sim::ShutdownHow> HowNamed(std::string_view name) {
  if (name == "send") return sim::kShutSend;
  if (name == "receive") return sim::kShutReceive;
  if (name == "both") return sim::kShutBoth;
  return std::nullopt;
}

std::optional<sim::ImportParams> ImportParamsNamed(std::string_view name) {
  if (name == "from_protocol_info") return sim::ImportParams::kFromProtocolInfo;
  if (name == "zero") return sim::ImportParams::kZero;
  if (name == "blob") return sim::ImportParams::kBlobValues;
  return std::nullopt;
}

std::optional<TargetPid> TargetPidNamed(std::string_view name) {
  if (name.empty()) return TargetPid::kNone;
  if (name == "unused") return TargetPid::kUnused;
  if (name == "zero") return TargetPid::kZero;
  if (name == "all_ones") return TargetPid::kAllOnes;
  return std::nullopt;
}

uint32_t NamedBits(std::string_view field, const ArgValue& value,
                   std::optional<uint32_t> (*bit_of)(std::string_view name)) {
  if (value.shape != ArgValue::Shape::kList) {
    throw InputError("field \"" + std::string(field) + "\" must be a list");
  }
  if (!value.strings_only) throw InputError("field \"" + std::string(field) + "\" lists strings");
  uint32_t bits = 0;
  for (size_t i = 0; i < value.count; ++i) {
    ArgValue item;
    item.shape = ArgValue::Shape::kText;
    item.text = value.items[i];
    bits |= Required(bit_of(value.items[i]), field, item);
  }
  return bits;
}

// A JSON member as an ArgValue; a list's strings go to `items`, which must outlive the value.
ArgValue ValueOf(const json& written, std::vector<std::string_view>* items) {
  ArgValue value;
  value.written = &written;
  if (written.is_string()) {
    value.shape = ArgValue::Shape::kText;
    value.text = written.get_ref<const std::string&>();
  } else if (written.is_boolean()) {
    value.shape = ArgValue::Shape::kBool;
    value.flag = written.get<bool>();
  } else if (written.is_array()) {
    value.shape = ArgValue::Shape::kList;
    items->clear();
    for (const json& item : written) {
      if (item.is_string()) {
        items->push_back(item.get_ref<const std::string&>());
      } else {
        value.strings_only = false;  // refused by the field that takes a list, if this is one
      }
    }
    value.items = items->data();
    value.count = items->size();
  } else if (const std::optional<sim::OptionValue> number = OptionValueFrom(written)) {
    value.shape = written.is_object() ? ArgValue::Shape::kLinger : ArgValue::Shape::kInteger;
    value.number = *number;
  }
  return value;
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

std::optional<RawSock> RawSockFrom(const json& value) {
  if (!value.is_object() || value.size() != 1 || !value.contains("raw")) return std::nullopt;
  const json& raw = value["raw"];
  if (raw.is_number_integer() && raw.get<int64_t>() == 0) return RawSock::kZero;
  if (raw.is_string() && raw.get<std::string>() == "invalid") return RawSock::kInvalid;
  return std::nullopt;
}

void SetStepArg(std::string_view field, const ArgValue& value, StepArgs* typed) {
  if (field == "sock") {
    if (value.written != nullptr && value.written->is_object()) {
      typed->raw_sock = Required(RawSockFrom(*value.written), field, value);
    } else {
      typed->sock = Text(field, value);
    }
  } else if (field == "blob") {
    typed->blob = Text(field, value);
  } else if (field == "peer") {
    typed->peer = Text(field, value);
  } else if (field == "family") {
    const std::optional<bool> inet = OneOf(Text(field, value), "inet", "inet6");
    typed->family = Required(inet, field, value) ? sim::Family::kInet : sim::Family::kInet6;
  } else if (field == "async") {
    typed->async = Text(field, value);
  } else if (field == "port") {
    typed->port = Text(field, value);
  } else if (field == "key") {
    if (value.shape != ArgValue::Shape::kInteger || value.number.value < 0) {
      throw InputError("field \"key\" must be an integer from 0 to 2147483647");
    }
    typed->key = value.number.value;
  } else if (field == "to") {
    typed->to = Text(field, value);
  } else if (field == "parent") {
    typed->parent = Text(field, value);
  } else if (field == "child") {
    typed->child = Text(field, value);
  } else if (field == "inherit") {
    typed->inherit = Flag(field, value);
  } else if (field == "target") {
    typed->target = Text(field, value);
  } else if (field == "event") {
    typed->event = Text(field, value);
  } else if (field == "window") {
    typed->window = Text(field, value);
  } else if (field == "bytes") {
    typed->bytes = Text(field, value);
  } else if (field == "target_pid") {
    typed->target_pid = Required(TargetPidNamed(Text(field, value)), field, value);
  } else if (field == "version") {
    typed->version_supported = Required(OneOf(Text(field, value), "2.2", "0"), field, value);
  } else if (field == "data") {  // "null": the only value the format takes
    typed->null_data = true;
  } else if (field == "type") {
    typed->type = Required(OneOf(Text(field, value), "stream", "dgram"), field, value) ? sim::SockType::kStream
                                                                                       : sim::SockType::kDgram;
  } else if (field == "api") {
    typed->api = Required(ApiNamed(Text(field, value)), field, value);
  } else if (field == "flags") {
    typed->create_flags = NamedBits(field, value, vocabulary::CreateFlagFromName);
  } else if (field == "variant") {
    typed->variant = Required(OneOf(Text(field, value), "A", "W"), field, value) ? sim::Variant::kA : sim::Variant::kW;
  } else if (field == "info") {  // "null", likewise
    typed->null_info = true;
  } else if (field == "level") {
    typed->level = Required(vocabulary::OptionLevelFromName(Text(field, value)), field, value);
  } else if (field == "name") {
    typed->option = Required(vocabulary::OptionFromName(Text(field, value)), field, value);
  } else if (field == "events") {
    typed->event_mask = NamedBits(field, value, vocabulary::NetEventFromName);
  } else if (field == "params") {
    typed->import_params = Required(ImportParamsNamed(Text(field, value)), field, value);
  } else if (field == "backlog") {
    if (value.shape != ArgValue::Shape::kInteger || value.number.value < 1) {
      throw InputError("field \"backlog\" must be an integer from 1 to 2147483647");
    }
    typed->backlog = value.number.value;
  } else if (field == "how") {
    typed->how = Required(HowNamed(Text(field, value)), field, value);
  } else if (field == "kind") {
    typed->fault = Required(sim::FaultFromName(Text(field, value)), field, value);
  } else if (field == "on") {
    typed->on = Flag(field, value);
  } else if (field == "value") {
    // fionbio's value is a bool; setsockopt's an option value.
    if (value.shape == ArgValue::Shape::kBool) {
      typed->on = value.flag;
    } else if (value.shape == ArgValue::Shape::kInteger || value.shape == ArgValue::Shape::kLinger) {
      typed->option_value = value.number;
    } else {
      throw InputError("field \"value\" must be an integer or {\"l_onoff\": int, \"l_linger\": int}");
    }
  }
}

std::string StepArgsProblem(const StepArgs& typed) {
  // SOCK-11: the call passes a number, and at another level than the name's own that number may be
  // an option the model does not know; the model judges only calls about options it knows.
  if (!typed.option || !typed.level) return "";
  const std::string_view other = vocabulary::OtherOptionWithItsNumber(*typed.option, *typed.level);
  if (other.empty()) return "";
  return std::string(vocabulary::WordOf(*typed.option).name) + " at " +
         std::string(vocabulary::WordOf(*typed.level).name) + " passes " +
         std::to_string(vocabulary::WordOf(*typed.option).value) + ", which is " + std::string(other) +
         " there, an option the model does not know (SOCK-11): name an option at its own level, or one whose "
         "number means nothing at this level";
}

// Member by member, in the object's (sorted) order: where two members set one field (fionbio's
// "value" and fault's "on" both set `on`), "value" comes last and wins, as it always has.
StepArgs ParseStepArgs(const json& args) {
  StepArgs typed;
  if (!args.is_object()) return typed;
  std::vector<std::string_view> items;
  for (const auto& [field, written] : args.items()) SetStepArg(field, ValueOf(written, &items), &typed);
  if (std::string problem = StepArgsProblem(typed); !problem.empty()) throw InputError(problem);
  return typed;
}

bool StepArgs::operator==(const StepArgs& other) const {
  return sock == other.sock && blob == other.blob && peer == other.peer && to == other.to && parent == other.parent &&
         child == other.child && inherit == other.inherit && target == other.target &&
         event == other.event && window == other.window && target_pid == other.target_pid &&
         raw_sock == other.raw_sock &&
         version_supported == other.version_supported && null_data == other.null_data && type == other.type &&
         api == other.api && create_flags == other.create_flags && variant == other.variant &&
         null_info == other.null_info && import_params == other.import_params && level == other.level &&
         option == other.option && option_value == other.option_value && how == other.how &&
         backlog == other.backlog && on == other.on && event_mask == other.event_mask &&
         bytes == other.bytes && fault == other.fault && async == other.async && port == other.port && family == other.family &&
         key == other.key;
}

}  // namespace wsdup::conformance
