// Lints in-memory versions of project files with the project's own ESLint configuration, in one process so the
// TypeScript program is built once. Reads [{ filePath, code }] as JSON on stdin, writes the messages per probe as JSON.
import { ESLint } from 'eslint';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const probes = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const p of probes) {
  const [result] = await eslint.lintText(p.code, { filePath: p.filePath });
  out.push(result.messages.map((m) => ({ ruleId: m.ruleId, line: m.line, message: m.message })));
}
process.stdout.write(JSON.stringify(out));
