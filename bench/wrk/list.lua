-- GET /v2/{project}/instances?limit=100 with X-Auth-Token (the platform list: 100 items per page).
--   wrk ... -s bench/wrk/list.lua URL -- TOKEN PROJECT_ID [LIMIT]
local req

function init(args)
   local path = string.format("/v2/%s/instances?limit=%s", args[2], args[3] or "100")
   req = wrk.format("GET", path, { ["X-Auth-Token"] = args[1] })
end

function request()
   return req
end
