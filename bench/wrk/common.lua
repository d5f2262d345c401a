-- Shared by the wrk scripts of `make bench`: the seeded tokens and container ids, and the
-- summary line scripts/bench.sh reads. wrk gives every thread its own Lua state.

local common = {}

-- Lines of "token<TAB>container_id" written by the seeding step.
function common.load(path)
   local rows, tokens, seen = {}, {}, {}
   for line in io.lines(path) do
      local token, id = line:match("^(%S+)\t(%S+)$")
      if token then
         rows[#rows + 1] = {token = token, id = id}
         if not seen[token] then
            seen[token] = true
            tokens[#tokens + 1] = token
         end
      end
   end
   assert(#rows > 0, "no rows in " .. path)
   return rows, tokens
end

function common.auth(token)
   return {["Authorization"] = "Bearer " .. token}
end

-- One thread number per thread, for unique names and distinct random streams.
local counter = 0
function common.setup(thread)
   thread:set("thread_number", counter)
   counter = counter + 1
end

function common.done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end

return common
