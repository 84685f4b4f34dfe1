-- wrk script: POST /api/v1/endpoint/{id}/sms round-robin over SMS_COUNT contiguous endpoint ids from SMS_FIRST,
-- each SMS a one-part GSM text from an international sender.
-- SMS_LIMIT (optional): the run sends exactly that many SMS over all threads (SMS_THREADS, must equal wrk -t), and
-- ends as soon as every one was answered 201: each thread stops when its share is answered and the last thread to
-- finish interrupts wrk (SIGINT, which wrk handles as the end of the run, so its figures cover exactly that time).
-- Connections whose thread has sent its share meanwhile send cheap GET /healthz (at most a few per connection), so
-- the server holds exactly SMS_LIMIT new SMS. SMS_DONE_FILE: an empty scratch file; each thread appends "<201s> <other non-2xx>" when it finishes.
-- Without SMS_LIMIT, wrk's -d decides.
-- SMS_DELAY_MS (optional): each connection waits that long after an answer before it sends the next SMS (paced: at most
-- connections x 1000 / SMS_DELAY_MS SMS/s; a slower server shows as a lower rate and higher latency).
local ffi = require("ffi")
ffi.cdef [[ int getpid(void); int kill(int pid, int sig); ]]

local first = tonumber(os.getenv("SMS_FIRST"))
local count = tonumber(os.getenv("SMS_COUNT"))
local limit = tonumber(os.getenv("SMS_LIMIT") or "0")
local threads = tonumber(os.getenv("SMS_THREADS") or "2")
local done_file = os.getenv("SMS_DONE_FILE")
local token = os.getenv("SMS_TOKEN")
local delay_ms = tonumber(os.getenv("SMS_DELAY_MS") or "0")
if delay_ms > 0 then
  function delay() return delay_ms end
end
local index = 0

function setup(thread)
  thread:set("tid", index)
  index = index + 1
end

local share, calls, issued, created, other = 0, 0, 0, 0, 0
local headers, filler

function init(args)
  if limit > 0 then share = math.floor(limit / threads) + ((tid < limit % threads) and 1 or 0) end
  calls = share
  -- wrk calls request() once on the first thread's state to check the script, and sends nothing for that call.
  if tid == 0 then calls = share + 1 end
  headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
  filler = wrk.format("GET", "/healthz")
end

function request()
  if limit > 0 and issued >= calls then return filler end
  local device = first + (issued * threads + tid) % count
  issued = issued + 1
  return wrk.format("POST", "/api/v1/endpoint/" .. device .. "/sms", headers,
    '{"source_address":"+4912345678","payload":"Cellgate benchmark SMS number ' .. issued .. '"}')
end

local function finished()
  wrk.thread:stop()
  local f = io.open(done_file, "a"); f:write(created .. " " .. other .. "\n"); f:close()
  local n = 0
  for _ in io.lines(done_file) do n = n + 1 end
  if n >= threads then ffi.C.kill(ffi.C.getpid(), 2) end
end

function response(status, hdrs, body)
  if status == 201 then
    created = created + 1
    if limit > 0 and created == share then finished() end
  elseif status ~= 200 then
    other = other + 1
    if other <= 3 then io.stderr:write("unexpected status " .. status .. ": " .. (body or "") .. "\n") end
  end
end
