/**
 * Starts the real backend for the end-to-end run and returns its teardown.
 *
 * `../.venv/bin/tollgate run` from the repository root, on a free port, with a fresh
 * TOLLGATE_DATA_DIR. The database is a fresh one: on the server named by TEST_DATABASE_URL
 * when that is set (created here, dropped afterwards), else the backend's embedded PostgreSQL
 * in the temporary data dir. Redis likewise: TEST_REDIS_URL with a key prefix of this run's own,
 * else the embedded one. The backend serves the built SPA (frontend/dist) at `/`.
 *
 * If the backend does not serve the SPA's assets as JavaScript (an older backend), the app is
 * served by `vite preview` proxying the API to the backend instead, and a warning says so.
 * E2E_SERVE=backend|preview forces one of the two.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const frontend = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = resolve(frontend, "..");
const results = join(frontend, "test-results");

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, logFile: string, seconds: number, ok: (status: number) => boolean): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${url}: the process exited with ${child.exitCode} before it was ready. Its output:\n${tail(logFile)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (ok(response.status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((next) => setTimeout(next, 500));
  }
  throw new Error(`${url} was not ready within ${seconds} s. Output:\n${tail(logFile)}`);
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

function stop(child: ChildProcess | undefined, seconds: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
    }, seconds * 1000);
    child.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    child.kill("SIGTERM");
  });
}

/** A fresh database on the TEST_DATABASE_URL server, or undefined to use the embedded one. */
function createDatabase(serverUrl: string, name: string): string | undefined {
  const psql = spawnSync("psql", [serverUrl, "-v", "ON_ERROR_STOP=1", "-qc", `CREATE DATABASE "${name}"`], { encoding: "utf8" });
  if (psql.error || psql.status !== 0) {
    console.warn(`[e2e] could not create a database on TEST_DATABASE_URL (${psql.error?.message ?? psql.stderr.trim()}); using the embedded PostgreSQL`);
    return undefined;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function dropDatabase(serverUrl: string, name: string): void {
  spawnSync("psql", [serverUrl, "-qc", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], { encoding: "utf8" });
}

/** Remove this run's keys (all under its own prefix) from the shared Redis, if redis-cli is here. */
function dropRedisKeys(redisUrl: string, prefix: string): void {
  const scan = spawnSync("redis-cli", ["-u", redisUrl, "--scan", "--pattern", `${prefix}:*`], { encoding: "utf8" });
  if (scan.error || scan.status !== 0) return;
  const keys = scan.stdout.split("\n").filter(Boolean);
  for (let start = 0; start < keys.length; start += 500) {
    spawnSync("redis-cli", ["-u", redisUrl, "del", ...keys.slice(start, start + 500)], { encoding: "utf8" });
  }
}

async function servesAssets(origin: string): Promise<boolean> {
  const assets = join(frontend, "dist", "assets");
  const script = existsSync(assets) ? readdirSync(assets).find((file) => file.endsWith(".js")) : undefined;
  if (!script) return false;
  try {
    const response = await fetch(`${origin}/assets/${script}`);
    return response.ok && (response.headers.get("Content-Type") ?? "").includes("javascript");
  } catch {
    return false;
  }
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(join(frontend, "dist", "index.html"))) {
    throw new Error("frontend/dist is missing: run npm run build before npm run e2e");
  }
  const tollgate = join(repoRoot, ".venv", "bin", "tollgate");
  if (!existsSync(tollgate)) throw new Error(`${tollgate} is missing: run make install first`);

  rmSync(join(results, "screenshots"), { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "tollgate-e2e-"));
  const port = Number(process.env.E2E_BACKEND_PORT) || (await freePort());
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  // The token AGI gateways send: specs play a gateway's heartbeat with it.
  process.env.E2E_SERVICE_TOKEN = `e2e-service-token-${runId}`;

  const env: Record<string, string | undefined> = {
    ...process.env,
    TOLLGATE_HOST: "127.0.0.1",
    TOLLGATE_PORT: String(port),
    TOLLGATE_DATA_DIR: dataDir,
    TOLLGATE_SPA_DIR: join(frontend, "dist"),
    TOLLGATE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    TOLLGATE_LOG_JSON: "false",
    TOLLGATE_SERVICE_TOKEN: process.env.E2E_SERVICE_TOKEN,
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
  };
  const databaseName = `tollgate_e2e_${runId}`;
  const testDatabase = process.env.TEST_DATABASE_URL;
  if (testDatabase) env.DATABASE_URL = createDatabase(testDatabase, databaseName);
  if (process.env.TEST_REDIS_URL) {
    env.REDIS_URL = process.env.TEST_REDIS_URL;
    env.TOLLGATE_REDIS_PREFIX = `tollgate-e2e-${runId}`;
  }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  const backendLog = join(results, "backend.log");
  const backendOut = createWriteStream(backendLog);
  const started = Date.now();
  const backend = spawn(tollgate, ["run"], { cwd: repoRoot, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  backend.stdout?.pipe(backendOut);
  backend.stderr?.pipe(backendOut);
  let preview: ChildProcess | undefined;

  const teardown = async () => {
    await stop(preview, 10);
    await stop(backend, 45);
    if (testDatabase && env.DATABASE_URL) dropDatabase(testDatabase, databaseName);
    if (env.TOLLGATE_REDIS_PREFIX && process.env.TEST_REDIS_URL) dropRedisKeys(process.env.TEST_REDIS_URL, env.TOLLGATE_REDIS_PREFIX);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const origin = `http://127.0.0.1:${port}`;
    // /ready answers 503 until PostgreSQL, Redis, the broker and a worker all answer.
    await waitFor(`${origin}/ready`, backend, backendLog, 240, (status) => status === 200);
    console.log(`[e2e] backend ready on ${origin} after ${((Date.now() - started) / 1000).toFixed(1)} s (log: test-results/backend.log)`);

    const mode = process.env.E2E_SERVE ?? ((await servesAssets(origin)) ? "backend" : "preview");
    if (mode === "backend") {
      process.env.E2E_BASE_URL = origin;
    } else {
      if (!process.env.E2E_SERVE) {
        console.warn("[e2e] WARNING: the backend does not serve frontend/dist's assets as JavaScript; serving the SPA with vite preview instead");
      }
      const previewPort = await freePort();
      const previewLog = join(results, "preview.log");
      const previewOut = createWriteStream(previewLog);
      preview = spawn(join(frontend, "node_modules", ".bin", "vite"), ["preview", "--host", "127.0.0.1", "--port", String(previewPort), "--strictPort"], {
        cwd: frontend,
        env: { ...process.env, TOLLGATE_BACKEND_URL: origin },
        stdio: ["ignore", "pipe", "pipe"],
      });
      preview.stdout?.pipe(previewOut);
      preview.stderr?.pipe(previewOut);
      const previewOrigin = `http://127.0.0.1:${previewPort}`;
      await waitFor(`${previewOrigin}/ready`, preview, previewLog, 60, (status) => status === 200);
      process.env.E2E_BASE_URL = previewOrigin;
    }
    console.log(`[e2e] the app is served by the ${mode === "backend" ? "backend" : "vite preview"} at ${process.env.E2E_BASE_URL}/`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
