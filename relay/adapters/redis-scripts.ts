// Lua run atomically inside Redis, so concurrent nodes never see half an update. Keys are built
// from a prefix passed in ARGV, which ties these scripts to one Redis (or a primary with replicas),
// not Redis Cluster: that would need every key declared up front, per hash slot.
//
// Layout under prefix P:
//   P:nodes                     zset  node id -> last heartbeat (ms, Redis clock)
//   P:node:{node}:occ           set   ["app","channel"] where this node has subscribers
//   P:node:{node}:pres          hash  ["app","channel","user"] -> joins from this node
//   P:a:{app}:occ:{channel}     hash  node id -> subscriptions on that node (field only when > 0)
//   P:a:{app}:chans             set   occupied channels
//   P:a:{app}:pm:{channel}      hash  user id -> user_info JSON (the presence members)
//   P:a:{app}:pn:{channel}      hash  user id -> joins across nodes (member leaves at 0)

/** ARGV: prefix, node, then (app, channel, count) triples. Returns per triple 1 occupied, -1 vacated, 0. */
export const OCCUPANCY = `
local p, node = ARGV[1], ARGV[2]
local nodeOcc = p .. ':node:' .. node .. ':occ'
local out = {}
for i = 3, #ARGV, 3 do
  local app, ch, cnt = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local occ = p .. ':a:' .. app .. ':occ:' .. ch
  local entry = cjson.encode({app, ch})
  local before = redis.call('EXISTS', occ)
  if cnt > 0 then
    redis.call('HSET', occ, node, cnt)
    redis.call('SADD', nodeOcc, entry)
  else
    redis.call('HDEL', occ, node)
    redis.call('SREM', nodeOcc, entry)
  end
  local after = redis.call('EXISTS', occ)
  local chans = p .. ':a:' .. app .. ':chans'
  if before == 0 and after == 1 then
    redis.call('SADD', chans, ch)
    out[#out + 1] = 1
  elseif before == 1 and after == 0 then
    redis.call('SREM', chans, ch)
    out[#out + 1] = -1
  else
    out[#out + 1] = 0
  end
end
return out
`;

/** ARGV: prefix, node, app, channel, user, infoJson, maxMembers (-1 = none). Returns {-1} when full, else {isNew, HGETALL members}. */
export const JOIN = `
local p, node, app, ch, user, info, max = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7])
local pm = p .. ':a:' .. app .. ':pm:' .. ch
local isNew = redis.call('HEXISTS', pm, user) == 0
if isNew then
  if max >= 0 and redis.call('HLEN', pm) >= max then return {-1} end
  redis.call('HSET', pm, user, info)
end
redis.call('HINCRBY', p .. ':a:' .. app .. ':pn:' .. ch, user, 1)
redis.call('HINCRBY', p .. ':node:' .. node .. ':pres', cjson.encode({app, ch, user}), 1)
return {isNew and 1 or 0, redis.call('HGETALL', pm)}
`;

/** ARGV: prefix, node, app, channel, user. Returns 1 when the user has no join left anywhere. */
export const LEAVE = `
local p, node, app, ch, user = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local nodePres = p .. ':node:' .. node .. ':pres'
local entry = cjson.encode({app, ch, user})
if redis.call('HINCRBY', nodePres, entry, -1) <= 0 then redis.call('HDEL', nodePres, entry) end
local pn = p .. ':a:' .. app .. ':pn:' .. ch
if redis.call('HINCRBY', pn, user, -1) <= 0 then
  redis.call('HDEL', pn, user)
  redis.call('HDEL', p .. ':a:' .. app .. ':pm:' .. ch, user)
  return 1
end
return 0
`;

/** ARGV: prefix, node, timeoutMs. Returns {wasKnown, nodes silent for longer than timeoutMs}. */
export const HEARTBEAT = `
local nodes = ARGV[1] .. ':nodes'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local known = redis.call('ZSCORE', nodes, ARGV[2])
redis.call('ZADD', nodes, now, ARGV[2])
return {known and 1 or 0, redis.call('ZRANGEBYSCORE', nodes, '-inf', now - tonumber(ARGV[3]))}
`;

/**
 * ARGV: prefix, dead node. Removes the node and everything it held; only the caller whose ZREM
 * wins does the work. Returns {members gone for good, channels now vacated} as JSON entries.
 */
export const REAP = `
local p, node = ARGV[1], ARGV[2]
if redis.call('ZREM', p .. ':nodes', node) == 0 then return {{}, {}} end
local removed, vacated = {}, {}
local presKey = p .. ':node:' .. node .. ':pres'
local pres = redis.call('HGETALL', presKey)
for i = 1, #pres, 2 do
  local x = cjson.decode(pres[i])
  local pn = p .. ':a:' .. x[1] .. ':pn:' .. x[2]
  if redis.call('HINCRBY', pn, x[3], -tonumber(pres[i + 1])) <= 0 then
    redis.call('HDEL', pn, x[3])
    redis.call('HDEL', p .. ':a:' .. x[1] .. ':pm:' .. x[2], x[3])
    removed[#removed + 1] = pres[i]
  end
end
redis.call('DEL', presKey)
local occKey = p .. ':node:' .. node .. ':occ'
for _, e in ipairs(redis.call('SMEMBERS', occKey)) do
  local x = cjson.decode(e)
  local occ = p .. ':a:' .. x[1] .. ':occ:' .. x[2]
  redis.call('HDEL', occ, node)
  if redis.call('EXISTS', occ) == 0 then
    redis.call('SREM', p .. ':a:' .. x[1] .. ':chans', x[2])
    vacated[#vacated + 1] = e
  end
end
redis.call('DEL', occKey)
return {removed, vacated}
`;
