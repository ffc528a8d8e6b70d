-- wrk script: cycle through the paths in BENCH_PATHS (space separated) and count the
-- page cache's answers (X-Cache: hit, stale, miss, or none when the page was not cacheable).
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "%S+") do
  table.insert(paths, path)
end
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
local i = 0
hit, stale, miss, none = 0, 0, 0, 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
  local state = headers["X-Cache"]
  if state == "hit" then hit = hit + 1
  elseif state == "stale" then stale = stale + 1
  elseif state == "miss" then miss = miss + 1
  else none = none + 1 end
end
done = function(summary, latency, requests)
  local h, s, m, n = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hit"); s = s + thread:get("stale")
    m = m + thread:get("miss"); n = n + thread:get("none")
  end
  io.write(string.format("XCACHE hit=%d stale=%d miss=%d none=%d\n", h, s, m, n))
end
