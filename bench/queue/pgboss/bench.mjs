// The pg-boss side of bench/queue: the same three runs as the engine's (bench-queue), on the same
// PostgreSQL, in a schema of its own that is dropped at the end.
//   node bench.mjs run --connection URL [--jobs N] [--workers W] [--instances I] [--latency-jobs M] [--rate R]
// enqueue:  32 concurrent producers calling send()
// drain:    I consumer processes, each W loops of fetch({ batchSize: 1 }) + complete()
// latency:  I consumer processes running work() with localConcurrency W on a queue with notify on and
//           useListenNotify (pg-boss's LISTEN/NOTIFY wake-up, 1 s poll as the backstop, as the engine's),
//           while jobs are sent one at a time at R per second; each handler prints the time since send.
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { PgBoss } from 'pg-boss'
import pg from 'pg'

const PRODUCERS = 32
const WARM_UP_JOBS = 50
const QUEUE = 'bench'
const mode = process.argv[2]
const options = Object.fromEntries(process.argv.slice(3).reduce((pairs, value, i, all) => (i % 2 === 0 ? [...pairs, [value.replace(/^--/, ''), all[i + 1]]] : pairs), []))
const int = (name, fallback) => (options[name] === undefined ? fallback : parseInt(options[name], 10))
const settings = {
  connection: options.connection,
  schema: options.schema ?? `pgboss_bench_${process.pid}`,
  jobs: int('jobs', 10000),
  workers: int('workers', 8),
  instances: int('instances', 1),
  latencyJobs: int('latency-jobs', 500),
  rate: int('rate', 50),
  mode: options.mode ?? 'drain',
}

const boss = (extra) => {
  const b = new PgBoss({ connectionString: settings.connection, schema: settings.schema, ...extra })
  b.on('error', (e) => console.error(`pg-boss: ${e.message}`))
  return b
}

function consumer (consumeMode) {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, 'consume', '--connection', settings.connection, '--schema', settings.schema,
    '--workers', String(settings.workers), '--mode', consumeMode], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })
  const waiting = []
  const buffered = []
  lines.on('line', (line) => { const w = waiting.shift(); w ? w(line) : buffered.push(line) })
  const next = () => (buffered.length ? Promise.resolve(buffered.shift()) : new Promise((resolve) => waiting.push(resolve)))
  return {
    child,
    next,
    async expect (prefix) { for (;;) { const line = await next(); if (line.startsWith(prefix)) return line } },
    send (line) { child.stdin.write(line + '\n') },
    close () { child.stdin.end(); return new Promise((resolve) => child.on('exit', resolve)) },
  }
}

async function run () {
  const producer = boss({ max: PRODUCERS, supervise: false, schedule: false })
  await producer.start()
  await producer.createQueue(QUEUE, { notify: true })
  try {
    // Enqueue.
    let next = -1
    let start = process.hrtime.bigint()
    await Promise.all(Array.from({ length: PRODUCERS }, async () => {
      let i
      while ((i = ++next) < settings.jobs) await producer.send(QUEUE, { i })
    }))
    const enqueue = settings.jobs / seconds(start)

    // Lease + complete.
    let consumers = Array.from({ length: settings.instances }, () => consumer('drain'))
    await Promise.all(consumers.map((c) => c.expect('ready')))
    start = process.hrtime.bigint()
    consumers.forEach((c) => c.send('go'))
    const done = await Promise.all(consumers.map((c) => c.expect('done')))
    const drain = settings.jobs / seconds(start)
    await Promise.all(consumers.map((c) => c.close()))
    const total = done.reduce((sum, line) => sum + parseInt(line.slice(5), 10), 0)
    if (total !== settings.jobs) throw new Error(`${total} jobs were completed, not ${settings.jobs}`)

    // Insert-to-start latency.
    consumers = Array.from({ length: settings.instances }, () => consumer('latency'))
    await Promise.all(consumers.map((c) => c.expect('ready')))
    const latencies = []
    const collecting = consumers.map(async (c) => { for (;;) { const line = await c.next(); if (line.startsWith('lat ')) latencies.push(parseFloat(line.slice(4))) } })
    void collecting
    consumers.forEach((c) => c.send('go'))
    // The first jobs warm both sides up and are not counted, as on the engine's side.
    const gap = 1000 / settings.rate
    let due = performance.now()
    for (let i = -WARM_UP_JOBS; i < settings.latencyJobs; i++) {
      due += gap
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())))
      await producer.send(QUEUE, { stamp: process.hrtime.bigint().toString(), warm: i < 0 })
    }
    const deadline = performance.now() + 120000
    while (latencies.length < settings.latencyJobs && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    await Promise.all(consumers.map((c) => c.close()))
    latencies.sort((a, b) => a - b)
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(p / 100 * latencies.length) - 1))]
    console.log(['RESULT', 'pg-boss', settings.instances, settings.workers, settings.jobs, enqueue.toFixed(0), drain.toFixed(0),
      pct(50).toFixed(1), pct(99).toFixed(1), latencies.length].join('\t'))
  } finally {
    await producer.stop({ graceful: false })
    const client = new pg.Client({ connectionString: settings.connection })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${settings.schema} CASCADE`)
    await client.end()
  }
}

async function consume () {
  const latency = settings.mode === 'latency'
  const b = boss({ max: settings.workers + 2, supervise: false, schedule: false, migrate: false, useListenNotify: latency })
  await b.start()
  const input = createInterface({ input: process.stdin })
  const lines = input[Symbol.asyncIterator]()
  if (!latency) {
    console.log('ready')
    await lines.next()
    const counts = await Promise.all(Array.from({ length: settings.workers }, async () => {
      let n = 0
      for (;;) {
        const [job] = await b.fetch(QUEUE, { batchSize: 1 })
        if (!job) return n
        await b.complete(QUEUE, job.id)
        n++
      }
    }))
    console.log(`done ${counts.reduce((a, c) => a + c, 0)}`)
  } else {
    await b.work(QUEUE, { localConcurrency: settings.workers, batchSize: 1, pollingIntervalSeconds: 1, notifyPollingIntervalSeconds: 1 }, async ([job]) => {
      const ms = Number(process.hrtime.bigint() - BigInt(job.data.stamp)) / 1e6
      if (!job.data.warm) console.log(`lat ${ms.toFixed(3)}`)
    })
    // LISTEN is set up by start(); give the workers their first fetch before saying ready.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    console.log('ready')
    await lines.next()
    await lines.next()
  }
  input.close()
  await b.stop({ graceful: latency, timeout: 5000 })
  process.exit(0)
}

function seconds (start) { return Number(process.hrtime.bigint() - start) / 1e9 }

if (mode === 'run') await run()
else if (mode === 'consume') await consume()
else { console.error('usage: node bench.mjs run --connection URL [--jobs N] [--workers W] [--instances I] [--latency-jobs M] [--rate R]'); process.exit(2) }
