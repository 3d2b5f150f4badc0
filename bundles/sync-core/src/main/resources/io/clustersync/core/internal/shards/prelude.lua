-- The environment of a shard's Lua scripts, as Redis 7.0 gives it: the redis table, cjson, KEYS and ARGV set per
-- call, the globals read-only, and the error handler that names the line of the script an error came from.
-- __clustersync_call (Java) runs a command and answers its reply; an error reply comes back as {err = ...}.
local call = __clustersync_call
local call_raising = __clustersync_call_raising
local json_encode = __clustersync_json_encode
local json_decode = __clustersync_json_decode
local sha1 = __clustersync_sha1
local expired = __clustersync_expired
local dbg = debug

redis = {}
redis.LOG_DEBUG = 0
redis.LOG_VERBOSE = 1
redis.LOG_NOTICE = 2
redis.LOG_WARNING = 3
redis.REDIS_VERSION = '7.0.0'
redis.REDIS_VERSION_NUM = 0x00070000

-- both are Java (C) functions, as in Redis: a script's 'return redis.call(...)' keeps its frame, so an error
-- raised by redis.call names the script's line
redis.pcall = call
redis.call = call_raising

function redis.error_reply(message)
  if type(message) ~= 'string' then
    error('wrong number or type of arguments', 2)
  end
  if string.sub(message, 1, 1) == '-' then
    message = string.sub(message, 2)
  end
  return {err = message}
end

function redis.status_reply(message)
  if type(message) ~= 'string' then
    error('wrong number or type of arguments', 2)
  end
  return {ok = message}
end

function redis.sha1hex(text)
  if type(text) ~= 'string' and type(text) ~= 'number' then
    error('wrong number of arguments', 2)
  end
  return sha1(tostring(text))
end

function redis.log(level, ...)
end

function redis.setresp(version)
  if version ~= 2 then
    error('RESP version must be 2 in clustersync scripts', 2)
  end
end

function redis.set_repl(mode)
end

redis.REPL_NONE = 0
redis.REPL_AOF = 1
redis.REPL_SLAVE = 2
redis.REPL_REPLICA = 2
redis.REPL_ALL = 3

cjson = {
  encode = json_encode,
  decode = json_decode,
}
cjson.null = cjson

-- the line of the user's script where an error was raised (the first frame of the script on the stack)
local function where()
  for level = 3, 30 do
    local info = dbg.getinfo(level, 'Sl')
    if info == nil then
      break
    end
    if info.source == '@user_script' then
      return info.source, info.currentline
    end
  end
  return '@user_script', 0
end

__clustersync_scripts = {}

-- "user_script:<line>: ", where a Java function called from a script is (what luaL_error puts before a message)
function __clustersync_where()
  local info = dbg.getinfo(3, 'Sl')
  if info == nil or info.currentline == nil or info.currentline < 0 then
    return ''
  end
  return info.short_src .. ':' .. info.currentline .. ': '
end

-- runs f (a script's function) with KEYS and ARGV: true and its result, or false and the error as
-- {err, source, line}; the hook stops a script past its time limit
function __clustersync_run(f, keys, argv, deadline_check_every)
  rawset(_G, 'KEYS', keys)
  rawset(_G, 'ARGV', argv)
  dbg.sethook(function()
    if expired() then
      error({err = 'ERR script exceeded its time limit and was stopped'}, 0)
    end
  end, '', deadline_check_every)
  local ok, result = xpcall(f, function(e)
    local source, line = where()
    if type(e) ~= 'table' then
      e = {err = 'ERR ' .. tostring(e)}
    end
    if e.source == nil then
      e.source = source
      e.line = line
    end
    return e
  end)
  dbg.sethook()
  return ok, result
end

-- what scripts see: no os, io, debug, loading from files, and globals that cannot be made or read when missing
os = nil
io = nil
dofile = nil
loadfile = nil
debug = nil
package = nil
require = nil
module = nil
__clustersync_call = nil
__clustersync_call_raising = nil
__clustersync_json_encode = nil
__clustersync_json_decode = nil
__clustersync_sha1 = nil
__clustersync_expired = nil
-- (LuaJava keeps its own state in globals named __j...: those stay writable and may be missing)
local function internal(name)
  return type(name) == 'string' and string.sub(name, 1, 3) == '__j'
end
setmetatable(_G, {
  __newindex = function(t, name, value)
    if internal(name) then
      rawset(t, name, value)
      return
    end
    error('Attempt to modify a readonly table', 2)
  end,
  __index = function(t, name)
    if internal(name) then
      return nil
    end
    error("Script attempted to access nonexistent global variable '" .. tostring(name) .. "'", 2)
  end,
})
