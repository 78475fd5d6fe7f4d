// Starts the real pieces for the browser test and the benchmarks: the backend jar (simulated
// source) on a free loopback port, Debian's nginx with the project's rendered nginx.conf in front of
// it and of the built app, and Debian's Chromium driven by playwright-core. Every wait is bounded;
// a missing prerequisite throws with a one-line message saying how to get it.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FRONTEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(FRONTEND, '..');
export const TARGET = path.join(FRONTEND, 'target');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BACKEND_JAR = process.env.BACKEND_JAR ?? path.join(ROOT, 'backend', 'target', 'backend.jar');
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const DIST = path.join(FRONTEND, 'dist');

/** Flags from shared/docs/environment.md (playwright adds --headless and its own fresh profile). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export class Failure extends Error {}

export function requirePrerequisites({ needDist = true } = {}) {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium chromium-driver (or set CHROMIUM_PATH)`);
  if (!existsSync(BACKEND_JAR)) missing.push(`backend jar not found at ${BACKEND_JAR}: build it with ./mvnw -pl backend package (or set BACKEND_JAR)`);
  if (!existsSync(NGINX)) missing.push(`nginx not found at ${NGINX}: apt-get install -y nginx (or set NGINX_PATH)`);
  if (needDist && !existsSync(path.join(DIST, 'index.html'))) missing.push(`the app is not built (${DIST}/index.html missing): run npm run build`);
  if (!javaBin()) missing.push('no Java 21+ runtime: set JAVA_HOME (e.g. /usr/lib/jvm/temurin-25-jdk-amd64)');
  if (missing.length) throw new Failure(missing.join('\n'));
}

/** Java 21+ for the backend jar: JAVA_HOME, then the machine's Temurin 25, then `java` on PATH. */
export function javaBin() {
  const candidates = [
    process.env.JAVA_HOME && path.join(process.env.JAVA_HOME, 'bin', 'java'),
    '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java',
    'java',
  ].filter(Boolean);
  for (const c of candidates) {
    const r = spawnSync(c, ['-version'], { encoding: 'utf8', timeout: 10_000 });
    const m = /version "(\d+)/.exec(r.stderr ?? '');
    if (r.status === 0 && m && Number(m[1]) >= 21) return c;
  }
  return null;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns a truthy value or the deadline passes (then throws with `what`). */
export async function waitFor(what, fn, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let lastError = null;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    await sleep(intervalMs);
  }
  throw new Failure(`timed out after ${timeoutMs} ms waiting for ${what}` + (lastError ? ` (last error: ${lastError.message})` : ''));
}

/** A plain HTTP request on loopback, with explicit headers, a timeout and no decompression. */
export function request(url, { headers = {}, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

function logStream(name) {
  mkdirSync(path.join(TARGET, 'logs'), { recursive: true });
  return createWriteStream(path.join(TARGET, 'logs', name), { flags: 'a' });
}

export const DB_IMAGE = process.env.TIMESCALEDB_IMAGE ?? 'stackctl/timescaledb:2.19-pg17';
export const REDIS_IMAGE = process.env.REDIS_IMAGE ?? 'stackctl/redis:8.0';

function docker(args, timeoutMs = 60_000) {
  const r = spawnSync('docker', args, { encoding: 'utf8', timeout: timeoutMs });
  if (r.error) throw new Failure(`docker ${args[0]}: ${r.error.message}. Is the Docker engine running (docker info)?`);
  if (r.status !== 0) throw new Failure(`docker ${args.join(' ')} failed: ${(r.stderr || '').trim().split('\n').slice(-2).join(' | ')}`);
  return r.stdout.trim();
}

/**
 * TimescaleDB and Redis for the backend, as containers from the locally built images (never
 * pulled), published on random loopback ports. BROWSER_TEST_DB=none runs the backend without them
 * (live data only; the history API then answers 503).
 */
export async function startDataServices() {
  if (process.env.BROWSER_TEST_DB === 'none') return { env: {}, mode: 'no database, no redis', stop: async () => {} };
  for (const image of [DB_IMAGE, REDIS_IMAGE]) {
    const r = spawnSync('docker', ['image', 'inspect', image], { encoding: 'utf8', timeout: 20_000 });
    if (r.error) throw new Failure(`docker is not available (${r.error.message}): install and start it (bin/setup), or set BROWSER_TEST_DB=none`);
    if (r.status !== 0) throw new Failure(`image ${image} is missing: run ./stackctl images build (or set BROWSER_TEST_DB=none)`);
  }
  const tag = `frontend-bt-${process.pid}`;
  const password = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  const names = [];
  const stop = async () => {
    for (const n of names) spawnSync('docker', ['rm', '-f', '-v', n], { timeout: 30_000 });
  };
  try {
    names.push(`${tag}-db`);
    docker(['run', '-d', '--pull', 'never', '--name', `${tag}-db`, '-e', 'POSTGRES_USER=tracker', '-e', `POSTGRES_PASSWORD=${password}`,
      '-e', 'POSTGRES_DB=tracker', '-p', '127.0.0.1::5432', DB_IMAGE]);
    names.push(`${tag}-redis`);
    docker(['run', '-d', '--pull', 'never', '--name', `${tag}-redis`, '-p', '127.0.0.1::6379', REDIS_IMAGE]);
    const port = (name, p) => docker(['port', name, p]).split('\n')[0].split(':').pop();
    const dbPort = port(`${tag}-db`, '5432/tcp');
    const redisPort = port(`${tag}-redis`, '6379/tcp');
    return {
      mode: `TimescaleDB on :${dbPort}, Redis on :${redisPort}`,
      env: {
        DATABASE_URL: `jdbc:postgresql://127.0.0.1:${dbPort}/tracker`, DATABASE_USER: 'tracker', DATABASE_PASSWORD: password,
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The backend jar as a child process; `stop()` sends SIGTERM and waits (SIGKILL after 15 s).
 * Ready when /health says 200, or, without a database (env has no DATABASE_URL), when the API answers.
 */
export async function startBackend(port, extraEnv = {}) {
  const log = logStream('backend.log');
  log.write(`\n=== start on port ${port} at ${new Date().toISOString()}\n`);
  const child = spawn(javaBin(), ['-jar', BACKEND_JAR], {
    env: {
      ...process.env,
      HTTP_PORT: String(port),
      MARKET_SOURCE: 'simulated',
      SESSION_CLOCK: 'open',
      SIM_SEED: '42',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const probe = extraEnv.DATABASE_URL ? '/health' : '/api/symbols';
  await waitFor(`the backend on port ${port} to answer ${probe} with 200 (log: target/logs/backend.log)`, async () => {
    if (exited) throw new Failure(`the backend exited early (${JSON.stringify(exited)}); see target/logs/backend.log`);
    const r = await request(`http://127.0.0.1:${port}${probe}`, { timeoutMs: 2000 });
    return r.status === 200;
  }, 90_000, 250);
  return {
    port,
    child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const deadline = Date.now() + 15_000;
      while (!exited && Date.now() < deadline) await sleep(100);
      if (!exited) child.kill('SIGKILL');
      while (!exited) await sleep(50);
    },
  };
}

/**
 * The nginx config the stack uses: generated/nginx.conf when the generator has written it, else
 * templates/nginx.conf rendered with the stack's defaults. For a host run only the upstream server,
 * the listen port and the static root change.
 */
export function hostNginxConf(listenPort, backendPort, staticRoot = DIST) {
  const generated = path.join(ROOT, 'generated', 'nginx.conf');
  let conf;
  if (existsSync(generated)) {
    conf = readFileSync(generated, 'utf8');
  } else {
    const defaults = {
      listen_port: '8080', static_root: '/usr/share/nginx/html',
      upstream: 'upstream tracker_backend {\n        server backend:8000;\n        keepalive 16;\n    }',
      proxy_target: 'tracker_backend', connect_timeout: '5s',
      api_path: '/api/', ws_path: '/ws/', health_path: '/health', nginx_health_path: '/healthz',
      worker_processes: '2', worker_rlimit_nofile: '16384', worker_connections: '15360',
      ws_connections_per_address: '128', api_requests_per_second: '20', api_burst: '80',
    };
    conf = readFileSync(path.join(ROOT, 'templates', 'nginx.conf'), 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k) => {
      if (!(k in defaults)) throw new Failure(`templates/nginx.conf: unknown placeholder {{${k}}}`);
      return defaults[k];
    });
  }
  const replaceOnce = (re, by, what) => {
    if (!re.test(conf)) throw new Failure(`nginx.conf: found no ${what} to point at the test's own ${what}`);
    conf = conf.replace(re, by);
  };
  replaceOnce(/(upstream\s+\w+\s*\{[^}]*?)server\s+[^;\s]+;/, `$1server 127.0.0.1:${backendPort};`, 'upstream server');
  replaceOnce(/listen\s+\d+\s*;/, `listen 127.0.0.1:${listenPort};`, 'listen port');
  replaceOnce(/root\s+\/usr\/share\/nginx\/html\s*;/, `root ${staticRoot};`, 'static root');
  return conf;
}

/** Debian's nginx in the foreground with the rendered config; `stop()` ends it. */
export async function startNginx(listenPort, backendPort) {
  mkdirSync(TARGET, { recursive: true });
  const confPath = path.join(TARGET, `nginx-${listenPort}.conf`);
  writeFileSync(confPath, hostNginxConf(listenPort, backendPort));
  // nginx opens /dev/stdout and /dev/stderr itself; that fails on the socket pairs node uses for
  // pipes (ENXIO), so its output goes to a plain file, as it goes to a pipe in a container.
  mkdirSync(path.join(TARGET, 'logs'), { recursive: true });
  const checkLog = path.join(TARGET, 'logs', 'nginx-t.log');
  const checkFd = openSync(checkLog, 'w');
  const check = spawnSync(NGINX, ['-t', '-c', confPath, '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', checkFd, checkFd], timeout: 15_000 });
  closeSync(checkFd);
  if (check.status !== 0) {
    throw new Failure(`nginx -t rejected ${confPath}: ${readFileSync(checkLog, 'utf8').trim().split('\n').slice(-3).join(' | ')}`);
  }
  const logFd = openSync(path.join(TARGET, 'logs', 'nginx.log'), 'a');
  const child = spawn(NGINX, ['-c', confPath, '-e', 'stderr', '-g', 'daemon off;'], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  await waitFor(`nginx on port ${listenPort} to answer /healthz`, async () => {
    if (exited) throw new Failure(`nginx exited early (${JSON.stringify(exited)}); see target/logs/nginx.log`);
    return (await request(`http://127.0.0.1:${listenPort}/healthz`, { timeoutMs: 1000 })).status === 200;
  }, 15_000, 100);
  return {
    port: listenPort,
    confPath,
    async stop() {
      if (exited) return;
      child.kill('SIGQUIT');
      const deadline = Date.now() + 5000;
      while (!exited && Date.now() < deadline) await sleep(50);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
}

/** A tiny test runner that prints the plain closing line CI reads: "N passed, M failed". */
export class Checks {
  passed = 0;
  failed = 0;
  failures = [];
  /** Runs one check; `after` (optional) runs whether it passed or not, e.g. to go back to the board. */
  async run(name, fn, after) {
    const t0 = Date.now();
    try {
      await fn();
      this.passed++;
      console.log(`  ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      this.failed++;
      this.failures.push(`${name}: ${e.message}`);
      console.log(`  FAIL ${name}: ${e.message}`);
    }
    if (after) await Promise.resolve().then(after).catch((e) => console.log(`       (cleanup of '${name}' failed: ${e.message})`));
  }
}

/**
 * Runs a test script's `main` with `checks`: an error that escapes it counts as a failure; `cleanup`
 * runs in any case, also when the process is stopped from outside (Ctrl-C, a CI timeout), so that no
 * container or child process is left behind. Prints "<name>: N passed, M failed" and the failures.
 */
export async function runScript(name, checks, main, cleanup) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, async () => {
      console.log(`${name}: ${sig}, cleaning up`);
      await cleanup().catch(() => {});
      process.exit(130);
    });
  }
  try {
    await main();
  } catch (e) {
    checks.failed++;
    checks.failures.push(e.message);
    console.log(`  FAIL ${e instanceof Failure ? '' : 'unexpected error: '}${e.message}`);
  } finally {
    await cleanup().catch(() => {});
  }
  console.log(`${name}: ${checks.passed} passed, ${checks.failed} failed`);
  if (checks.failed) {
    console.log('failures:\n  ' + checks.failures.join('\n  '));
    process.exitCode = 1;
  }
}

export function assert(cond, message) {
  if (!cond) throw new Failure(message);
}

/**
 * A bare WebSocket client for the limit tests (Node 20 has none built in): the RFC 6455 handshake
 * from `localAddress`, then the server's frames (never masked) parsed as they arrive. Resolves with
 * `{ refused: { status, headers, body } }` when the handshake gets an HTTP answer instead of 101, or
 * with `{ ws }`: `ws.messages` (parsed JSON text frames), `ws.closed` (a promise of `{ code, reason }`),
 * `ws.close()`.
 */
export function openWebSocket(port, wsPath, { localAddress = '127.0.0.1', timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, path: wsPath, localAddress, timeout: timeoutMs,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256))).toString('base64') },
    });
    req.on('timeout', () => req.destroy(new Error(`no handshake answer on ${wsPath} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ refused: { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() } }));
    });
    req.on('upgrade', (res, socket, head) => {
      let buf = head;
      let onClose;
      const ws = {
        messages: [],
        closed: new Promise((r) => { onClose = r; }),
        close: () => socket.destroy(),
      };
      const parse = () => {
        while (buf.length >= 2) {
          let len = buf[1] & 0x7f;
          let at = 2;
          if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); at = 4; }
          else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); at = 10; }
          if (buf.length < at + len) return;
          const opcode = buf[0] & 0x0f;
          const payload = buf.subarray(at, at + len);
          if (opcode === 1) ws.messages.push(JSON.parse(payload.toString()));
          if (opcode === 8) onClose({ code: len >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString() });
          buf = buf.subarray(at + len);
        }
      };
      socket.on('data', (d) => { buf = Buffer.concat([buf, d]); parse(); });
      socket.on('close', () => onClose({ code: 1006, reason: 'connection closed without a close frame' }));
      socket.on('error', () => {});
      parse();
      resolve({ ws });
    });
    req.end();
  });
}
