/**
 * docker-compose.yml cannot be started here (no Docker engine), so it is checked statically:
 *  - against the Compose Specification JSON schema (test/deploy/compose-spec.schema.json, a copy of
 *    compose-spec/compose-spec schema/compose-spec.json; Apache-2.0, see deploy/README.md), after the same
 *    YAML merge-key resolution and ${VAR:-default} interpolation Compose performs;
 *  - against the deployment's own requirements (services, replicas, task-queue split, wiring, ports);
 *  - for the files it refers to (Dockerfile, nginx.conf, Temporal dynamic config, env file, init script);
 *  - for Temporal's service split and its one configuration template, shared with `npm run cluster`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import YAML from 'yaml';
import { CLUSTER_CONFIG_DIR } from '../../runtime/temporal-cluster';
import { TEMPORAL_SERVER_VERSION } from '../../runtime/temporal-server';

const ROOT = path.resolve(__dirname, '..', '..');
const COMPOSE_FILE = path.join(ROOT, 'docker-compose.yml');
const SCHEMA_FILE = path.join(__dirname, 'compose-spec.schema.json');

type Dict = Record<string, any>;

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

/** Compose interpolation with an empty environment: every variable takes its default. */
function interpolate(value: unknown, env: Record<string, string> = {}): any {
  if (typeof value === 'string') {
    return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
      (whole, name?: string, op?: string, arg?: string, bare?: string) => {
        if (whole === '$$') return '$';
        const key = (name ?? bare)!;
        const v = env[key];
        const unsetOrEmpty = v === undefined || (op?.startsWith(':') ?? false) && v === '';
        switch (op) {
          case ':-': case '-': return unsetOrEmpty ? (arg ?? '') : v;
          case ':?': case '?': if (unsetOrEmpty) throw new Error(`required variable ${key}: ${arg}`); return v;
          case ':+': case '+': return unsetOrEmpty ? '' : (arg ?? '');
          default: return v ?? '';
        }
      });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  }
  return value;
}

function parseCompose(text: string): Dict {
  const doc = YAML.parseDocument(text, { merge: true });
  if (doc.errors.length) throw doc.errors[0];
  if (doc.warnings.length) throw new Error(`YAML warnings: ${doc.warnings.map((w) => w.message).join('; ')}`);
  return doc.toJS({ maxAliasCount: 100 }) as Dict;
}

function compileSchema(): ValidateFunction {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Dict;
  // The schema is draft-07 but names its meta-schema by the https URI; register Ajv's draft-07 meta-schema
  // under that name so that the schema itself is still validated. The schema uses union types and
  // type-less object keywords on purpose, hence the relaxed type strictness (unknown keywords still fail).
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictTypes: false });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const draft07 = require('ajv/dist/refs/json-schema-draft-07.json') as Dict;
  if (schema.$schema && schema.$schema !== draft07.$id) ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
  return ajv.compile(schema);
}

function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

function envOf(service: Dict): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((s: string) => {
      const i = s.indexOf('=');
      return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** Compose env_file syntax: KEY=VALUE lines, # comments, optional quotes. */
function parseEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new Error(`${file}: not KEY=VALUE: ${raw}`);
    let v = m[2];
    if (/^(['"]).*\1$/.test(v)) v = v.slice(1, -1);
    out[m[1]] = v;
  }
  return out;
}

function envFilesOf(service: Dict): string[] {
  const ef = service.env_file;
  if (ef === undefined) return [];
  return (Array.isArray(ef) ? ef : [ef]).map((e: string | Dict) => (typeof e === 'string' ? e : e.path));
}

interface PortMapping { service: string; hostIp?: string; published?: string; target: string; protocol: string }

function portsOf(name: string, service: Dict): PortMapping[] {
  return (service.ports ?? []).map((p: string | number | Dict): PortMapping => {
    if (typeof p === 'object') {
      return { service: name, hostIp: p.host_ip, published: p.published === undefined ? undefined : String(p.published), target: String(p.target), protocol: p.protocol ?? 'tcp' };
    }
    const [spec, protocol = 'tcp'] = String(p).split('/');
    const parts = spec.split(':');
    if (parts.length === 1) return { service: name, target: parts[0], protocol };
    if (parts.length === 2) return { service: name, published: parts[0], target: parts[1], protocol };
    return { service: name, hostIp: parts.slice(0, -2).join(':'), published: parts[parts.length - 2], target: parts[parts.length - 1], protocol };
  });
}

interface Mount { type: 'volume' | 'bind'; source: string; target: string }

function mountsOf(service: Dict): Mount[] {
  return (service.volumes ?? []).map((v: string | Dict): Mount => {
    if (typeof v === 'object') return { type: v.type, source: v.source, target: v.target };
    const [source, target] = v.split(':');
    if (target === undefined) return { type: 'volume', source: '', target: source };
    return { type: /^[./~]/.test(source) ? 'bind' : 'volume', source, target };
  });
}

function dependsOn(service: Dict): Record<string, string> {
  const d = service.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((s: string) => [s, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, (v as Dict).condition ?? 'service_started']));
}

function commandOf(service: Dict): string {
  const c = service.command;
  return Array.isArray(c) ? c.join(' ') : String(c ?? '');
}

function healthcheckText(service: Dict): string {
  const t = service.healthcheck?.test;
  return Array.isArray(t) ? t.join(' ') : String(t ?? '');
}

function replicasOf(service: Dict): number {
  return service.deploy?.replicas ?? 1;
}

/** Environment a container of the service sees: env_file entries, then `environment` on top. */
function effectiveEnv(service: Dict): Record<string, string> {
  const fromFiles = Object.assign({}, ...envFilesOf(service).map((f) => parseEnvFile(path.resolve(ROOT, f))));
  return { ...fromFiles, ...envOf(service) };
}

// ---------------------------------------------------------------------------------------------------------

const composeText = fs.readFileSync(COMPOSE_FILE, 'utf8');
const raw = parseCompose(composeText);
const compose = interpolate(raw) as Dict;
const services = compose.services as Dict;
const validate = compileSchema();

/** Services that run the application image. */
const APP_SERVICES = ['migrate', 'api', 'worker', 'worker-documents'];
/** Long-running application services that read and write documents. */
const RUNTIME_APP_SERVICES = ['api', 'worker', 'worker-documents'];

describe('docker-compose.yml against the Compose Specification schema', () => {
  it('uses the official schema (draft-07, compose_spec.json)', () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Dict;
    expect(schema.$id).toBe('compose_spec.json');
    expect(schema.$schema).toMatch(/draft-07/);
    expect(Object.keys(schema.definitions ?? {})).toEqual(expect.arrayContaining(['service', 'deployment', 'healthcheck', 'volume']));
  });

  it('is valid after interpolation (what Compose validates)', () => {
    const ok = validate(compose);
    expect(errorsOf(validate)).toBe('');
    expect(ok).toBe(true);
  });

  it('is valid before interpolation too', () => {
    const ok = validate(raw);
    expect(errorsOf(validate)).toBe('');
    expect(ok).toBe(true);
  });

  it('shares the app definition through YAML anchors in extension fields', () => {
    expect(Object.keys(raw).filter((k) => k.startsWith('x-'))).toEqual(expect.arrayContaining(['x-app']));
    expect(composeText).toMatch(/<<: \*app\b/);
  });

  describe('the validator bites', () => {
    const mutated = (mutate: (c: Dict) => void): Dict => {
      const copy = structuredClone(compose);
      mutate(copy);
      return copy;
    };

    it('rejects a misspelled top-level key (servics)', () => {
      const bad = mutated((c) => { c.servics = c.services; delete c.services; });
      expect(validate(bad)).toBe(false);
      expect(validate.errors).toEqual(expect.arrayContaining([expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'servics' } })]));
    });

    it('rejects a misspelled deploy key (deploy.replicaz)', () => {
      const bad = mutated((c) => { c.services.api.deploy = { replicaz: 3 }; });
      expect(validate(bad)).toBe(false);
      expect(validate.errors).toEqual(expect.arrayContaining([expect.objectContaining({ instancePath: '/services/api/deploy', params: { additionalProperty: 'replicaz' } })]));
    });

    it('rejects a misspelled service key, the same typo in the raw text', () => {
      const bad = parseCompose(composeText.replace(/^( {4})depends_on: \*app-depends$/m, '$1depend_on: *app-depends'));
      expect(validate(interpolate(bad))).toBe(false);
    });

    it('rejects an unknown depends_on condition and a volume list written as a string', () => {
      expect(validate(mutated((c) => { c.services.api.depends_on.migrate.condition = 'service_completed'; }))).toBe(false);
      expect(validate(mutated((c) => { c.services.api.volumes = 'blobs:/data'; }))).toBe(false);
      // (deploy.replicas is typed integer-or-string in the schema, for interpolation, so "three" would pass.)
    });
  });
});

describe('docker-compose.yml: the scaled-out deployment', () => {
  it('has every required service', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([
      'postgres', 'temporal-schema', 'temporal-history', 'temporal-matching', 'temporal-frontend', 'temporal-worker', 'temporal-namespace',
      'temporal-ui', 'mailpit', 'migrate', 'api', 'worker', 'worker-documents', 'proxy',
    ]));
  });

  it('runs PostgreSQL with a healthcheck and a named volume', () => {
    const pg = services.postgres;
    expect(pg.image).toMatch(/^postgres:\d+/);
    expect(healthcheckText(pg)).toMatch(/pg_isready/);
    const data = mountsOf(pg).find((m) => m.target === '/var/lib/postgresql/data');
    expect(data?.type).toBe('volume');
    expect(Object.keys(compose.volumes ?? {})).toContain(data!.source);
  });

  const TEMPORAL_SERVICES = { 'temporal-frontend': 'frontend', 'temporal-history': 'history', 'temporal-matching': 'matching', 'temporal-worker': 'worker' };
  const TEMPLATE = path.join(CLUSTER_CONFIG_DIR, 'cluster.yaml');

  it('runs Temporal as frontend, matching, worker and two history nodes of the server version npm run cluster builds', () => {
    for (const [name, service] of Object.entries(TEMPORAL_SERVICES)) {
      const t = services[name];
      expect([name, t.image]).toEqual([name, `temporalio/server:${TEMPORAL_SERVER_VERSION.replace(/^v/, '')}`]);
      expect([name, commandOf(t)]).toEqual([name, expect.stringMatching(new RegExp(`temporal-server .*--env cluster .*start --service ${service}$`))]);
      expect([name, dependsOn(t)['temporal-schema']]).toEqual([name, 'service_completed_successfully']);
      // Several containers per service must not pin a host port; only the frontend is published.
      expect([name, portsOf(name, t).map((p) => p.target)]).toEqual([name, service === 'frontend' ? ['7233'] : []]);
    }
    expect(replicasOf(services['temporal-history'])).toBe(2);
  });

  it('gives every Temporal server process the one template npm run cluster uses, with its shard count', () => {
    const text = fs.readFileSync(TEMPLATE, 'utf8');
    expect(text.split('\n')[0]).toBe('# enable-template');
    const read = new Set([...text.matchAll(/env "([A-Z_]+)"/g)].map((m) => m[1]));
    for (const name of Object.keys(TEMPORAL_SERVICES)) {
      const t = services[name];
      const root = /--root (\S+) --config (\S+)/.exec(commandOf(t));
      const mount = mountsOf(t).find((m) => m.target === root?.[1]);
      expect([name, mount?.type, mount && path.resolve(ROOT, mount.source)]).toEqual([name, 'bind', CLUSTER_CONFIG_DIR]);
      expect([name, root?.[2]]).toEqual([name, '.']);
      const env = envOf(t);
      // Every variable set is one the template reads; none overrides the shard count, so both deployments share it.
      for (const key of Object.keys(env)) expect([name, key, read.has(key)]).toEqual([name, key, true]);
      expect([name, env.TEMPORAL_NUM_HISTORY_SHARDS]).toEqual([name, undefined]);
      expect([name, env.TEMPORAL_DB_HOST, env.TEMPORAL_DB_PASSWORD]).toEqual([name, 'postgres', envOf(services.postgres).TEMPORAL_DB_PASSWORD]);
      expect([name, env.TEMPORAL_FRONTEND_ADDRESS]).toEqual([name, 'temporal-frontend:7233']);
      // The dynamic config named is the deploy file, inside the mounted folder.
      expect([name, env.TEMPORAL_DYNAMIC_CONFIG]).toEqual([name, path.posix.join(root![1], 'dynamicconfig.yaml')]);
    }
    expect(fs.readFileSync(path.join(ROOT, 'runtime/temporal-cluster.ts'), 'utf8')).toMatch(/'--env', 'cluster'/);
    expect(text).toMatch(/numHistoryShards: \{\{ env "TEMPORAL_NUM_HISTORY_SHARDS" \| default "\d+" \}\}/);
    const dc = YAML.parse(fs.readFileSync(path.join(CLUSTER_CONFIG_DIR, 'dynamicconfig.yaml'), 'utf8')) as Dict;
    expect(dc['frontend.enableUpdateWorkflowExecution']).toEqual([expect.objectContaining({ value: true })]);
  });

  it('sets up both schemas once, with the SQL tool, as the role the postgres init script creates', () => {
    const job = services['temporal-schema'];
    expect(job.image).toMatch(new RegExp(`^temporalio/admin-tools:${TEMPORAL_SERVER_VERSION.replace(/^v/, '').replace(/\./g, '\\.')}(-|$)`));
    expect(job.restart).toBe('no');
    expect(dependsOn(job).postgres).toBe('service_healthy');
    const script = commandOf(job);
    expect(script).toMatch(/temporal-sql-tool --db \$name setup-schema -v 0\.0/);
    expect(script).toMatch(/update-schema --schema-name postgresql\/v12\/\$schema/);
    expect(script).toMatch(/temporal:temporal temporal_visibility:visibility/);
    const env = envOf(job);
    expect(env.SQL_PLUGIN).toBe('postgres12');
    expect(env.SQL_HOST).toBe('postgres');
    const init = fs.readFileSync(path.join(ROOT, 'deploy/postgres/init-databases.sh'), 'utf8');
    expect(init).toMatch(new RegExp(`CREATE ROLE ${env.SQL_USER}\\b[^;]*CREATEDB`));
    expect(env.SQL_PASSWORD).toBe(envOf(services.postgres).TEMPORAL_DB_PASSWORD);
    expect(envOf(services['temporal-frontend']).TEMPORAL_DB_USER).toBe(env.SQL_USER);
  });

  it('registers the default namespace once the frontend answers, before the app starts', () => {
    const job = services['temporal-namespace'];
    expect(job.restart).toBe('no');
    expect(envOf(job).TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
    expect(commandOf(job)).toMatch(/temporal operator namespace create --namespace default/);
    for (const name of RUNTIME_APP_SERVICES) expect([name, dependsOn(services[name])['temporal-namespace']]).toEqual([name, 'service_completed_successfully']);
  });

  it('runs the Temporal UI against the Temporal frontend', () => {
    const ui = services['temporal-ui'];
    expect(ui.image).toMatch(/^temporalio\/ui:/);
    expect(envOf(ui).TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
    expect(portsOf('temporal-ui', ui).map((p) => p.target)).toContain('8080');
  });

  it('runs a mail capture server (SMTP 1025, web UI 8025)', () => {
    const m = services.mailpit;
    expect(m.image).toMatch(/^axllent\/mailpit(:|$)/);
    expect(portsOf('mailpit', m).map((p) => p.target)).toEqual(expect.arrayContaining(['1025', '8025']));
  });

  it('runs migrations once, before the api and workers', () => {
    const mig = services.migrate;
    expect(commandOf(mig)).toBe('npm run migrate');
    expect(mig.restart).toBe('no');
    expect(dependsOn(mig).postgres).toBe('service_healthy');
    for (const name of RUNTIME_APP_SERVICES) {
      expect([name, dependsOn(services[name]).migrate]).toEqual([name, 'service_completed_successfully']);
      expect([name, dependsOn(services[name])['temporal-namespace']]).toEqual([name, 'service_completed_successfully']);
    }
  });

  it('runs several api replicas behind a load balancer, with a /healthz healthcheck', () => {
    const api = services.api;
    expect(commandOf(api)).toBe('npm run api');
    expect(replicasOf(api)).toBeGreaterThanOrEqual(2);
    expect(api.ports ?? []).toEqual([]);
    expect(healthcheckText(api)).toMatch(/\/healthz/);
    const env = effectiveEnv(api);
    expect(env.HOST).toBe('0.0.0.0');

    const proxy = services.proxy;
    expect(proxy.image).toMatch(/^nginx:/);
    expect(portsOf('proxy', proxy).map((p) => p.published)).toContain('3000');
    const conf = mountsOf(proxy).find((m) => m.target === '/etc/nginx/nginx.conf');
    expect(conf && path.resolve(ROOT, conf.source)).toBe(path.join(ROOT, 'deploy/nginx.conf'));
    const nginx = fs.readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
    expect(nginx).toMatch(new RegExp(`server\\s+api:${env.PORT ?? 3000}\\b`));
    expect(nginx).toMatch(/proxy_pass\s+http:\/\/usulan_api;/);
    const listen = /listen\s+(\d+);/.exec(nginx)?.[1];
    expect(portsOf('proxy', proxy).find((p) => p.published === '3000')?.target).toBe(listen);
  });

  it('runs several workflow workers and separate, CPU-capped document workers', () => {
    const w = services.worker;
    const d = services['worker-documents'];
    expect(commandOf(w)).toBe('npm run worker');
    expect(commandOf(d)).toBe('npm run worker');
    expect(replicasOf(w)).toBeGreaterThanOrEqual(2);
    expect(replicasOf(d)).toBeGreaterThanOrEqual(2);
    expect(effectiveEnv(w).WORKER_ROLE).toBe('workflows');
    expect(effectiveEnv(d).WORKER_ROLE).toBe('documents');
    expect(Number(d.deploy?.resources?.limits?.cpus)).toBeGreaterThan(0);
    // Same task queue for everyone, so the documents queue is `${TASK_QUEUE}-documents` for all of them.
    const queues = new Set(['api', 'worker', 'worker-documents'].map((s) => effectiveEnv(services[s]).TASK_QUEUE ?? 'usulan'));
    expect(queues.size).toBe(1);
  });

  it('wires every app service to PostgreSQL, Temporal, the mail capture and the shared blob volume', () => {
    for (const name of APP_SERVICES) {
      const s = services[name];
      const env = effectiveEnv(s);
      expect([name, s.image]).toEqual([name, services.api.image]);
      expect([name, s.build?.context]).toEqual([name, '.']);

      const db = new URL(env.DATABASE_URL);
      expect([name, db.protocol, db.hostname, db.port, db.pathname]).toEqual([name, 'postgres:', 'postgres', '5432', '/usulan']);
      expect(db.password).not.toBe('');
      expect(envOf(services.postgres).USULAN_DB_PASSWORD).toBe(decodeURIComponent(db.password));

      expect([name, env.TEMPORAL_ADDRESS]).toEqual([name, 'temporal-frontend:7233']);
      const smtp = new URL(env.SMTP_URL);
      expect([name, smtp.hostname, smtp.port]).toEqual([name, 'mailpit', '1025']);

      expect([name, env.DATA_DIR]).toEqual([name, '/data']);
      const blobs = mountsOf(s).find((m) => m.target === env.DATA_DIR);
      expect([name, blobs?.type, blobs?.source]).toEqual([name, 'volume', 'blobs']);
    }
    expect(Object.keys(compose.volumes)).toContain('blobs');
  });

  it('takes settings and secrets from an env file, which exists and names only known settings', () => {
    const sourceText = ['config', 'runtime', 'scripts', 'api', 'db', 'notify', 'signing', 'dms', 'activities']
      .map((d) => path.join(ROOT, d))
      .filter((d) => fs.existsSync(d))
      .flatMap((d) => (fs.readdirSync(d, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(path.join(d, f), 'utf8')))
      .join('\n');
    const known = (name: string): boolean => new RegExp(`['"\`.]${name}\\b`).test(sourceText);
    for (const name of APP_SERVICES) {
      const files = envFilesOf(services[name]);
      expect([name, files.length]).toEqual([name, 1]);
      for (const f of files) expect([name, f, fs.existsSync(path.resolve(ROOT, f))]).toEqual([name, f, true]);
      const env = effectiveEnv(services[name]);
      expect(env.SIGNING_CA_PASSPHRASE).toBeTruthy();
      for (const key of Object.keys(env)) {
        expect([name, key, known(key)]).toEqual([name, key, true]);
      }
    }
  });

  it('publishes no host port twice, and no fixed host port on a replicated service', () => {
    const all = Object.entries(services).flatMap(([name, s]) => portsOf(name, s as Dict));
    const published = all.filter((p) => p.published !== undefined);
    const keys = published.map((p) => `${p.hostIp ?? '0.0.0.0'}:${p.published}/${p.protocol}`);
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(dupes).toEqual([]);
    for (const p of published) {
      expect([p.service, replicasOf(services[p.service])]).toEqual([p.service, 1]);
    }
  });

  it('refers only to existing services, declared volumes and files in the repository', () => {
    for (const [name, s] of Object.entries(services) as [string, Dict][]) {
      for (const dep of Object.keys(dependsOn(s))) expect([name, dep, dep in services]).toEqual([name, dep, true]);
      for (const m of mountsOf(s)) {
        if (m.type === 'volume' && m.source) expect([name, m.source, m.source in (compose.volumes ?? {})]).toEqual([name, m.source, true]);
        if (m.type === 'bind') expect([name, m.source, fs.existsSync(path.resolve(ROOT, m.source))]).toEqual([name, m.source, true]);
      }
      // Replicated services must not pin a container name.
      if (replicasOf(s) > 1) expect([name, s.container_name]).toEqual([name, undefined]);
    }
  });

  it('runs only npm scripts that package.json defines', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Dict).scripts as Dict;
    for (const name of APP_SERVICES) {
      const m = /^npm run (\S+)$/.exec(commandOf(services[name]));
      expect([name, m?.[1] !== undefined && m[1] in scripts]).toEqual([name, true]);
    }
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

  it('builds the app image on Node 20 with npm ci and the prebuilt workflow bundle; api by default', () => {
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim\b/m);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/npm run build:workflows/);
    expect(dockerfile).toMatch(/^CMD \["npm", "run", "api"\]$/m);
    // NODE_ENV=production must be set only after npm ci, which would otherwise skip devDependencies.
    expect(dockerfile.search(/^ENV NODE_ENV=production/m)).toBeGreaterThan(dockerfile.search(/^RUN npm ci\b/m));
    // The bundle path the image promises is the one runtime/workflow-bundle.ts writes.
    const bundle = /WORKFLOW_BUNDLE_PATH=(\S+)/.exec(dockerfile)?.[1];
    expect(bundle).toBe('/app/dist/workflow-bundle.js');
    expect(fs.readFileSync(path.join(ROOT, 'runtime/workflow-bundle.ts'), 'utf8')).toMatch(/'dist', 'workflow-bundle\.js'/);
  });

  it('keeps local state and build output out of the build context', () => {
    const entries = fs.readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(entries).toEqual(expect.arrayContaining(['node_modules', '.data', '.tools', 'dist', 'test-output']));
  });
});
