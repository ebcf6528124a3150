import { isDict, isName, isRef, stringText, type Dict, type Json, type PdfGraph, type QpdfStream } from './pdf-graph';
import { REASONS, type InspectRefusalCode } from './pdf-inspect-result';

/**
 * What a berkas may contain, as an allow-list over the object graph a reader resolves: pages, fonts, images, form
 * XObjects, standard annotations, outlines, metadata, signatures and form fields; actions only to move within the
 * document (GoTo, page navigation) or to open a web or mail address. Everything else that can act or carry another
 * file is refused with its name. Only what is reachable from the trailer counts: readers never see the rest.
 */

export interface Finding {
  code: InspectRefusalCode;
  reason: string;
  detail: string;
}

const ACTIONS = new Set(['GoTo', 'URI', 'Named']);
const NAMED_ACTIONS = new Set(['NextPage', 'PrevPage', 'FirstPage', 'LastPage']);
const URI_SCHEMES = /^(https?:\/\/|mailto:)/i;
/** Action types no other dictionary uses as its /S (structure elements carry role names there). */
const ACTION_ONLY = new Set(['JavaScript', 'Launch', 'GoToR', 'GoToE', 'GoTo3DView', 'SubmitForm', 'ImportData', 'ResetForm', 'RichMediaExecute', 'Rendition', 'SetOCGState', 'Hide']);
const ANNOTATIONS = new Set([
  'Text', 'Link', 'FreeText', 'Line', 'Square', 'Circle', 'Polygon', 'PolyLine', 'Highlight', 'Underline', 'Squiggly', 'StrikeOut',
  'Stamp', 'Caret', 'Ink', 'Popup', 'Widget', 'Watermark', 'Redact', 'PrinterMark', 'TrapNet',
]);
const XOBJECTS = new Set(['Image', 'Form']);
/** Keys of the document catalog (ISO 32000-2 table 29) that carry no active content or other files. */
const CATALOG_KEYS = new Set([
  'Type', 'Version', 'Extensions', 'Pages', 'PageLabels', 'Names', 'Dests', 'ViewerPreferences', 'PageLayout', 'PageMode', 'Outlines',
  'Threads', 'OpenAction', 'URI', 'AcroForm', 'Metadata', 'StructTreeRoot', 'MarkInfo', 'Lang', 'OutputIntents', 'PieceInfo',
  'OCProperties', 'Perms', 'Legal', 'DSS', 'DPartRoot',
]);
/** Name trees a berkas may have: named destinations and appearance streams. */
const NAME_TREES = new Set(['Dests', 'AP']);

const DENIED_KEYS = new Map<string, string>([
  ['AA', 'aksi otomatis (/AA)'],
  ['JS', 'JavaScript'],
  ['JavaScript', 'JavaScript'],
  ['EF', 'berkas sisipan (lampiran)'],
  ['EmbeddedFiles', 'berkas sisipan (lampiran)'],
  ['XFA', 'formulir XFA'],
  ['RichMediaContent', 'media aktif (RichMedia)'],
  ['RichMediaSettings', 'media aktif (RichMedia)'],
  ['Collection', 'portofolio PDF berisi berkas lain'],
]);

type Ctx = 'trailer' | 'catalog' | 'names' | 'openAction' | 'action' | 'dest' | 'annots' | 'annot' | 'xobjects' | 'xobject' | 'generic';

const nameOf = (v: Json | undefined): string | null => (isName(v) ? v.slice(1) : null);
const active = (what: string, detail: string): Finding => ({ code: 'ACTIVE_CONTENT', reason: `${REASONS.ACTIVE_CONTENT}: ${what}.`, detail });

function checkAction(d: Dict, at: string): Finding | null {
  const s = nameOf(d['/S']);
  if (!s || !ACTIONS.has(s)) return active(`aksi ${s ? `/${s}` : 'tanpa jenis'} (hanya tautan di dalam dokumen atau ke alamat web yang diizinkan)`, at);
  if (s === 'URI') {
    const uri = stringText(d['/URI']) ?? '';
    if (!URI_SCHEMES.test(uri.trim())) return active(`tautan ke alamat "${uri.slice(0, 60)}" (hanya http, https atau mailto)`, at);
  }
  if (s === 'Named' && !NAMED_ACTIONS.has(nameOf(d['/N']) ?? '')) return active(`aksi bernama /${nameOf(d['/N']) ?? '?'}`, at);
  return null;
}

function checkStream(stream: QpdfStream, at: string): Finding | null {
  const d = stream.dict;
  if (nameOf(d['/Type']) === 'EmbeddedFile') return active('berkas sisipan (lampiran)', at);
  if ('/F' in d || '/FFilter' in d) return active('isi stream dari berkas di luar dokumen', at);
  const sub = nameOf(d['/Subtype']);
  if (sub === 'U3D' || sub === 'PRC') return active('model 3D', at);
  if (sub === 'PS' || '/PS' in d) return active('kode PostScript', at);
  return null;
}

function checkDict(d: Dict, ctx: Ctx, at: string): Finding | null {
  for (const key of Object.keys(d)) {
    const what = DENIED_KEYS.get(key.slice(1));
    if (what) return active(what, `${key} di ${at}`);
  }
  const type = nameOf(d['/Type']);
  const s = nameOf(d['/S']);
  // Opening the document may only move to a place in it: no address is visited and nothing runs unasked.
  if (ctx === 'openAction' && s !== 'GoTo') return active(`aksi otomatis saat dibuka (/OpenAction /${s ?? '?'})`, `/OpenAction di ${at}`);
  if (ctx === 'action' || type === 'Action' || (s && ACTION_ONLY.has(s))) {
    const f = checkAction(d, at);
    if (f) return f;
  }
  if (ctx === 'annot' || type === 'Annot') {
    const sub = nameOf(d['/Subtype']);
    if (!sub || !ANNOTATIONS.has(sub)) return active(`anotasi /${sub ?? '?'}`, at);
  }
  if (ctx === 'xobject' || type === 'XObject') {
    const sub = nameOf(d['/Subtype']);
    if (!sub || !XOBJECTS.has(sub)) return active(`XObject /${sub ?? '?'}`, at);
  }
  if (ctx === 'catalog') {
    const extra = Object.keys(d).find((k) => !CATALOG_KEYS.has(k.slice(1)));
    if (extra) return active(`entri katalog ${extra}`, `${extra} di katalog dokumen`);
  }
  if (ctx === 'names') {
    const extra = Object.keys(d).find((k) => !NAME_TREES.has(k.slice(1)));
    if (extra) return active(`daftar nama ${extra}`, `${extra} di /Names katalog`);
  }
  return null;
}

function childCtx(key: string, value: Json, parent: Ctx): Ctx {
  if (key === '/Root' && parent === 'trailer') return 'catalog';
  if (key === '/Names' && parent === 'catalog') return 'names';
  // /A is an action on annotations, outline items and fields; structure elements use it for attributes (no /S).
  if (key === '/A') return parent === 'annot' || (isDict(value) && '/S' in value) ? 'action' : 'generic';
  // /Next chains actions; in an outline item it is the next item.
  if (key === '/Next') return parent === 'action' ? 'action' : 'generic';
  if (key === '/OpenAction') return Array.isArray(value) ? 'dest' : 'openAction';
  if (key === '/Annots') return 'annots';
  if (key === '/XObject') return 'xobjects';
  if (parent === 'xobjects') return 'xobject';
  return 'generic';
}

/** The first thing the allow-list refuses, or null; also returns every reachable stream for the size checks. */
export function checkAllowList(graph: PdfGraph): { finding: Finding | null; streams: Array<{ ref: string; stream: QpdfStream }> } {
  const streams: Array<{ ref: string; stream: QpdfStream }> = [];
  const seen = new Set<string>();
  const work: Array<{ v: Json; ctx: Ctx; at: string }> = [{ v: graph.trailer, ctx: 'trailer', at: 'trailer' }];
  if ('/Encrypt' in graph.trailer) return { finding: { code: 'ENCRYPTED', reason: REASONS.ENCRYPTED, detail: '/Encrypt di trailer' }, streams };
  while (work.length > 0) {
    const { v, ctx, at } = work.pop()!;
    let value: Json = v;
    let where = at;
    if (isRef(v)) {
      const key = `${v}|${ctx}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const o = graph.object(v);
      if (!o) continue;
      where = `objek ${v.replace(/ R$/, '')}`;
      if (o.stream) {
        if (!seen.has(v)) {
          seen.add(v);
          streams.push({ ref: v, stream: o.stream });
        }
        const f = checkStream(o.stream, where);
        if (f) return { finding: f, streams };
      }
      value = o.value;
    }
    if (Array.isArray(value)) {
      const elemCtx: Ctx = ctx === 'annots' ? 'annot' : ctx === 'action' ? 'action' : 'generic';
      for (const e of value) if (typeof e === 'object' || isRef(e)) work.push({ v: e, ctx: elemCtx, at: where });
      continue;
    }
    if (!isDict(value)) continue;
    if (ctx === 'dest') continue;
    const f = checkDict(value, ctx, where);
    if (f) return { finding: f, streams };
    for (const [k, child] of Object.entries(value)) {
      if (typeof child === 'object' || isRef(child)) work.push({ v: child, ctx: childCtx(k, graph.resolve(child), ctx), at: where });
    }
  }
  return { finding: null, streams };
}
