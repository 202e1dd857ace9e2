#include "spec/catalog.h"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace wsdup::spec {
namespace {

using nlohmann::json;

const std::set<std::string> kKinds = {"documented", "reported", "clarification"};

std::vector<std::string> Strings(const json& rule, const char* field, const std::string& id) {
  if (!rule.contains(field) || !rule[field].is_array()) {
    throw std::runtime_error("rule " + id + ": \"" + field + "\" must be a list");
  }
  std::vector<std::string> out;
  for (const json& item : rule[field]) out.push_back(item.get<std::string>());
  return out;
}

std::string Text(const json& rule, const char* field, const std::string& id) {
  if (!rule.contains(field) || !rule[field].is_string() || rule[field].get<std::string>().empty()) {
    throw std::runtime_error("rule " + id + ": \"" + field + "\" must be a non-empty string");
  }
  return rule[field].get<std::string>();
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "-" : out;
}

}  // namespace

std::vector<Rule> LoadCatalog(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  json document = json::parse(in);
  std::vector<Rule> rules;
  std::set<std::string> ids;
  const std::regex id_shape("([A-Z]+)-[1-9][0-9]*");
  for (const json& entry : document.at("rules")) {
    Rule rule;
    rule.id = entry.value("id", "");
    std::smatch match;
    if (!std::regex_match(rule.id, match, id_shape)) {
      throw std::runtime_error("rule id \"" + rule.id + "\" is not FAMILY-N");
    }
    if (!ids.insert(rule.id).second) throw std::runtime_error("rule " + rule.id + " appears twice");
    rule.family = Text(entry, "family", rule.id);
    if (rule.family != match[1].str()) throw std::runtime_error("rule " + rule.id + ": wrong family");
    rule.title = Text(entry, "title", rule.id);
    rule.statement = Text(entry, "statement", rule.id);
    rule.kind = Text(entry, "kind", rule.id);
    if (!kKinds.count(rule.kind)) throw std::runtime_error("rule " + rule.id + ": unknown kind");
    rule.sources = Strings(entry, "sources", rule.id);
    if (rule.sources.empty()) throw std::runtime_error("rule " + rule.id + ": cites no source");
    rule.functions = Strings(entry, "functions", rule.id);
    rule.errors = Strings(entry, "errors", rule.id);
    rule.modelled = entry.value("modelled", true);
    rule.model_only_because = entry.value("model_only_because", "");
    rule.unexercisable_because = entry.value("unexercisable_because", "");
    if (entry.contains("open_point")) {
      rule.open_point = Strings(entry, "open_point", rule.id);
      if (rule.kind != "clarification" || rule.open_point.size() < 2) {
        throw std::runtime_error("rule " + rule.id + ": an open point is a clarification with two or more behaviours");
      }
    }
    if (rule.kind == "clarification") {
      rule.clarification = entry.value("clarification", json());
      for (const char* field : {"question", "model_choice", "why"}) {
        if (!rule.clarification.is_object() || !rule.clarification.contains(field)) {
          throw std::runtime_error("rule " + rule.id + ": a clarification needs " + field);
        }
      }
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::string RenderMarkdown(const std::vector<Rule>& rules) {
  std::ostringstream out;
  out << "# wsdup rule catalog\n\n"
      << "Generated from spec/rules.json by `./bazelw run //spec:render_rules`; do not edit by hand.\n"
      << "Sources are the files of ../shared/spec-sources (see its README), shared/WINDOWS-FACTS.md and\n"
      << "other public reports of Windows behaviour (Microsoft's API pages beyond the five sources, public\n"
      << "tests and bug reports, the TCP RFCs). Kinds: documented (stated by the sources), reported (from\n"
      << "the reports), clarification (the sources leave it open; the model's choice is given).\n";
  std::string family;
  for (const Rule& rule : rules) {
    if (rule.family != family) {
      family = rule.family;
      out << "\n## " << family << "\n";
    }
    out << "\n### " << rule.id << ": " << rule.title << "\n\n"
        << rule.statement << "\n\n"
        << "- kind: " << rule.kind << (rule.modelled ? "" : " (provider interface: sim/spi and the SPI harness keep it, not the World; docs/spi.md)") << "\n"
        << "- sources: " << Join(rule.sources) << "\n"
        << "- functions: " << Join(rule.functions) << "\n"
        << "- errors: " << Join(rule.errors) << "\n";
    if (!rule.model_only_because.empty()) out << "- real stacks cannot run its rows: " << rule.model_only_because << "\n";
    if (!rule.unexercisable_because.empty()) out << "- no row can exercise it: " << rule.unexercisable_because << "\n";
    if (rule.kind == "clarification") {
      out << "- open question: " << rule.clarification["question"].get<std::string>() << "\n"
          << "- model's choice: " << rule.clarification["model_choice"].get<std::string>() << "\n"
          << "- why: " << rule.clarification["why"].get<std::string>() << "\n";
      if (!rule.open_point.empty()) {
        out << "- open point: the behaviours a stack may show are " << Join(rule.open_point)
            << " (the model's default first); the gate follows a stack's choice\n";
      }
    }
  }
  return out.str();
}

}  // namespace wsdup::spec
