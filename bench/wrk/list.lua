-- GET /v1/containers?limit=50: the first page of a random tenant (each holds more than 50).
-- wrk -s list.lua URL -- DATA_FILE
local common = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local tokens

function init(args)
   local _
   _, tokens = common.load(args[1])
   math.randomseed(os.time() + (thread_number or 0) * 7919)
end

function request()
   return wrk.format("GET", "/v1/containers?limit=50", common.auth(tokens[math.random(#tokens)]))
end

setup = common.setup
done = common.done
