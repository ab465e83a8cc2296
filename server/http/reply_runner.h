#pragma once
// Runs the two kinds of Reply that do not answer at once (service.h): a blocking job
// on the worker pool, and an asynchronous start whose source answers from its own
// threads. Either way the response goes to `deliver` exactly once, from any thread;
// the session's deliver brings it back to its event loop.
#include <functional>

#include "server/http/server_context.h"
#include "server/http/service.h"

namespace rxmap::server {

using Deliver = std::function<void(Response)>;

// Limit: jobs queued or running on the worker pool (ServerOptions::max_pending_jobs);
// beyond it the answer is 503 with Retry-After, at once. A job that throws is a 500.
// The job's time is observed in the route's metrics (null: none).
void run_deferred(ServerContext& ctx, ServiceMetrics* metrics, Reply::Job job, Deliver deliver);

// Calls start at once with a Respond that passes the first answer on and lets go of
// `deliver` (and what it holds) when it does, so that a thread of the source never
// holds the last reference to a session. Counted in stats.async_pending until then.
void run_async(ServerContext& ctx, Reply::Start start, Deliver deliver);

}  // namespace rxmap::server
