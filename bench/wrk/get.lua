-- GET /v1/containers/{id}: a random seeded container, with its own tenant's token.
-- wrk -s get.lua URL -- DATA_FILE
local common = dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")
local rows

function init(args)
   rows = common.load(args[1])
   math.randomseed(os.time() + (thread_number or 0) * 7919)
end

function request()
   local row = rows[math.random(#rows)]
   return wrk.format("GET", "/v1/containers/" .. row.id, common.auth(row.token))
end

setup = common.setup
done = common.done
