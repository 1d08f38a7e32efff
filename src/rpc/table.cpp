#include <hearth/rpc/table.h>

#include <hearth/util/check.h>

#include <algorithm>
#include <unordered_map>

namespace hearth::rpc {

namespace {

std::vector<std::string> SplitNames(const std::string& names)
{
    std::vector<std::string> out;
    size_t begin = 0;
    while (true) {
        const size_t bar = names.find('|', begin);
        out.push_back(names.substr(begin, bar == std::string::npos ? std::string::npos : bar - begin));
        if (bar == std::string::npos) break;
        begin = bar + 1;
    }
    return out;
}

std::string Capitalize(std::string s)
{
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

/// Runs a function when the scope ends, however it ends.
template <typename F>
class ScopeExit
{
public:
    explicit ScopeExit(F f) : m_f{std::move(f)} {}
    ~ScopeExit() { m_f(); }
    ScopeExit(const ScopeExit&) = delete;
    ScopeExit& operator=(const ScopeExit&) = delete;

private:
    F m_f;
};

} // namespace

json RpcContext::Arg(size_t i) const
{
    if (i < params.size() && !params[i].is_null()) return params[i];
    if (i < method.args.size()) {
        if (const auto* def = std::get_if<RpcArg::Default>(&method.args[i].fallback)) return def->value;
    }
    return json{};
}

std::string RpcMethod::Help() const { return FormatMethodHelp(name, description, args, results, examples); }

std::vector<std::pair<std::string, bool>> RpcMethod::ArgNames() const
{
    std::vector<std::pair<std::string, bool>> ret;
    for (const auto& arg : args) {
        if (arg.type == RpcArgType::OBJ_NAMED_PARAMS) {
            for (const auto& inner : arg.inner) ret.emplace_back(inner.names, /*named_only=*/true);
        }
        ret.emplace_back(arg.names, /*named_only=*/false);
    }
    return ret;
}

json TransformNamedArguments(const json& named, const std::vector<std::pair<std::string, bool>>& arg_names)
{
    json out = json::array();
    // Parameters not yet placed; what is left at the end is unknown.
    std::unordered_map<std::string, const json*> args_in;
    for (const auto& [key, value] : named.items()) {
        if (!args_in.emplace(key, &value).second) {
            throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Parameter " + key + " specified multiple times"};
        }
    }
    // Unspecified parameters before a specified one become nulls; trailing ones are left out so that
    // handlers that look at the number of parameters behave as with positional calls.
    int hole = 0;
    int initial_hole_size = 0;
    const std::string* initial_param = nullptr;
    json options = json::object();
    for (const auto& [pattern, named_only] : arg_names) {
        auto found = args_in.end();
        std::string found_name;
        for (const std::string& name : SplitNames(pattern)) {
            found = args_in.find(name);
            if (found != args_in.end()) {
                found_name = name;
                break;
            }
        }
        if (named_only) {
            if (found != args_in.end()) {
                if (options.contains(found_name)) {
                    throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                       "Parameter " + found_name + " specified multiple times"};
                }
                options[found_name] = *found->second;
                args_in.erase(found);
            }
            continue;
        }
        if (!options.empty() || found != args_in.end()) {
            for (int i = 0; i < hole; ++i) out.push_back(nullptr);
            hole = 0;
            if (!initial_param) initial_param = &pattern;
        } else {
            hole += 1;
            if (out.empty()) initial_hole_size = hole;
        }
        if (found != args_in.end()) {
            if (!options.empty()) {
                throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                                   "Parameter " + found_name + " conflicts with parameter " + options.begin().key()};
            }
            out.push_back(*found->second);
            args_in.erase(found);
        }
        if (!options.empty()) {
            out.push_back(std::move(options));
            options = json::object();
        }
    }
    // A leftover "args" array supplies leading positional parameters (Core's mixed named/positional calls).
    if (auto positional = args_in.find("args"); positional != args_in.end() && positional->second->is_array()) {
        const json& args = *positional->second;
        if (initial_hole_size < static_cast<int>(args.size()) && initial_param) {
            throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER,
                               "Parameter " + *initial_param +
                                   " specified twice both as positional and named argument"};
        }
        json named_args = std::move(out);
        out = args;
        for (size_t i = out.size(); i < named_args.size(); ++i) out.push_back(named_args[i]);
        args_in.erase(positional);
    }
    if (!args_in.empty()) {
        // Report the first unknown name in request order, as Core's map iteration does for small maps.
        std::string first;
        for (const auto& [key, value] : named.items()) {
            if (args_in.contains(key)) {
                first = key;
                break;
            }
        }
        throw JsonRpcError{RpcErrorCode::INVALID_PARAMETER, "Unknown named parameter " + first};
    }
    return out;
}

void RpcTable::Register(RpcMethod method)
{
    Assert(method.handler != nullptr);
    const std::string name = method.name;
    const bool inserted = m_methods.emplace(name, std::move(method)).second;
    Assert(inserted); // a method name is registered once
}

const RpcMethod* RpcTable::Find(std::string_view name) const
{
    auto it = m_methods.find(name);
    return it == m_methods.end() ? nullptr : &it->second;
}

std::vector<const RpcMethod*> RpcTable::SortedMethods() const
{
    std::vector<const RpcMethod*> methods;
    for (const auto& [name, method] : m_methods) methods.push_back(&method);
    std::sort(methods.begin(), methods.end(), [](const RpcMethod* a, const RpcMethod* b) {
        return std::tie(a->category, a->name) < std::tie(b->category, b->name);
    });
    return methods;
}

json RpcTable::Execute(const RpcRequest& request, node::NodeContext& node) const
{
    {
        std::lock_guard lock{m_warmup_mutex};
        if (m_in_warmup) throw JsonRpcError{RpcErrorCode::IN_WARMUP, m_warmup_status};
    }
    const RpcMethod* method = Find(request.method);
    if (!method) throw JsonRpcError{RpcErrorCode::METHOD_NOT_FOUND, "Method not found"};

    if (const auto wallet = request.WalletName()) {
        if (!m_wallet_exists || (method->wallet_method && !m_wallet_exists(*wallet))) {
            throw JsonRpcError{RpcErrorCode::WALLET_NOT_FOUND, "Requested wallet does not exist or is not loaded"};
        }
    }

    const json params =
        request.params.is_object() ? TransformNamedArguments(request.params, method->ArgNames()) : request.params;

    // Wrong number of arguments: Core answers with the method's help text as a -1 error.
    size_t required = 0;
    for (size_t n = method->args.size(); n > 0; --n) {
        if (!method->args[n - 1].IsOptional()) {
            required = n;
            break;
        }
    }
    if (params.size() < required || params.size() > method->args.size()) {
        throw JsonRpcError{RpcErrorCode::MISC_ERROR, method->Help()};
    }
    json mismatch = json::object();
    for (size_t i = 0; i < method->args.size(); ++i) {
        const json value = i < params.size() ? params[i] : json{};
        const std::string problem = method->args[i].TypeMismatch(value);
        if (!problem.empty())
            mismatch["Position " + std::to_string(i + 1) + " (" + method->args[i].names + ")"] = problem;
    }
    if (!mismatch.empty())
        throw JsonRpcError{RpcErrorCode::TYPE_ERROR, "Wrong type passed:\n" + WriteJson(mismatch, 4)};

    std::list<ActiveCommand>::iterator active;
    {
        std::lock_guard lock{m_active_mutex};
        active = m_active.insert(m_active.end(), ActiveCommand{method->name, std::chrono::steady_clock::now()});
    }
    const ScopeExit remove_active{[&] {
        std::lock_guard lock{m_active_mutex};
        m_active.erase(active);
    }};
    const RpcContext ctx{node, *this, *method, request, params};
    try {
        return method->handler(ctx, params);
    } catch (const JsonRpcError&) {
        throw;
    } catch (const std::exception& e) {
        throw JsonRpcError{RpcErrorCode::MISC_ERROR, e.what()};
    }
}

std::string RpcTable::Help(const std::string& command) const
{
    std::string ret;
    std::string category;
    for (const RpcMethod* method : SortedMethods()) {
        if ((!command.empty() || method->category == "hidden") && method->name != command) continue;
        std::string help = method->Help();
        if (command.empty()) {
            help = help.substr(0, help.find('\n'));
            if (category != method->category) {
                if (!category.empty()) ret += "\n";
                category = method->category;
                ret += "== " + Capitalize(category) + " ==\n";
            }
        }
        ret += help + "\n";
    }
    if (ret.empty()) ret = "help: unknown command: " + command + "\n";
    ret.pop_back();
    return ret;
}

json RpcTable::ArgConversionMap() const
{
    json out = json::array();
    auto push = [&](const std::string& method, size_t pos, const std::string& name, RpcArgType type) {
        out.push_back(json::array({method, pos, name, type == RpcArgType::STR || type == RpcArgType::STR_HEX}));
    };
    for (const RpcMethod* method : SortedMethods()) {
        for (size_t i = 0; i < method->args.size(); ++i) {
            const RpcArg& arg = method->args[i];
            for (const std::string& name : SplitNames(arg.names)) {
                push(method->name, i, name, arg.type);
                if (arg.type == RpcArgType::OBJ_NAMED_PARAMS) {
                    for (const RpcArg& inner : arg.inner) {
                        for (const std::string& inner_name : SplitNames(inner.names))
                            push(method->name, i, inner_name, inner.type);
                    }
                }
            }
        }
    }
    return out;
}

std::string RpcTable::Markdown() const
{
    std::string md = "# Hearth JSON-RPC reference\n\n"
                     "<!-- Generated from the RPC method tables by `hearthd -rpc-help-markdown`; do not edit by hand.\n"
                     "     Regenerate with contrib/devtools/gen-rpc-docs. -->\n\n"
                     "Every method below is also described by `hearth-cli help <method>`. Parameters may be passed by\n"
                     "position or by name (`hearth-cli -named`). Errors use Bitcoin Core's codes.\n\n";
    std::string category;
    for (const RpcMethod* method : SortedMethods()) {
        if (method->category == "hidden") continue;
        if (method->category != category) {
            category = method->category;
            md += "- **" + Capitalize(category) + "**:";
            for (const RpcMethod* m : SortedMethods()) {
                if (m->category == category) md += " [" + m->name + "](#" + m->name + ")";
            }
            md += "\n";
        }
    }
    category.clear();
    for (const RpcMethod* method : SortedMethods()) {
        if (method->category == "hidden") continue;
        if (method->category != category) {
            category = method->category;
            md += "\n## " + Capitalize(category) + "\n";
        }
        md += "\n### " + method->name + "\n\n```text\n" + method->Help();
        if (md.back() != '\n') md += "\n";
        md += "```\n";
    }
    return md;
}

void RpcTable::SetWarmupStatus(const std::string& status)
{
    std::lock_guard lock{m_warmup_mutex};
    m_warmup_status = status;
}

void RpcTable::SetWarmupFinished()
{
    std::lock_guard lock{m_warmup_mutex};
    m_in_warmup = false;
}

bool RpcTable::InWarmup() const
{
    std::lock_guard lock{m_warmup_mutex};
    return m_in_warmup;
}

json RpcTable::ActiveCommands() const
{
    std::lock_guard lock{m_active_mutex};
    json out = json::array();
    const auto now = std::chrono::steady_clock::now();
    for (const auto& cmd : m_active) {
        json entry = json::object();
        entry["method"] = cmd.method;
        entry["duration"] = std::chrono::duration_cast<std::chrono::microseconds>(now - cmd.start).count();
        out.push_back(std::move(entry));
    }
    return out;
}

void RpcTable::SetWalletExists(std::function<bool(const std::string&)> exists) { m_wallet_exists = std::move(exists); }

} // namespace hearth::rpc
