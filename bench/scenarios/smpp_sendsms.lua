-- wrk script of bench/scenarios/smpp.sh: Kannel sendsms GETs, round-robin over the MSISDNs 99902 + 10 digits
-- (1 .. SMPP_DEVICES), so that Cellgate's per-handset order does not serialise the delivery behind one handset.
local counter = 0
local devices = tonumber(os.getenv("SMPP_DEVICES") or "1000")

request = function()
  counter = counter + 1
  local to = string.format("99902%010d", (counter % devices) + 1)
  return wrk.format("GET", "/cgi-bin/sendsms?username=bench&password=bench&from=4912345678&to=" .. to .. "&text=Kannel+benchmark+SMS+" .. counter)
end
