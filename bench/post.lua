-- wrk script for bench/run: POSTs the JSON body of BENCH_BODY to the URL given to wrk (with
-- "Authorization: Bearer BENCH_KEY" when BENCH_KEY is set, "Cache-Control: BENCH_CACHE_CONTROL" when that is set) and
-- prints one machine-readable line at the end:
-- BENCH requests=… duration_us=… bytes=… connect=… read=… write=… status=… timeout=… p50_us=… p99_us=… max_us=…
-- "status" counts answers that were not 2xx/3xx; the latencies are wrk's (closed loop).
-- BENCH_UNIQUE=1 makes every request's text a new sentence (" #<thread>-<n>" before the closing quote of "text"), so
-- that an audio cache never answers it.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or '{"text":"Hello."}'
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
local cache_control = os.getenv("BENCH_CACHE_CONTROL")
if cache_control and cache_control ~= "" then
  wrk.headers["Cache-Control"] = cache_control
end

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local unique = os.getenv("BENCH_UNIQUE") == "1"
local head, tail = wrk.body:match('^(.-"text":"[^"]*)(".*)$')
local n = 0
function request()
  if not unique then
    return wrk.format()
  end
  n = n + 1
  return wrk.format(nil, nil, nil, head .. " #" .. tostring(id) .. "-" .. n .. tail)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d timeout=%d"
      .. " p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
