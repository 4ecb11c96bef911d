#include "http/json_schema.h"

#include <string_view>

#include "core/time.h"

namespace ipe::http {

using nlohmann::json;

namespace {

const char* TypeName(Schema::Type t) {
  switch (t) {
    case Schema::Type::kString: return "string";
    case Schema::Type::kInteger: return "integer";
    case Schema::Type::kNumber: return "number";
    case Schema::Type::kBoolean: return "boolean";
    case Schema::Type::kArray: return "array";
    case Schema::Type::kObject: return "object";
    case Schema::Type::kAny:
    case Schema::Type::kRef: break;
  }
  return "";
}

}  // namespace

json ToJsonSchema(const Schema& s) {
  json out = json::object();
  if (s.type == Schema::Type::kRef) {
    json ref = {{"$ref", "#/components/schemas/" + s.ref}};
    if (s.nullable) {
      out["anyOf"] = json::array({ref, {{"type", "null"}}});
    } else {
      out = ref;  // 3.1: siblings of $ref are allowed, added below
    }
  } else if (s.type != Schema::Type::kAny) {
    out["type"] = s.nullable ? json::array({TypeName(s.type), "null"}) : json(TypeName(s.type));
  }
  if (!s.format.empty()) out["format"] = s.format;
  if (!s.enum_values.empty()) {
    json codes = json::array();
    json labels = json::array();
    std::string text;
    for (const auto& [code, label] : s.enum_values) {
      codes.push_back(code);
      labels.push_back(label);
      if (!text.empty()) text += "；";
      text += code + "：" + label;
    }
    if (s.nullable) codes.push_back(nullptr);
    out["enum"] = codes;
    out["x-enum-descriptions"] = labels;  // the zh-CN label of each code, in order
    out["description"] = s.description.empty() ? text : s.description + "（" + text + "）";
  } else if (!s.description.empty()) {
    out["description"] = s.description;
  }
  if (s.minimum) out["minimum"] = *s.minimum;
  if (s.maximum) out["maximum"] = *s.maximum;
  if (s.max_length > 0) out["x-max-bytes"] = s.max_length;
  if (s.deprecated) out["deprecated"] = true;
  if (!s.example.empty()) {
    json ex = json::parse(s.example, nullptr, false);
    if (!ex.is_discarded()) out["examples"] = json::array({ex});
  }
  if (!s.all_of.empty()) {
    json parts = json::array();
    for (const Schema& part : s.all_of) parts.push_back(ToJsonSchema(part));
    out["allOf"] = parts;
  }
  if (s.type == Schema::Type::kArray && !s.items.empty()) out["items"] = ToJsonSchema(s.items[0]);
  if (s.type == Schema::Type::kObject) {
    if (!s.properties.empty()) {
      json props = json::object();
      json required = json::array();
      for (const Schema::Property& p : s.properties) {
        props[p.name] = ToJsonSchema(p.schema);
        if (!p.schema.optional) required.push_back(p.name);
      }
      out["properties"] = props;
      if (!required.empty()) out["required"] = required;
    }
    if (!s.additional.empty()) {
      out["additionalProperties"] = ToJsonSchema(s.additional[0]);
    } else if (s.closed) {
      out["additionalProperties"] = false;
    }
  }
  return out;
}

namespace {

class Validator {
 public:
  Validator(const json& root, const ValidateOptions& options) : root_(root), options_(options) {}

  void Check(const json& schema, const json& value, const std::string& path, int depth = 0) {
    if (errors_.size() >= options_.max_errors) return;
    if (depth > 64) return Error(path, "模式嵌套过深 (schema nested too deep)");
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) Error(path, "不允许的字段 (not allowed)");
      return;
    }
    if (!schema.is_object()) return;
    if (auto it = schema.find("$ref"); it != schema.end()) {
      const json* target = Resolve(it->get<std::string>());
      if (!target) return Error(path, "无法解析的引用 (unresolved $ref " + it->dump() + ")");
      Check(*target, value, path, depth + 1);
    }
    if (auto it = schema.find("type"); it != schema.end() && !TypeMatches(*it, value)) {
      return Error(path, "类型应为 " + (it->is_string() ? it->get<std::string>() : it->dump()) +
                             " (expected " + it->dump() + ", got " + value.type_name() + ")");
    }
    if (auto it = schema.find("const"); it != schema.end() && *it != value) {
      return Error(path, "值应为 " + it->dump() + " (expected const)");
    }
    if (auto it = schema.find("enum"); it != schema.end()) {
      bool found = false;
      for (const json& e : *it) found = found || e == value;
      if (!found) return Error(path, "取值不在允许范围内 (" + Short(value) + " not in enum)");
    }
    for (const char* key : {"anyOf", "oneOf"}) {
      if (auto it = schema.find(key); it != schema.end()) {
        bool any = false;
        for (const json& alt : *it) {
          Validator probe(root_, options_);
          probe.Check(alt, value, path, depth + 1);
          if (probe.errors_.empty()) {
            any = true;
            break;
          }
        }
        if (!any) Error(path, "不符合任何一种允许的形式 (matches no alternative)");
      }
    }
    if (auto it = schema.find("allOf"); it != schema.end()) {
      for (const json& part : *it) Check(part, value, path, depth + 1);
    }
    if (value.is_number()) CheckNumber(schema, value, path);
    if (value.is_string()) CheckString(schema, value.get_ref<const std::string&>(), path);
    if (value.is_array()) {
      if (auto it = schema.find("items"); it != schema.end()) {
        for (size_t i = 0; i < value.size(); ++i) {
          Check(*it, value[i], path + "[" + std::to_string(i) + "]", depth + 1);
        }
      }
    }
    if (value.is_object()) CheckObject(schema, value, path, depth);
  }

  std::vector<SchemaError> errors_;

 private:
  static std::string Join(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + "." + name;
  }

  static std::string Short(const json& v) {
    std::string text = v.dump(-1, ' ', false, json::error_handler_t::replace);
    return text.size() > 60 ? text.substr(0, 60) + "…" : text;
  }

  void Error(const std::string& path, std::string message) {
    if (errors_.size() < options_.max_errors) errors_.push_back({path, std::move(message)});
  }

  const json* Resolve(const std::string& ref) const {
    if (ref.rfind("#/", 0) != 0) return nullptr;
    const json* at = &root_;
    size_t start = 2;
    while (start <= ref.size()) {
      size_t slash = ref.find('/', start);
      if (slash == std::string::npos) slash = ref.size();
      std::string key = ref.substr(start, slash - start);
      if (!at->is_object()) return nullptr;
      auto it = at->find(key);
      if (it == at->end()) return nullptr;
      at = &*it;
      start = slash + 1;
    }
    return at;
  }

  static bool OneType(std::string_view type, const json& v) {
    if (type == "null") return v.is_null();
    if (type == "boolean") return v.is_boolean();
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "number") return v.is_number();
    if (type == "integer") {
      if (v.is_number_integer()) return true;
      if (!v.is_number_float()) return false;
      double d = v.get<double>();
      return d == static_cast<double>(static_cast<int64_t>(d));
    }
    return false;
  }

  static bool TypeMatches(const json& type, const json& v) {
    if (type.is_string()) return OneType(type.get_ref<const std::string&>(), v);
    if (type.is_array()) {
      for (const json& t : type) {
        if (t.is_string() && OneType(t.get_ref<const std::string&>(), v)) return true;
      }
      return false;
    }
    return true;
  }

  void CheckNumber(const json& schema, const json& v, const std::string& path) {
    double d = v.get<double>();
    if (auto it = schema.find("minimum"); it != schema.end() && it->is_number() &&
                                          d < it->get<double>()) {
      Error(path, "不应小于 " + it->dump() + " (below minimum)");
    }
    if (auto it = schema.find("maximum"); it != schema.end() && it->is_number() &&
                                          d > it->get<double>()) {
      Error(path, "不应大于 " + it->dump() + " (above maximum)");
    }
  }

  void CheckString(const json& schema, const std::string& s, const std::string& path) {
    size_t chars = 0;
    for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
    if (auto it = schema.find("maxLength"); it != schema.end() && it->is_number_unsigned() &&
                                            chars > it->get<size_t>()) {
      Error(path, "过长 (longer than maxLength)");
    }
    if (auto it = schema.find("minLength"); it != schema.end() && it->is_number_unsigned() &&
                                            chars < it->get<size_t>()) {
      Error(path, "过短 (shorter than minLength)");
    }
    if (auto it = schema.find("x-max-bytes"); it != schema.end() && it->is_number_unsigned() &&
                                              s.size() > it->get<size_t>()) {
      Error(path, "过长（最多 " + it->dump() + " 字节） (too long)");
    }
    if (auto it = schema.find("format"); it != schema.end() && it->is_string()) {
      const std::string& format = it->get_ref<const std::string&>();
      if (format == "date" && !core::ParseDate(s)) {
        Error(path, "日期格式应为 YYYY-MM-DD (not a date)");
      } else if (format == "date-time" && !core::ParseTimestamp(s)) {
        Error(path, "时间格式应为 RFC 3339 (not a date-time)");
      }
    }
  }

  void CheckObject(const json& schema, const json& v, const std::string& path, int depth) {
    const json* props = nullptr;
    if (auto it = schema.find("properties"); it != schema.end() && it->is_object()) props = &*it;
    if (options_.check_required) {
      if (auto it = schema.find("required"); it != schema.end() && it->is_array()) {
        for (const json& name : *it) {
          if (name.is_string() && !v.contains(name.get<std::string>())) {
            Error(Join(path, name.get<std::string>()), "必填 (required)");
          }
        }
      }
    }
    auto extra = schema.find("additionalProperties");
    for (auto it = v.begin(); it != v.end(); ++it) {
      std::string field = Join(path, it.key());
      if (props && props->contains(it.key())) {
        Check((*props)[it.key()], it.value(), field, depth + 1);
      } else if (extra != schema.end()) {
        if (extra->is_boolean() && !extra->get<bool>()) {
          Error(field, "未知字段 (unknown field)");
          if (!errors_.empty() && errors_.back().path == field) errors_.back().unknown_field = true;
        } else {
          Check(*extra, it.value(), field, depth + 1);
        }
      }
    }
  }

  const json& root_;
  const ValidateOptions& options_;
};

}  // namespace

std::vector<SchemaError> ValidateJson(const json& root, const json& schema, const json& value,
                                      const ValidateOptions& options) {
  Validator v(root, options);
  v.Check(schema, value, "");
  return std::move(v.errors_);
}

}  // namespace ipe::http
