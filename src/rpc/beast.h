#ifndef HEARTH_RPC_BEAST_H
#define HEARTH_RPC_BEAST_H

// The one place Boost.Asio/Beast are included (private to the rpc layer). Boost 1.74's awaitable.hpp uses
// std::exchange without including <utility> under g++ 12 -std=c++20 (NOTES.md), so <utility> comes first.

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace hearth::rpc::asio {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

} // namespace hearth::rpc::asio

#endif // HEARTH_RPC_BEAST_H
