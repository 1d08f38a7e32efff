#include <hearth/rpc/server.h>

#include "beast.h"

#include <hearth/node/logging.h>
#include <hearth/rpc/auth.h>
#include <hearth/rpc/request.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace hearth::rpc {

using namespace asio;

namespace {

constexpr auto AUTH_FAILURE_DELAY = std::chrono::milliseconds{250};
/// How long a connection that sent too much may keep sending before we close it (so the client can read
/// our 413 instead of a reset).
constexpr auto LINGER_TIME = std::chrono::seconds{2};
/// How long Stop waits for replies still being written before it drops the connections.
constexpr auto STOP_WRITE_GRACE = std::chrono::seconds{2};

/// Bounded FIFO of calls served by a fixed set of threads (Core's WorkQueue). Stop() lets the threads
/// finish everything already queued.
class WorkQueue
{
public:
    void Start(int threads, size_t max_depth)
    {
        m_max_depth = max_depth;
        for (int i = 0; i < threads; ++i) m_threads.emplace_back([this] { Run(); });
    }

    /// False if the queue is full or stopping.
    bool Enqueue(std::function<void()> item)
    {
        {
            std::lock_guard lock{m_mutex};
            if (!m_running || m_queue.size() >= m_max_depth) return false;
            m_queue.push_back(std::move(item));
        }
        m_cv.notify_one();
        return true;
    }

    size_t Size() const
    {
        std::lock_guard lock{m_mutex};
        return m_queue.size();
    }

    void Stop()
    {
        {
            std::lock_guard lock{m_mutex};
            m_running = false;
        }
        m_cv.notify_all();
        for (auto& t : m_threads) {
            if (t.joinable()) t.join();
        }
        m_threads.clear();
    }

private:
    void Run()
    {
        while (true) {
            std::function<void()> item;
            {
                std::unique_lock lock{m_mutex};
                m_cv.wait(lock, [&] { return !m_running || !m_queue.empty(); });
                if (m_queue.empty()) return; // stopping and drained
                item = std::move(m_queue.front());
                m_queue.pop_front();
            }
            item();
        }
    }

    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<std::function<void()>> m_queue;
    size_t m_max_depth{1};
    bool m_running{true};
    std::vector<std::thread> m_threads;
};

std::vector<uint8_t> AddressBytes(const net::ip::address& address)
{
    if (address.is_v4()) {
        const auto b = address.to_v4().to_bytes();
        return {b.begin(), b.end()};
    }
    const auto b = address.to_v6().to_bytes();
    return {b.begin(), b.end()};
}

std::string EndpointText(const tcp::endpoint& ep)
{
    const auto addr = ep.address();
    return (addr.is_v6() ? "[" + addr.to_string() + "]" : addr.to_string()) + ":" + std::to_string(ep.port());
}

bool IsHttpParseError(const beast::error_code& ec)
{
    return &ec.category() == &http::make_error_code(http::error::bad_method).category();
}

} // namespace

class Session;

class RpcServer::Impl
{
public:
    Impl(const node::RpcOptions& options, const RpcTable& table, node::NodeContext& node) :
        m_options{options}, m_table{table}, m_node{node}, m_logger{node.logger}
    {}

    ~Impl() { Stop(); }

    util::Result<void> Bind();
    util::Result<void> SetupAuth();
    void Run();
    void Stop();

    bool Stopping() const { return m_stopping.load(); }
    bool ClientAllowed(const std::vector<uint8_t>& address) const
    {
        for (const auto& subnet : m_options.allow) {
            if (subnet.Match(address)) return true;
        }
        return false;
    }

    template <typename... Args>
    void LogInfo(const Args&... args) const
    {
        if (m_logger) m_logger->Info(args...);
    }
    template <typename... Args>
    void LogWarning(const Args&... args) const
    {
        if (m_logger) m_logger->Warning(args...);
    }
    template <typename... Args>
    void LogDebug(node::LogCategory category, const Args&... args) const
    {
        if (m_logger) m_logger->Debug(category, args...);
    }

    node::RpcOptions m_options;
    const RpcTable& m_table;
    node::NodeContext& m_node;
    node::Logger* m_logger;
    RpcAuthenticator m_auth;
    std::filesystem::path m_cookie_written;

    net::io_context m_io;
    std::optional<net::executor_work_guard<net::io_context::executor_type>> m_work;
    std::vector<std::unique_ptr<tcp::acceptor>> m_acceptors;
    std::vector<std::pair<std::string, uint16_t>> m_bound;
    WorkQueue m_queue;
    std::thread m_io_thread;
    std::promise<void> m_io_done;
    std::atomic<bool> m_stopping{false};
    std::mutex m_stop_mutex;
    bool m_stopped{false};
    bool m_running{false};
    /// Open connections, touched only on the I/O thread.
    std::map<Session*, std::weak_ptr<Session>> m_sessions;

private:
    void Accept(tcp::acceptor& acceptor);
};

/// One client connection: reads requests one at a time and writes each reply before reading the next.
class Session : public std::enable_shared_from_this<Session>
{
public:
    Session(tcp::socket socket, RpcServer::Impl& server) :
        m_stream{std::move(socket)}, m_timer{server.m_io}, m_server{server}
    {
        beast::error_code ec;
        const auto remote = m_stream.socket().remote_endpoint(ec);
        if (!ec) {
            m_peer = EndpointText(remote);
            m_peer_address = AddressBytes(remote.address());
        }
    }

    void Start()
    {
        m_server.m_sessions.emplace(this, weak_from_this());
        Read();
    }

    /// The server is stopping: close now if idle, else after the reply being prepared has been written.
    void OnServerStop()
    {
        m_close_requested = true;
        if (!m_busy) Close();
    }

    void Close()
    {
        if (m_closed) return;
        m_closed = true;
        beast::error_code ec;
        m_timer.cancel();
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
        m_stream.socket().close(ec);
        m_server.m_sessions.erase(this);
    }

    /// Called on the I/O thread with a worker's result.
    void SendReply(const HttpReply& reply)
    {
        if (reply.status == HttpStatus::NO_CONTENT) {
            Send(http::status::no_content, "", nullptr, false);
        } else {
            Send(static_cast<http::status>(static_cast<unsigned>(reply.status)), reply.body, "application/json", false);
        }
    }

private:
    void Read()
    {
        if (m_closed) return;
        if (m_close_requested || m_server.Stopping()) return Close();
        m_busy = false;
        m_parser.emplace();
        m_parser->body_limit(m_server.m_options.max_body_size);
        m_parser->header_limit(static_cast<std::uint32_t>(m_server.m_options.max_header_size));
        m_stream.expires_after(m_server.m_options.server_timeout);
        http::async_read(m_stream, m_buffer, *m_parser,
                         beast::bind_front_handler(&Session::OnRead, shared_from_this()));
    }

    void OnRead(beast::error_code ec, std::size_t)
    {
        if (m_closed) return;
        m_busy = true;
        if (ec == http::error::body_limit) {
            return Send(http::status::payload_too_large, "", nullptr, /*close=*/true, /*www_auth=*/false,
                        /*linger=*/true);
        }
        if (ec == http::error::header_limit) {
            return Send(http::status::request_header_fields_too_large, "", nullptr, true, false, true);
        }
        if (ec && IsHttpParseError(ec) && ec != http::error::end_of_stream && ec != http::error::partial_message) {
            return Send(http::status::bad_request, "", nullptr, true);
        }
        if (ec) return Close(); // closed by the peer, timed out, or cancelled by Stop
        Handle();
    }

    void Handle()
    {
        const auto& req = m_parser->get();
        m_version = req.version();
        m_keep_alive = req.keep_alive();

        if (!m_server.ClientAllowed(m_peer_address)) {
            m_server.LogDebug(node::LogCategory::HTTP, "HTTP request from ", m_peer,
                              " rejected: Client network is not allowed RPC access");
            return Send(http::status::forbidden, "", nullptr, false);
        }
        const std::string target{req.target()};
        m_server.LogDebug(node::LogCategory::HTTP, "Received a ", std::string{req.method_string()}, " request for ",
                          target.substr(0, 100), " from ", m_peer);
        if (target != "/" && !target.starts_with("/wallet/")) return Send(http::status::not_found, "", nullptr, false);
        if (req.method() != http::verb::post) {
            // A reply to HEAD carries no body.
            const bool head = req.method() == http::verb::head;
            return Send(http::status::method_not_allowed, head ? "" : "JSONRPC server handles only POST requests",
                        head ? nullptr : "text/html; charset=ISO-8859-1", false);
        }
        const auto auth = req.find(http::field::authorization);
        if (auth == req.end()) return Send(http::status::unauthorized, "", nullptr, false, /*www_auth=*/true);
        const auto user = m_server.m_auth.Check(std::string_view{auth->value().data(), auth->value().size()});
        if (!user) {
            m_server.LogWarning("ThreadRPCServer incorrect password attempt from ", m_peer);
            // Deter brute-forcing; done with a timer so the I/O thread keeps serving others meanwhile.
            m_timer.expires_after(AUTH_FAILURE_DELAY);
            m_timer.async_wait([self = shared_from_this()](beast::error_code) {
                if (!self->m_closed) self->Send(http::status::unauthorized, "", nullptr, false, /*www_auth=*/true);
            });
            return;
        }

        auto self = shared_from_this();
        const bool queued =
            m_server.m_queue.Enqueue([self, target, user = *user, body = std::move(m_parser->get().body())] {
                RpcRequest context;
                context.uri = target;
                context.auth_user = user;
                context.peer = self->m_peer;
                HttpReply reply;
                try {
                    reply = ProcessJsonRpcBody(body, context, [&](const RpcRequest& request) {
                        self->m_server.LogDebug(node::LogCategory::RPC, "ThreadRPCServer method=", request.method,
                                                " user=", request.auth_user);
                        return self->m_server.m_table.Execute(request, self->m_server.m_node);
                    });
                } catch (const std::exception& e) {
                    reply = {HttpStatus::INTERNAL_SERVER_ERROR, ""};
                }
                net::post(self->m_server.m_io, [self, reply = std::move(reply)] { self->SendReply(reply); });
            });
        if (!queued) {
            m_server.LogWarning("Request rejected because http work queue depth exceeded, it can be increased with the "
                                "-rpcworkqueue= setting");
            Send(http::status::service_unavailable, "Work queue depth exceeded", "text/html; charset=ISO-8859-1",
                 false);
        }
    }

    void Send(http::status status, std::string body, const char* content_type, bool close, bool www_auth = false,
              bool linger = false)
    {
        if (m_closed) return;
        auto res = std::make_shared<http::response<http::string_body>>(status, m_version);
        if (www_auth) res->set(http::field::www_authenticate, "Basic realm=\"jsonrpc\"");
        if (content_type) res->set(http::field::content_type, content_type);
        res->body() = std::move(body);
        const bool keep = m_keep_alive && !close && !m_close_requested && !m_server.Stopping();
        res->keep_alive(keep);
        res->prepare_payload();
        m_response = res;
        m_stream.expires_after(m_server.m_options.server_timeout);
        http::async_write(m_stream, *res, [self = shared_from_this(), keep, linger](beast::error_code ec, std::size_t) {
            self->OnWrite(keep, linger, ec);
        });
    }

    void OnWrite(bool keep, bool linger, beast::error_code ec)
    {
        m_response.reset();
        if (ec) return Close();
        if (linger) return Linger();
        if (!keep) {
            beast::error_code ignored;
            m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
            return Close();
        }
        Read();
    }

    /// Half-closes and discards what the client still sends, for a short time, so that it reads our error
    /// reply instead of getting a connection reset.
    void Linger()
    {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        m_stream.expires_after(LINGER_TIME);
        m_drain.resize(64 * 1024);
        DrainMore();
    }

    void DrainMore()
    {
        m_stream.async_read_some(net::buffer(m_drain), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec || self->m_closed) return self->Close();
            self->DrainMore();
        });
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::shared_ptr<http::response<http::string_body>> m_response;
    net::steady_timer m_timer;
    RpcServer::Impl& m_server;
    std::string m_peer{"unknown"};
    std::vector<uint8_t> m_peer_address;
    std::vector<char> m_drain;
    unsigned m_version{11};
    bool m_keep_alive{true};
    /// A request is being handled (auth delay, queued, executing or its reply being written).
    bool m_busy{false};
    bool m_close_requested{false};
    bool m_closed{false};
};

util::Result<void> RpcServer::Impl::Bind()
{
    for (const auto& [host, port] : m_options.bind) {
        beast::error_code ec;
        std::vector<tcp::endpoint> endpoints;
        const auto address = net::ip::make_address(host, ec);
        if (!ec) {
            endpoints.emplace_back(address, port);
        } else {
            tcp::resolver resolver{m_io};
            const auto results = resolver.resolve(host, std::to_string(port), ec);
            if (!ec) {
                for (const auto& r : results) endpoints.push_back(r.endpoint());
            }
        }
        if (endpoints.empty()) {
            LogWarning("Binding RPC on address ", host, " port ", port, " failed: cannot resolve address");
            continue;
        }
        for (const auto& endpoint : endpoints) {
            auto acceptor = std::make_unique<tcp::acceptor>(m_io);
            acceptor->open(endpoint.protocol(), ec);
            if (!ec) acceptor->set_option(net::socket_base::reuse_address(true), ec);
            // IPv6 sockets must not also take the IPv4 port: 127.0.0.1 binds it separately.
            if (!ec && endpoint.address().is_v6()) acceptor->set_option(net::ip::v6_only(true), ec);
            if (!ec) acceptor->bind(endpoint, ec);
            if (!ec) acceptor->listen(net::socket_base::max_listen_connections, ec);
            if (ec) {
                LogWarning("Binding RPC on address ", host, " port ", port, " failed: ", ec.message());
                continue;
            }
            const auto local = acceptor->local_endpoint(ec);
            m_bound.emplace_back(endpoint.address().to_string(), ec ? port : local.port());
            LogDebug(node::LogCategory::HTTP, "Bound RPC to ", EndpointText(ec ? endpoint : local));
            m_acceptors.push_back(std::move(acceptor));
        }
    }
    if (m_acceptors.empty()) return util::Error{"Unable to bind any endpoint for RPC server"};
    return {};
}

util::Result<void> RpcServer::Impl::SetupAuth()
{
    if (m_options.password.empty()) {
        if (m_options.cookie_file.empty()) {
            LogInfo("RPC authentication cookie file generation is disabled.");
        } else {
            auto cookie = GenerateAuthCookie(m_options.cookie_file, m_options.cookie_perms);
            if (!cookie) return util::Error{cookie.error()};
            m_cookie_written = m_options.cookie_file;
            const size_t colon = cookie->find(':');
            m_auth.AddPlaintext(cookie->substr(0, colon), cookie->substr(colon + 1));
            LogInfo("Using random cookie authentication.");
            LogInfo("Generated RPC authentication cookie ", m_options.cookie_file.string());
        }
    } else {
        LogInfo("Using rpcuser/rpcpassword authentication.");
        LogWarning("The use of rpcuser/rpcpassword is less secure, because credentials are configured in plain text. "
                   "It is recommended that locally-run instances switch to cookie-based auth, or use hash-generated "
                   "credentials saved to the rpcauth configuration option.");
        m_auth.AddPlaintext(m_options.user, m_options.password);
    }
    if (!m_options.auth.empty()) LogInfo("Using rpcauth authentication.");
    for (const auto& entry : m_options.auth) m_auth.AddEntry(entry);
    return {};
}

void RpcServer::Impl::Accept(tcp::acceptor& acceptor)
{
    acceptor.async_accept(m_io, [this, &acceptor](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
        if (!ec && !Stopping()) std::make_shared<Session>(std::move(socket), *this)->Start();
        Accept(acceptor);
    });
}

void RpcServer::Impl::Run()
{
    m_work.emplace(m_io.get_executor());
    for (auto& acceptor : m_acceptors) Accept(*acceptor);
    m_queue.Start(m_options.threads, static_cast<size_t>(m_options.work_queue));
    m_io_thread = std::thread{[this] {
        m_io.run();
        m_io_done.set_value();
    }};
    m_running = true;
    for (const auto& w : m_options.warnings) LogWarning(w);
}

void RpcServer::Impl::Stop()
{
    std::lock_guard lock{m_stop_mutex};
    if (m_stopped) return;
    m_stopped = true;
    if (m_running) {
        m_stopping.store(true);
        // 1. No new connections.
        net::post(m_io, [this] {
            for (auto& acceptor : m_acceptors) {
                beast::error_code ec;
                acceptor->close(ec);
            }
        });
        // 2. Finish every queued and running call; their replies are posted to the I/O thread.
        m_queue.Stop();
        // 3. Close idle connections; busy ones close after writing their reply (posted after the replies).
        net::post(m_io, [this] {
            std::vector<std::shared_ptr<Session>> sessions;
            for (auto& [ptr, weak] : m_sessions) {
                if (auto s = weak.lock()) sessions.push_back(std::move(s));
            }
            for (auto& s : sessions) s->OnServerStop();
        });
        m_work.reset();
        // 4. Let the last replies go out, but never hang on a client that does not read.
        if (m_io_done.get_future().wait_for(STOP_WRITE_GRACE) != std::future_status::ready) m_io.stop();
        m_io_thread.join();
        m_running = false;
    }
    if (!m_cookie_written.empty()) {
        DeleteAuthCookie(m_cookie_written);
        m_cookie_written.clear();
    }
}

RpcServer::RpcServer(std::unique_ptr<Impl> impl) : m_impl{std::move(impl)} {}

RpcServer::~RpcServer() { Stop(); }

util::Result<std::unique_ptr<RpcServer>> RpcServer::Start(const node::RpcOptions& options, const RpcTable& table,
                                                          node::NodeContext& node)
{
    auto impl = std::make_unique<Impl>(options, table, node);
    if (auto bound = impl->Bind(); !bound) return util::Error{bound.error()};
    if (auto auth = impl->SetupAuth(); !auth) return util::Error{auth.error()};
    impl->Run();
    return std::unique_ptr<RpcServer>{new RpcServer{std::move(impl)}};
}

void RpcServer::Stop()
{
    if (m_impl) m_impl->Stop();
}

std::vector<std::pair<std::string, uint16_t>> RpcServer::BoundAddresses() const { return m_impl->m_bound; }

size_t RpcServer::QueuedCalls() const { return m_impl->m_queue.Size(); }

} // namespace hearth::rpc
