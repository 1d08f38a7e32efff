#include <hearth/rpc/util.h>

#include <algorithm>

namespace hearth::rpc {

namespace {

/// Left/right columns of help text, padded to the widest left part (Core's Sections).
struct Sections {
    struct Section {
        std::string left;
        std::string right;
    };
    std::vector<Section> sections;
    size_t max_pad{0};

    void PushSection(Section s)
    {
        max_pad = std::max(max_pad, s.left.size());
        sections.push_back(std::move(s));
    }

    enum class Outer { NONE, ARR, OBJ };

    /// Nested arguments of an object/array argument.
    void Push(const RpcArg& arg, size_t current_indent = 5, Outer outer = Outer::NONE)
    {
        const std::string indent(current_indent, ' ');
        const std::string indent_next(current_indent + 2, ' ');
        const bool push_name = outer == Outer::OBJ;
        const bool top_level = outer == Outer::NONE;
        switch (arg.type) {
        case RpcArgType::STR_HEX:
        case RpcArgType::STR:
        case RpcArgType::NUM:
        case RpcArgType::AMOUNT:
        case RpcArgType::RANGE:
        case RpcArgType::BOOL:
        case RpcArgType::OBJ_NAMED_PARAMS: {
            if (top_level) return;
            std::string left = indent;
            if (!arg.options.type_str.empty() && push_name) {
                left += "\"" + arg.FirstName() + "\": " + arg.options.type_str.at(0);
            } else {
                left += push_name ? arg.ToObjectMember(false) : arg.ToOneLine();
            }
            left += ",";
            PushSection({left, arg.ToDescription(push_name)});
            break;
        }
        case RpcArgType::OBJ:
        case RpcArgType::OBJ_USER_KEYS: {
            const std::string right = top_level ? "" : arg.ToDescription(push_name);
            PushSection({indent + (push_name ? "\"" + arg.FirstName() + "\": " : "") + "{", right});
            for (const auto& inner : arg.inner) Push(inner, current_indent + 2, Outer::OBJ);
            if (arg.type != RpcArgType::OBJ) PushSection({indent_next + "...", ""});
            PushSection({indent + "}" + (top_level ? "" : ","), ""});
            break;
        }
        case RpcArgType::ARR: {
            std::string left = indent + (push_name ? "\"" + arg.FirstName() + "\": " : "") + "[";
            const std::string right = top_level ? "" : arg.ToDescription(push_name);
            PushSection({left, right});
            for (const auto& inner : arg.inner) Push(inner, current_indent + 2, Outer::ARR);
            PushSection({indent_next + "...", ""});
            PushSection({indent + "]" + (top_level ? "" : ","), ""});
            break;
        }
        }
    }

    void PushResult(const RpcResult& r, Outer outer = Outer::NONE, size_t current_indent = 0)
    {
        const std::string indent(current_indent, ' ');
        const std::string indent_next(current_indent + 2, ' ');
        const std::string separator = outer != Outer::NONE ? "," : "";
        const std::string key = outer == Outer::OBJ ? "\"" + r.key + "\" : " : "";
        auto description = [&](const std::string& type) {
            return "(" + type + (r.optional ? ", optional" : "") + ")" +
                   (r.description.empty() ? "" : " " + r.description);
        };
        switch (r.type) {
        case RpcResult::Type::ELISION:
            PushSection({indent + "..." + separator, r.description});
            return;
        case RpcResult::Type::ANY:
            PushSection({indent + key + "..." + separator, description("any")});
            return;
        case RpcResult::Type::NONE:
            PushSection({indent + "null" + separator, description("json null")});
            return;
        case RpcResult::Type::STR:
            PushSection({indent + key + "\"str\"" + separator, description("string")});
            return;
        case RpcResult::Type::STR_AMOUNT:
            PushSection({indent + key + "n" + separator, description("numeric")});
            return;
        case RpcResult::Type::STR_HEX:
            PushSection({indent + key + "\"hex\"" + separator, description("string")});
            return;
        case RpcResult::Type::NUM:
            PushSection({indent + key + "n" + separator, description("numeric")});
            return;
        case RpcResult::Type::NUM_TIME:
            PushSection({indent + key + "xxx" + separator, description("numeric")});
            return;
        case RpcResult::Type::BOOL:
            PushSection({indent + key + "true|false" + separator, description("boolean")});
            return;
        case RpcResult::Type::ARR_FIXED:
        case RpcResult::Type::ARR: {
            PushSection({indent + key + "[", description("json array")});
            for (const auto& inner : r.inner) PushResult(inner, Outer::ARR, current_indent + 2);
            if (r.type == RpcResult::Type::ARR &&
                (r.inner.empty() || r.inner.back().type != RpcResult::Type::ELISION)) {
                PushSection({indent_next + "...", ""});
            } else if (!sections.back().left.empty() && sections.back().left.back() == ',') {
                sections.back().left.pop_back(); // no trailing comma in a fixed array
            }
            PushSection({indent + "]" + separator, ""});
            return;
        }
        case RpcResult::Type::OBJ_DYN:
        case RpcResult::Type::OBJ: {
            if (r.inner.empty()) {
                PushSection({indent + key + "{}", description("empty JSON object")});
                return;
            }
            PushSection({indent + key + "{", description("json object")});
            for (const auto& inner : r.inner) PushResult(inner, Outer::OBJ, current_indent + 2);
            if (r.type == RpcResult::Type::OBJ_DYN && r.inner.back().type != RpcResult::Type::ELISION) {
                PushSection({indent_next + "...", ""});
            } else if (!sections.back().left.empty() && sections.back().left.back() == ',') {
                sections.back().left.pop_back();
            }
            PushSection({indent + "}" + separator, ""});
            return;
        }
        }
    }

    std::string ToString() const
    {
        std::string ret;
        const size_t pad = max_pad + 4;
        for (const auto& s : sections) {
            if (s.right.empty()) {
                ret += s.left + "\n";
                continue;
            }
            std::string left = s.left;
            left.resize(pad, ' ');
            ret += left;
            // Continuation lines of the description start in the description column.
            std::string right;
            size_t begin = 0;
            size_t nl = s.right.find('\n');
            while (true) {
                right += s.right.substr(begin, nl == std::string::npos ? std::string::npos : nl - begin);
                if (nl == std::string::npos) break;
                right += "\n" + std::string(pad, ' ');
                begin = s.right.find_first_not_of(' ', nl + 1);
                if (begin == std::string::npos) break;
                nl = s.right.find('\n', begin + 1);
            }
            ret += right + "\n";
        }
        return ret;
    }
};

std::string_view Trim(std::string_view s)
{
    const size_t b = s.find_first_not_of(" \f\n\r\t\v");
    if (b == std::string_view::npos) return {};
    const size_t e = s.find_last_not_of(" \f\n\r\t\v");
    return s.substr(b, e - b + 1);
}

[[noreturn]] void ThrowTypeError(const json& v, std::string_view expected)
{
    // Core's UniValue::type_error, which its dispatcher answers with RPC_TYPE_ERROR (-3).
    throw JsonRpcError(RpcErrorCode::TYPE_ERROR, "JSON value of type " + std::string{JsonTypeName(v)} +
                                                     " is not of expected type " + std::string{expected});
}

} // namespace

RpcArg::RpcArg(std::string names_, RpcArgType type_, Fallback fallback_, std::string description_,
               std::vector<RpcArg> inner_, RpcArgOptions options_) :
    names{std::move(names_)},
    type{type_}, fallback{std::move(fallback_)},
    description{std::move(description_)}, inner{std::move(inner_)}, options{std::move(options_)}
{}

std::string RpcArg::FirstName() const { return names.substr(0, names.find('|')); }

bool RpcArg::IsOptional() const
{
    if (const auto* o = std::get_if<Optional>(&fallback)) return *o == Optional::OMITTED;
    return true;
}

std::string RpcArg::TypeMismatch(const json& value) const
{
    if (options.skip_type_check) return {};
    if (IsOptional() && value.is_null()) return {};
    std::string_view expected;
    switch (type) {
    case RpcArgType::STR:
    case RpcArgType::STR_HEX:
        expected = "string";
        break;
    case RpcArgType::NUM:
        expected = "number";
        break;
    case RpcArgType::BOOL:
        expected = "bool";
        break;
    case RpcArgType::OBJ:
    case RpcArgType::OBJ_NAMED_PARAMS:
    case RpcArgType::OBJ_USER_KEYS:
        expected = "object";
        break;
    case RpcArgType::ARR:
        expected = "array";
        break;
    case RpcArgType::AMOUNT:
    case RpcArgType::RANGE:
        return {}; // several types allowed; the handler checks
    }
    if (JsonTypeName(value) == expected) return {};
    return "JSON value of type " + std::string{JsonTypeName(value)} + " is not of expected type " +
           std::string{expected};
}

std::string RpcArg::ToObjectMember(bool oneline) const
{
    std::string res = "\"" + FirstName() + (oneline ? "\":" : "\": ");
    switch (type) {
    case RpcArgType::STR:
        return res + "\"str\"";
    case RpcArgType::STR_HEX:
        return res + "\"hex\"";
    case RpcArgType::NUM:
        return res + "n";
    case RpcArgType::RANGE:
        return res + "n or [n,n]";
    case RpcArgType::AMOUNT:
        return res + "amount";
    case RpcArgType::BOOL:
        return res + "bool";
    case RpcArgType::ARR: {
        res += "[";
        for (const auto& i : inner) res += i.ToOneLine() + ",";
        return res + "...]";
    }
    case RpcArgType::OBJ:
    case RpcArgType::OBJ_NAMED_PARAMS:
    case RpcArgType::OBJ_USER_KEYS:
        return res + "{...}";
    }
    return res;
}

std::string RpcArg::ToOneLine() const
{
    if (!options.oneline_description.empty()) return options.oneline_description;
    switch (type) {
    case RpcArgType::STR_HEX:
    case RpcArgType::STR:
        return "\"" + FirstName() + "\"";
    case RpcArgType::NUM:
    case RpcArgType::RANGE:
    case RpcArgType::AMOUNT:
    case RpcArgType::BOOL:
        return FirstName();
    case RpcArgType::OBJ:
    case RpcArgType::OBJ_NAMED_PARAMS:
    case RpcArgType::OBJ_USER_KEYS: {
        std::string res;
        for (size_t i = 0; i < inner.size(); ++i) res += (i ? "," : "") + inner[i].ToObjectMember(true);
        return type == RpcArgType::OBJ ? "{" + res + "}" : "{" + res + ",...}";
    }
    case RpcArgType::ARR: {
        std::string res;
        for (const auto& i : inner) res += i.ToOneLine() + ",";
        return "[" + res + "...]";
    }
    }
    return FirstName();
}

std::string RpcArg::ToDescription(bool is_named_arg) const
{
    std::string ret = "(";
    if (options.type_str.size() == 2) {
        ret += options.type_str.at(1);
    } else {
        switch (type) {
        case RpcArgType::STR_HEX:
        case RpcArgType::STR:
            ret += "string";
            break;
        case RpcArgType::NUM:
            ret += "numeric";
            break;
        case RpcArgType::AMOUNT:
            ret += "numeric or string";
            break;
        case RpcArgType::RANGE:
            ret += "numeric or array";
            break;
        case RpcArgType::BOOL:
            ret += "boolean";
            break;
        case RpcArgType::OBJ:
        case RpcArgType::OBJ_NAMED_PARAMS:
        case RpcArgType::OBJ_USER_KEYS:
            ret += "json object";
            break;
        case RpcArgType::ARR:
            ret += "json array";
            break;
        }
    }
    if (const auto* hint = std::get_if<DefaultHint>(&fallback)) {
        ret += ", optional, default=" + hint->text;
    } else if (const auto* def = std::get_if<Default>(&fallback)) {
        ret += ", optional, default=" + WriteJson(def->value);
    } else if (std::get<Optional>(fallback) == Optional::OMITTED) {
        if (is_named_arg) ret += ", optional";
    } else {
        ret += ", required";
    }
    ret += ")";
    if (type == RpcArgType::OBJ_NAMED_PARAMS)
        ret += " Options object that can be used to pass named arguments, listed below.";
    if (!description.empty()) ret += " " + description;
    return ret;
}

RpcResult::RpcResult(Type type_, std::string key_, std::string description_, std::vector<RpcResult> inner_) :
    type{type_}, key{std::move(key_)}, description{std::move(description_)}, inner{std::move(inner_)}
{}

RpcResult::RpcResult(Type type_, std::string key_, Optional optional_, std::string description_,
                     std::vector<RpcResult> inner_) :
    type{type_},
    key{std::move(key_)}, optional{optional_ == Optional::YES}, description{std::move(description_)}, inner{std::move(
                                                                                                          inner_)}
{}

RpcResult::RpcResult(std::string cond_, Type type_, std::string key_, std::string description_,
                     std::vector<RpcResult> inner_) :
    cond{std::move(cond_)},
    type{type_}, key{std::move(key_)}, description{std::move(description_)}, inner{std::move(inner_)}
{}

std::string HelpExampleCli(const std::string& method, const std::string& args)
{
    return "> hearth-cli " + method + " " + args + "\n";
}

std::string HelpExampleCliNamed(const std::string& method, const std::vector<std::pair<std::string, std::string>>& args)
{
    std::string result = "> hearth-cli -named " + method;
    for (const auto& [name, value] : args) result += " " + name + "=" + value;
    return result + "\n";
}

std::string HelpExampleRpc(const std::string& method, const std::string& args)
{
    return "> curl --user myusername --data-binary '{\"jsonrpc\": \"2.0\", \"id\": \"curltest\", \"method\": \"" +
           method + "\", \"params\": [" + args + "]}' -H 'content-type: application/json' http://127.0.0.1:8332/\n";
}

std::string FormatMethodHelp(const std::string& name, const std::string& description, const std::vector<RpcArg>& args,
                             const std::vector<RpcResult>& results, const std::string& examples)
{
    std::string ret = name;
    bool was_optional = false;
    for (const auto& arg : args) {
        if (arg.options.hidden) break;
        const bool optional = arg.IsOptional();
        ret += " ";
        if (optional) {
            if (!was_optional) ret += "( ";
            was_optional = true;
        } else {
            if (was_optional) ret += ") ";
            was_optional = false;
        }
        ret += arg.ToOneLine();
    }
    if (was_optional) ret += " )";

    ret += "\n\n" + std::string{Trim(description)} + "\n";

    Sections sections;
    Sections named_only;
    for (size_t i = 0; i < args.size(); ++i) {
        const auto& arg = args[i];
        if (arg.options.hidden) break;
        sections.PushSection({std::to_string(i + 1) + ". " + arg.FirstName(), arg.ToDescription(true)});
        sections.Push(arg);
        if (arg.type == RpcArgType::OBJ_NAMED_PARAMS) {
            for (const auto& inner : arg.inner) {
                named_only.PushSection({inner.FirstName(), inner.ToDescription(true)});
                named_only.Push(inner);
            }
        }
    }
    if (!sections.sections.empty()) ret += "\nArguments:\n";
    ret += sections.ToString();
    if (!named_only.sections.empty()) ret += "\nNamed Arguments:\n";
    ret += named_only.ToString();

    for (const auto& r : results) {
        if (r.type == RpcResult::Type::ANY && r.description.empty()) continue; // test-only catch-all
        ret += r.cond.empty() ? "\nResult:\n" : "\nResult (" + r.cond + "):\n";
        Sections result_sections;
        result_sections.PushResult(r);
        ret += result_sections.ToString();
    }
    if (!examples.empty()) ret += "\nExamples:\n" + examples;
    return ret;
}

const std::string& GetStr(const json& v)
{
    if (!v.is_string()) ThrowTypeError(v, "string");
    return v.get_ref<const std::string&>();
}

bool GetBool(const json& v)
{
    if (!v.is_boolean()) ThrowTypeError(v, "bool");
    return v.get<bool>();
}

int64_t GetInt64(const json& v)
{
    if (!IsNumber(v)) ThrowTypeError(v, "number");
    if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<int64_t>();
    if (v.is_number_unsigned()) {
        const uint64_t u = v.get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            throw std::runtime_error("JSON integer out of range");
        return static_cast<int64_t>(u);
    }
    // Fractions (and exponent forms) are not integers, as in UniValue.
    throw std::runtime_error("JSON integer out of range");
}

int GetInt(const json& v)
{
    const int64_t n = GetInt64(v);
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max()) {
        throw std::runtime_error("JSON integer out of range");
    }
    return static_cast<int>(n);
}

double GetReal(const json& v)
{
    const auto d = GetDouble(v);
    if (!d) ThrowTypeError(v, "number");
    return *d;
}

const json& GetArray(const json& v)
{
    if (!v.is_array()) ThrowTypeError(v, "array");
    return v;
}

const json& GetObject(const json& v)
{
    if (!v.is_object()) ThrowTypeError(v, "object");
    return v;
}

} // namespace hearth::rpc
