-- POST /v1/containers with a unique name: across every seeded tenant, or on the first one only
-- (its allocation row is then the contention point).
-- wrk -s create.lua URL -- DATA_FILE HOST_KEY all|one RUN_TAG   (names are RUN_TAG-<thread>-<n>)
local common = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local tokens, host_key, tag, one
local sequence = 0

function init(args)
   local _
   _, tokens = common.load(args[1])
   host_key, one, tag = args[2], args[3] == "one", args[4]
   math.randomseed(os.time() + (thread_number or 0) * 7919)
end

local headers = {["Content-Type"] = "application/json"}

function request()
   sequence = sequence + 1
   local token = one and tokens[1] or tokens[math.random(#tokens)]
   headers["Authorization"] = "Bearer " .. token
   local name = string.format("%s-%d-%d", tag, thread_number or 0, sequence)
   local body = '{"name":"' .. name .. '","image":"acme/web:1.4","host_key":"' .. host_key
      .. '","env":{"LOG_LEVEL":"info","APP_ENV":"production"},"ports":[8080,"9090/udp"],'
      .. '"cpu_limit":0.25,"mem_limit":"128m","command":["httpd","-f","-p","8080"]}'
   return wrk.format("POST", "/v1/containers", headers, body)
end

setup = common.setup
done = common.done
