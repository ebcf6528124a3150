/**
 * The object graph of a PDF as qpdf resolves it (`qpdf --json=2`): cross-reference tables and streams followed,
 * incremental updates applied, object streams expanded, names normalised (/J#61vaScript is /JavaScript). This module
 * only reads that JSON; it never tokenizes PDF syntax itself.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Dict = { [key: string]: Json };

export interface QpdfStream {
  dict: Dict;
  /** base64 of the raw (still encoded) data, present with --json-stream-data=inline --decode-level=none */
  data?: string;
}

export interface QpdfJson {
  pages?: Array<{ object: string }>;
  encrypt?: { encrypted?: boolean };
  attachments?: Record<string, unknown>;
  qpdf: [unknown, Record<string, { value?: Json; stream?: QpdfStream }>];
}

const REF_RE = /^(\d+) (\d+) R$/;

export const isRef = (v: Json): v is string => typeof v === 'string' && REF_RE.test(v);
export const isName = (v: Json | undefined): v is string => typeof v === 'string' && v.startsWith('/');
export const isDict = (v: Json | undefined): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of a PDF string as qpdf writes it: "u:" for text, "b:" for bytes in hex. */
export function stringText(v: Json | undefined): string | null {
  if (typeof v !== 'string') return null;
  if (v.startsWith('u:')) return v.slice(2);
  if (v.startsWith('b:')) return Buffer.from(v.slice(2), 'hex').toString('latin1');
  return null;
}

export class PdfGraph {
  private readonly objects: Record<string, { value?: Json; stream?: QpdfStream }>;
  readonly trailer: Dict;

  constructor(readonly json: QpdfJson) {
    this.objects = json.qpdf[1];
    const t = this.objects.trailer?.value;
    this.trailer = isDict(t) ? t : {};
  }

  get pageCount(): number {
    return this.json.pages?.length ?? 0;
  }

  /** The object a reference points to: its dictionary (a stream's dictionary for a stream) or its value. */
  object(ref: string): { value: Json; stream?: QpdfStream } | undefined {
    const o = this.objects[`obj:${ref}`];
    if (!o) return undefined;
    if (o.stream) return { value: o.stream.dict, stream: o.stream };
    return { value: o.value ?? null };
  }

  /** A direct value, or what a reference points to (null for a dangling reference, as readers treat it). */
  resolve(v: Json | undefined): Json {
    if (v === undefined) return null;
    if (!isRef(v)) return v;
    return this.object(v)?.value ?? null;
  }
}
