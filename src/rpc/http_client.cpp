#include <hearth/rpc/http_client.h>

#include "beast.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>

namespace hearth::rpc {

using namespace asio;

class HttpConnection::Impl
{
public:
    explicit Impl(std::chrono::seconds timeout) : m_timeout{timeout} {}

    void Arm()
    {
        if (m_timeout.count() > 0) {
            m_stream.expires_after(m_timeout);
        } else {
            m_stream.expires_never();
        }
    }

    /// Runs the queued asynchronous operations to completion.
    void RunIo()
    {
        m_io.restart();
        m_io.run();
    }

    static std::string Describe(const beast::error_code& ec)
    {
        if (ec == beast::error::timeout) return "timeout reached";
        return ec.message();
    }

    net::io_context m_io;
    beast::tcp_stream m_stream{m_io};
    beast::flat_buffer m_buffer;
    std::chrono::seconds m_timeout;
    std::string m_host;
    bool m_closed{false};
};

HttpConnection::HttpConnection(std::unique_ptr<Impl> impl) : m_impl{std::move(impl)} {}

HttpConnection::~HttpConnection()
{
    beast::error_code ec;
    m_impl->m_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    m_impl->m_stream.socket().close(ec);
}

bool HttpConnection::Closed() const { return m_impl->m_closed; }

util::Result<std::unique_ptr<HttpConnection>> HttpConnection::Connect(const std::string& host, uint16_t port,
                                                                      std::chrono::seconds timeout)
{
    auto impl = std::make_unique<Impl>(timeout);
    impl->m_host = host;
    beast::error_code ec;
    tcp::resolver resolver{impl->m_io};
    const auto results = resolver.resolve(host, std::to_string(port), ec);
    if (ec) return util::Error{Impl::Describe(ec)};
    impl->Arm();
    beast::error_code connect_ec;
    impl->m_stream.async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { connect_ec = e; });
    impl->RunIo();
    if (connect_ec) return util::Error{Impl::Describe(connect_ec)};
    impl->m_stream.socket().set_option(tcp::no_delay(true), ec);
    return std::unique_ptr<HttpConnection>{new HttpConnection{std::move(impl)}};
}

util::Result<HttpResponse> HttpConnection::Request(const std::string& method, const std::string& path,
                                                   const std::string& body,
                                                   const std::vector<std::pair<std::string, std::string>>& headers)
{
    Impl& c = *m_impl;
    if (c.m_closed) return util::Error{"connection closed"};
    http::request<http::string_body> req{http::string_to_verb(method), path, 11};
    if (req.method() == http::verb::unknown) req.method_string(method);
    req.set(http::field::host, c.m_host);
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    req.keep_alive(true);
    req.prepare_payload();

    beast::error_code ec;
    c.Arm();
    http::async_write(c.m_stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
    c.RunIo();
    // A server may answer and close before reading everything we send (e.g. 413): still read its reply.
    const bool write_failed = static_cast<bool>(ec);

    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    beast::error_code read_ec;
    c.Arm();
    http::async_read(c.m_stream, c.m_buffer, parser, [&](beast::error_code e, std::size_t) { read_ec = e; });
    c.RunIo();
    if (read_ec) {
        c.m_closed = true;
        return util::Error{Impl::Describe(write_failed ? ec : read_ec)};
    }
    const auto& res = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    out.body = res.body();
    for (const auto& field : res) {
        std::string name{field.name_string()};
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        out.headers[name] = std::string{field.value()};
    }
    if (!res.keep_alive() || write_failed) c.m_closed = true;
    return out;
}

util::Result<HttpResponse> HttpConnection::Post(const std::string& path, const std::string& body,
                                                const std::string& authorization)
{
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"}};
    if (!authorization.empty()) headers.emplace_back("Authorization", authorization);
    return Request("POST", path, body, headers);
}

} // namespace hearth::rpc
