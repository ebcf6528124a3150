import type { UsulanKind } from '../domain/lifecycle';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's metrics registry, served at /metrics by the API and by each worker's health server. It lives outside
 * api/ because activities and the worker runtime set metrics too, and they must not depend on the HTTP layer.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

type Labels<L extends string> = { name: string; help: string; labelNames?: readonly L[] };

/** Returns the metric already registered under this name (modules may be loaded twice in tests) or a new one. */
export function gauge<L extends string = string>(cfg: Labels<L> & { collect?: (this: Gauge<L>) => void | Promise<void> }): Gauge<L> {
  return (metricsRegistry.getSingleMetric(cfg.name) as Gauge<L> | undefined) ?? new Gauge<L>({ ...cfg, labelNames: cfg.labelNames ?? [], registers: [metricsRegistry] });
}

export function counter<L extends string = string>(cfg: Labels<L>): Counter<L> {
  return (metricsRegistry.getSingleMetric(cfg.name) as Counter<L> | undefined) ?? new Counter<L>({ ...cfg, labelNames: cfg.labelNames ?? [], registers: [metricsRegistry] });
}

export function histogram<L extends string = string>(cfg: Labels<L> & { buckets?: number[] }): Histogram<L> {
  return (metricsRegistry.getSingleMetric(cfg.name) as Histogram<L> | undefined) ?? new Histogram<L>({ ...cfg, labelNames: cfg.labelNames ?? [], registers: [metricsRegistry] });
}

export const httpRequests = counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'] as const });
export const httpDuration = histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by route',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** Counts of the read model at scrape time, supplied by whoever holds the database (see observeReadModel). */
export interface ReadModelCounts {
  byStatus: { kind: UsulanKind; status: string; n: number }[];
  stuck: { kind: UsulanKind; n: number }[];
}
let readModel: (() => Promise<ReadModelCounts>) | undefined;
let lastCounts: Promise<ReadModelCounts | undefined> | undefined;
/**
 * One query per scrape, shared by both gauges' collect(). A database that does not answer leaves the gauges as they
 * were rather than failing the whole scrape (the process's other metrics are what shows the outage).
 */
function counts(): Promise<ReadModelCounts | undefined> | undefined {
  if (!readModel) return undefined;
  lastCounts ??= readModel().catch(() => undefined).finally(() => setImmediate(() => { lastCounts = undefined; }));
  return lastCounts;
}

/**
 * The business metrics, each set where its fact is known:
 * - usulan_total and usulan_stuck: read from the read model at each scrape (a process that registered a source);
 * - usulan_sla_breaches_total and usulan_steps_stuck_total: by the activity that records the escalation or the
 *   LANGKAH_MACET event, once per event (a retried activity does not count twice);
 * - activity_failures_total: by the worker's activity interceptor, every failed attempt on every task queue.
 */
export const usulanByStatus = gauge({
  name: 'usulan_total', help: 'Usulan in the read model by kind and status', labelNames: ['kind', 'status'] as const,
  async collect() {
    const c = await counts();
    if (!c) return;
    this.reset();
    for (const r of c.byStatus) this.set({ kind: r.kind, status: r.status }, r.n);
  },
});
export const usulanStuck = gauge({
  name: 'usulan_stuck', help: 'Usulan whose workflow step is stopped on a failure now', labelNames: ['kind'] as const,
  async collect() {
    const c = await counts();
    if (!c) return;
    this.reset();
    for (const r of c.stuck) this.set({ kind: r.kind }, r.n);
  },
});
export const slaBreaches = counter({ name: 'usulan_sla_breaches_total', help: 'SLA deadlines passed, by kind and step', labelNames: ['kind', 'step'] as const });
export const activityFailures = counter({ name: 'activity_failures_total', help: 'Activity attempts that failed, by activity', labelNames: ['activity'] as const });
export const stuckSteps = counter({ name: 'usulan_steps_stuck_total', help: 'Workflow steps stopped on a failure no retry healed, by kind and step', labelNames: ['kind', 'step'] as const });

/** The usulan counters take their kind typed, so every usulan metric spells it the same way. */
export const countStuckStep = (kind: UsulanKind, step: string): void => stuckSteps.inc({ kind, step });
export const countSlaBreach = (kind: UsulanKind, step: string): void => slaBreaches.inc({ kind, step });

/** Registers the read-model source of the usulan gauges; returns a function that removes it. */
export function observeReadModel(source: () => Promise<ReadModelCounts>): () => void {
  readModel = source;
  return () => {
    if (readModel === source) readModel = undefined;
  };
}

/** The exposition text, for servers that are not Express (the worker's health server). */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}

/** The route pattern (never the raw URL, whose ids would explode the label set). */
function routeLabel(req: Request): string {
  const pattern = req.route?.path;
  if (typeof pattern !== 'string') return 'unmatched';
  return `${req.baseUrl}${pattern}`;
}

export function metricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const labels = { method: req.method, route: routeLabel(req), status: String(res.statusCode) };
    httpRequests.inc(labels);
    end(labels);
  });
  next();
}

export async function metricsHandler(_req: Request, res: Response): Promise<void> {
  res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
}
