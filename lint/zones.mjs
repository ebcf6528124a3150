// The architecture card as a lint rule: each top-level folder is a zone, and a zone may import only the zones listed
// here (its own always). `types` zones may be imported with `import type` only: their shapes, not their code.
// A relative import is resolved against the importing file, so '../../db' from workflows/kp/ is caught like '../db'.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** zone → what it may import. Zones not listed here (scripts, bench, test) are entry points and may import anything. */
export const ZONES = {
  domain: { allow: [], why: 'domain/ holds pure rules and imports nothing of ours' },
  identity: { allow: ['domain'], why: 'identity/ (hashing, TOTP) sits below the API' },
  config: { allow: ['domain'], why: 'config/ reads the environment only' },
  reference: { allow: ['domain'], why: 'reference/ holds regulation tables' },
  observability: { allow: ['domain', 'config'], why: 'observability/ is imported by every runtime layer' },
  signing: { allow: ['domain', 'config'], why: 'signing never reads the database' },
  documents: { allow: ['domain', 'signing', 'config'], why: 'documents/ renders what it is given' },
  db: {
    allow: ['domain', 'identity', 'config', 'reference'],
    types: ['workflows', 'documents'],
    why: 'db/ never imports the API, the pages or the runtime; it stores the shapes the contracts declare',
  },
  dms: { allow: ['domain', 'db', 'config'], why: 'the document store sits on db/' },
  siasn: {
    allow: ['domain', 'config', 'db'],
    why: 'siasn/ speaks to SIASN over HTTP and is reached from activities only; only its stand-in reads db/ (the demo seed)',
  },
  notify: { allow: ['domain', 'db', 'config'], why: 'notify/ sits on db/' },
  workflows: {
    allow: ['domain'],
    types: ['activities'],
    why: 'workflow code is replayed: it imports domain/, its contracts and activity types only',
  },
  activities: {
    allow: ['domain', 'identity', 'config', 'reference', 'observability', 'signing', 'documents', 'db', 'dms', 'notify', 'workflows', 'siasn'],
    why: 'activities never reach the API, the pages or the runtime',
  },
  auditor: {
    allow: ['domain', 'identity', 'config', 'reference', 'signing', 'documents', 'db', 'dms', 'workflows'],
    why: 'the auditor reads facts; it never goes through the API or the pages',
  },
  api: {
    allow: ['domain', 'identity', 'config', 'reference', 'observability', 'signing', 'documents', 'db', 'dms', 'notify', 'workflows'],
    why: 'the API starts and signals workflows through their contracts; it never imports activities, pages or the runtime',
  },
  web: {
    allow: ['domain', 'identity', 'config', 'signing', 'db', 'dms', 'auditor', 'api'],
    why: 'pages sit on the API; they never reach workflows, activities or the runtime',
  },
  runtime: {
    allow: ['domain', 'identity', 'config', 'reference', 'observability', 'signing', 'documents', 'db', 'dms', 'notify', 'workflows', 'activities', 'auditor', 'api', 'web', 'siasn'],
    why: 'runtime/ is the composition root; nothing imports it back',
  },
};

const PROJECT_DIRS = new Set([...Object.keys(ZONES), 'scripts', 'bench', 'test', 'lint']);

function zoneOf(absPath) {
  const rel = path.relative(ROOT, absPath);
  if (rel.startsWith('..')) return undefined;
  const top = rel.split(path.sep)[0];
  return PROJECT_DIRS.has(top) ? top : undefined;
}

function typeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specs = node.specifiers ?? [];
  return specs.length > 0 && specs.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const zonesRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the architecture card (lint/zones.mjs)' },
    messages: { forbidden: "{{from}}/ may not import {{to}}/{{kind}}: {{why}} (lint/zones.mjs)" },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = zoneOf(file);
    const rules = from && ZONES[from];
    if (!rules) return {};
    const check = (node, source, isType) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const to = zoneOf(path.resolve(path.dirname(file), source.value));
      if (!to || to === from || rules.allow.includes(to)) return;
      if (isType && (rules.types ?? []).includes(to)) return;
      const kind = (rules.types ?? []).includes(to) ? ' except with import type' : '';
      context.report({ node, messageId: 'forbidden', data: { from, to, kind, why: rules.why } });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source, typeOnly(n)),
      ExportNamedDeclaration: (n) => check(n, n.source, typeOnly(n)),
      ExportAllDeclaration: (n) => check(n, n.source, n.exportKind === 'type'),
      ImportExpression: (n) => check(n, n.source, false),
      TSImportType: (n) => check(n, n.argument?.literal ?? n.argument, true),
    };
  },
};

export const zonesPlugin = { rules: { imports: zonesRule } };
