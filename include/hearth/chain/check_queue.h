#ifndef HEARTH_CHAIN_CHECK_QUEUE_H
#define HEARTH_CHAIN_CHECK_QUEUE_H

// A pool of worker threads that runs independent checks (script verification of a block's inputs) while the
// validation thread keeps adding more (Core's CCheckQueue). The validation thread joins in when it calls
// Complete(), which returns the first failure, if any. One block at a time: a single "master" thread adds
// and completes.

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace hearth::chain {

/// `Check` is callable as `std::optional<Failure> operator()()` (nullopt: passed).
template <typename Check, typename Failure>
class CheckQueue
{
public:
    /// `worker_threads` extra threads (0: Complete() runs every check on the calling thread). Checks are
    /// handed out in batches of up to `batch_size`.
    explicit CheckQueue(unsigned worker_threads, size_t batch_size = 128) : m_batch_size{batch_size}
    {
        m_workers.reserve(worker_threads);
        for (unsigned i = 0; i < worker_threads; ++i) m_workers.emplace_back([this] { Loop(false); });
    }

    ~CheckQueue()
    {
        {
            std::lock_guard lock{m_mutex};
            m_quit = true;
        }
        m_worker_cv.notify_all();
        for (auto& t : m_workers) t.join();
    }

    CheckQueue(const CheckQueue&) = delete;
    CheckQueue& operator=(const CheckQueue&) = delete;

    unsigned WorkerCount() const { return static_cast<unsigned>(m_workers.size()); }

    /// Queues checks; workers may start on them at once. Cheap enough to call per transaction (as Core
    /// does): a worker is woken only if one is waiting.
    void Add(std::vector<Check>&& checks)
    {
        if (checks.empty()) return;
        size_t waiting = 0;
        {
            std::lock_guard lock{m_mutex};
            m_todo += checks.size();
            for (auto& c : checks) m_queue.push_back(std::move(c));
            waiting = m_waiting_workers;
        }
        if (waiting == 0) return;
        if (waiting == 1 || checks.size() == 1) {
            m_worker_cv.notify_one();
        } else {
            m_worker_cv.notify_all();
        }
    }

    /// Helps until every queued check has run; returns the first failure seen (and resets for the next
    /// block). After a failure the remaining checks are skipped.
    std::optional<Failure> Complete() { return Loop(true); }

private:
    std::optional<Failure> Loop(bool master)
    {
        std::vector<Check> batch;
        size_t done_in_batch = 0;
        std::optional<Failure> local_failure;
        std::unique_lock lock{m_mutex};
        while (true) {
            // Report the batch just run.
            if (done_in_batch > 0) {
                m_todo -= done_in_batch;
                if (local_failure && !m_failure) m_failure = std::move(local_failure);
                local_failure.reset();
                done_in_batch = 0;
                if (m_todo == 0) m_master_cv.notify_one();
            }
            // Wait for work (or, for the master, for everyone to finish).
            while (m_queue.empty()) {
                if (master && m_todo == 0) {
                    std::optional<Failure> result = std::move(m_failure);
                    m_failure.reset();
                    return result;
                }
                if (!master && m_quit) return std::nullopt;
                if (master) {
                    m_master_cv.wait(lock);
                } else {
                    ++m_waiting_workers;
                    m_worker_cv.wait(lock);
                    --m_waiting_workers;
                }
            }
            // Take a share: the queue divided among all threads, at least one, at most batch_size.
            const size_t threads = m_workers.size() + 1;
            const size_t n = std::clamp<size_t>(m_queue.size() / threads, 1, m_batch_size);
            batch.assign(std::make_move_iterator(m_queue.end() - static_cast<ptrdiff_t>(n)),
                         std::make_move_iterator(m_queue.end()));
            m_queue.resize(m_queue.size() - n);
            const bool skip = m_failure.has_value();
            lock.unlock();
            if (!skip) {
                for (auto& check : batch) {
                    if (auto failure = check()) {
                        local_failure = std::move(failure);
                        break;
                    }
                }
            }
            done_in_batch = batch.size();
            batch.clear();
            lock.lock();
        }
    }

    const size_t m_batch_size;
    std::mutex m_mutex;
    std::condition_variable m_worker_cv;
    std::condition_variable m_master_cv;
    std::vector<Check> m_queue;
    size_t m_todo{0};
    size_t m_waiting_workers{0}; ///< workers blocked in wait(): Add wakes them only then
    std::optional<Failure> m_failure;
    bool m_quit{false};
    std::vector<std::thread> m_workers;
};

} // namespace hearth::chain

#endif // HEARTH_CHAIN_CHECK_QUEUE_H
