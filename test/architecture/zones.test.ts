import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The architecture card is enforced by `npm run lint` (lint/zones.mjs). These probes prove the fence is there: for every
 * zone, a real file of that zone with one forbidden import appended fails the project's own ESLint configuration, and
 * the same file with an allowed import passes.
 */
const ROOT = path.resolve(__dirname, '../..');

interface ZoneRule { allow: string[]; types?: string[]; why: string }
interface Probe { name: string; filePath: string; code: string }
interface LintMessage { ruleId: string | null; line: number; message: string }

const zones: Record<string, ZoneRule> = JSON.parse(execFileSync(process.execPath, [
  '--input-type=module', '-e', "import { ZONES } from './lint/zones.mjs'; process.stdout.write(JSON.stringify(ZONES));",
], { cwd: ROOT, encoding: 'utf8' }));

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'static' ? [] : tsFiles(rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  }).sort();
}

/** The deepest file of a zone, so '../../x' imports are probed where they occur (workflows/kp/, db/repos/). */
function sampleFile(zone: string): string {
  const files = tsFiles(zone);
  return [...files].sort((a, b) => b.split(path.sep).length - a.split(path.sep).length || a.localeCompare(b))[0];
}

function specifier(fromFile: string, toFile: string): string {
  const rel = path.relative(path.dirname(fromFile), toFile).replace(/\.ts$/, '').split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

const ALL_DIRS = [...Object.keys(zones), 'scripts', 'bench', 'test'];
const source = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const zoneMessages = (ms: LintMessage[]) => ms.filter((m) => m.ruleId === 'zones/imports');

const probes: Probe[] = [];
const expectations: { probe: string; zone: string; target?: string; forbidden: boolean }[] = [];

/** The card's headline fences are the ones probed where a zone has one; other zones get their first forbidden folder. */
const HEADLINE: Record<string, string> = {
  domain: 'db', db: 'api', signing: 'db', workflows: 'db', activities: 'api', api: 'runtime', web: 'workflows', auditor: 'api', config: 'signing',
};

for (const [zone, rule] of Object.entries(zones)) {
  const file = sampleFile(zone);
  const forbidden = HEADLINE[zone] ?? ALL_DIRS.find((d) => d !== zone && !rule.allow.includes(d) && !(rule.types ?? []).includes(d));
  if (forbidden && (rule.allow.includes(forbidden) || forbidden === zone)) throw new Error(`the card now allows ${zone} → ${forbidden}`);
  if (!forbidden) throw new Error(`zone ${zone} allows everything: the card has no fence there`);
  const target = tsFiles(forbidden)[0];
  probes.push({ name: `${zone} → ${forbidden}`, filePath: file, code: `${source(file)}\nimport '${specifier(file, target)}';\n` });
  expectations.push({ probe: `${zone} → ${forbidden}`, zone, target: forbidden, forbidden: true });
  const allowed = rule.allow[0] ?? zone;
  const allowedTarget = tsFiles(allowed).find((f) => f !== file)!;
  probes.push({ name: `${zone} → ${allowed} (allowed)`, filePath: file, code: `${source(file)}\nexport type { } from '${specifier(file, allowedTarget)}';\n` });
  expectations.push({ probe: `${zone} → ${allowed} (allowed)`, zone, forbidden: false });
}

// The shapes of a zone listed under `types` may be imported with `import type`, its code may not.
const repo = 'db/repos/usulan-events.ts';
const contract = 'workflows/kp/contract.ts';
probes.push({ name: 'db type-imports a contract', filePath: repo, code: `${source(repo)}\nimport type { KpActivities } from '${specifier(repo, contract)}';\nexport type _K = KpActivities;\n` });
probes.push({ name: 'db value-imports a contract', filePath: repo, code: `${source(repo)}\nimport { stateQuery } from '${specifier(repo, contract)}';\nexport const _q = stateQuery;\n` });
probes.push({ name: 'db re-exports all of a contract', filePath: repo, code: `${source(repo)}\nexport * from '${specifier(repo, contract)}';\n` });
// Dynamic imports and inline import types are imports too.
const rule = 'domain/nip.ts';
probes.push({ name: 'domain dynamic-imports the api', filePath: rule, code: `${source(rule)}\nexport const _later = () => import('../api/app');\n` });
const wf = 'workflows/kp/workflow.ts';
probes.push({ name: 'workflow names a db type inline', filePath: wf, code: `${source(wf)}\nexport type _Db = import('../../db').Db;\n` });

// The browser scripts are linted too.
const page = 'web/static/dasbor.js';
probes.push({ name: 'page writes innerHTML', filePath: page, code: `${source(page)}\ndocument.body.innerHTML = location.hash;\n` });
probes.push({ name: 'page as it is', filePath: page, code: source(page) });

let results: Map<string, LintMessage[]>;

beforeAll(() => {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'test/helpers/lint-probe.mjs')], {
    cwd: ROOT, input: JSON.stringify(probes.map(({ filePath, code }) => ({ filePath, code }))), encoding: 'utf8', maxBuffer: 64 << 20,
  });
  const parsed: LintMessage[][] = JSON.parse(out);
  results = new Map(probes.map((p, i) => [p.name, parsed[i]]));
}, 300_000);

describe('lint zones (lint/zones.mjs, run by npm run lint)', () => {
  test('every zone of the card is probed, and every project folder with code is a zone or an entry point', () => {
    const withCode = fs.readdirSync(ROOT, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules' && e.name !== 'lint')
      .filter((e) => tsFiles(e.name).length > 0).map((e) => e.name);
    expect(withCode.filter((d) => !ALL_DIRS.includes(d))).toEqual([]);
    expect(expectations.filter((e) => e.forbidden).map((e) => e.zone).sort()).toEqual(Object.keys(zones).sort());
  });

  test.each(expectations.filter((e) => e.forbidden).map((e) => [e.probe, e] as const))('forbidden import fails: %s', (name, e) => {
    const ms = zoneMessages(results.get(name)!);
    expect(ms).toHaveLength(1);
    expect(ms[0].message).toContain(`${e.zone}/ may not import ${e.target}/`);
  });

  test.each(expectations.filter((e) => !e.forbidden).map((e) => [e.probe] as const))('allowed import passes: %s', (name) => {
    expect(zoneMessages(results.get(name)!)).toEqual([]);
  });

  test('a zone listed under types may be imported as types only', () => {
    expect(zoneMessages(results.get('db type-imports a contract')!)).toEqual([]);
    const value = zoneMessages(results.get('db value-imports a contract')!);
    expect(value.map((m) => m.message)).toEqual([expect.stringContaining('db/ may not import workflows/ except with import type')]);
    expect(zoneMessages(results.get('db re-exports all of a contract')!)).toHaveLength(1);
  });

  test('dynamic imports and inline import types are fenced too', () => {
    expect(zoneMessages(results.get('domain dynamic-imports the api')!).map((m) => m.message))
      .toEqual([expect.stringContaining('domain/ may not import api/')]);
    expect(zoneMessages(results.get('workflow names a db type inline')!).map((m) => m.message))
      .toEqual([expect.stringContaining('workflows/ may not import db/')]);
  });
});

describe('browser scripts are type-checked (tsconfig.web.json, run by npm run typecheck)', () => {
  test('an unknown name, a missing export and a wrong call fail; the scripts as they are pass', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-check-'));
    try {
      fs.cpSync(path.join(ROOT, 'web/static'), path.join(dir, 'static'), { recursive: true });
      const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
      const run = () => spawnSync(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ extends: path.join(ROOT, 'tsconfig.web.json'), include: [path.join(dir, 'static/**/*.js')] }));
      expect(run().status).toBe(0);
      const broken = path.join(dir, 'static/dasbor.js');
      fs.writeFileSync(broken, source(page).replace(/\} from '\.\/common\.js';/, ", notExported } from './common.js';")
        + '\nconsole.log(documnet.title);\nfmtDate(1, 2, 3);\n');
      const r = run();
      expect(r.status).not.toBe(0);
      expect(r.stdout).toMatch(/has no exported member 'notExported'/);
      expect(r.stdout).toMatch(/Cannot find name 'documnet'/);
      expect(r.stdout).toMatch(/Expected 0-1 arguments, but got 3/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('a page that writes HTML from text fails the lint; the page as it is passes', () => {
    expect(results.get('page writes innerHTML')!.map((m) => m.ruleId)).toContain('no-restricted-properties');
    expect(results.get('page as it is')).toEqual([]);
  });
});
