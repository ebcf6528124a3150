import { PDFDocument } from 'pdf-lib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInspectionPool, InspectionBusyError, inspectUploadedFile } from '../../dms/pdf-inspect';

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((r) => { open = r; });
  return { open, opened };
};

describe('the bounded inspection pool', () => {
  it('runs at most `concurrency` at once, queues up to the limit in order, and refuses beyond it at once', async () => {
    const pool = createInspectionPool(2, 2);
    const gates = [gate(), gate(), gate(), gate()];
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => pool.run(async () => {
      peak = Math.max(peak, pool.running);
      order.push(i);
      await gates[i].opened;
      return i;
    });
    const runs = [0, 1, 2, 3].map(task);
    await new Promise((r) => setImmediate(r));
    expect(pool.running).toBe(2);
    expect(pool.waiting).toBe(2);
    await expect(task(0)).rejects.toBeInstanceOf(InspectionBusyError);
    gates[1].open();
    gates[0].open();
    gates[2].open();
    gates[3].open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
    expect(pool.running + pool.waiting).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const pool = createInspectionPool(1, 0);
    await expect(pool.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(pool.run(async () => 'next')).resolves.toBe('next');
  });

  it('a real inspection waits for its slot, and one more than the pool holds is refused busy, not timed out', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('berkas');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'usulan-pool-'));
    const file = path.join(dir, 'berkas.pdf');
    writeFileSync(file, await doc.save());
    const pool = createInspectionPool(1, 1);
    const opts = { maxBytes: 5 * 1024 * 1024, pool, timeoutMs: 20_000 };
    // Started in this order within one tick: the first runs, the second waits, the third finds the queue full.
    const first = inspectUploadedFile(file, opts);
    const second = inspectUploadedFile(file, opts);
    const third = inspectUploadedFile(file, opts);
    await expect(third).rejects.toMatchObject({ name: 'InspectionBusyError', retryAfterSeconds: 1 });
    await expect(first).resolves.toMatchObject({ ok: true, pages: 1 });
    await expect(second).resolves.toMatchObject({ ok: true, pages: 1 });
    rmSync(dir, { recursive: true, force: true });
  });
});
