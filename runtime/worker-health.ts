import http from 'node:http';
import { metricsText } from '../observability/metrics';
import type { WorkerSet } from './worker';

export interface WorkerHealthServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * The worker process's own HTTP face, for orchestrators and scrapers: GET /health answers 200 only while every worker
 * of the set polls (503 with each worker's state otherwise), GET /metrics the process's metrics (activity failures are
 * counted here, in the process that runs the activities, not in the API's).
 */
export async function startWorkerHealthServer(workers: WorkerSet, opts: { port: number; host?: string }): Promise<WorkerHealthServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/health' || path === '/healthz') {
      const h = workers.health();
      res.writeHead(h.ok ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ status: h.ok ? 'ok' : 'unhealthy', workers: h.workers }));
      return;
    }
    if (path === '/metrics') {
      metricsText().then(
        (m) => res.writeHead(200, { 'Content-Type': m.contentType }).end(m.body),
        (err: Error) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(err.message),
      );
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE'
      ? new Error(`Port ${opts.port} (WORKER_HEALTH_PORT) is already in use. Choose another with WORKER_HEALTH_PORT=<port>.`) : e));
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : opts.port,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
