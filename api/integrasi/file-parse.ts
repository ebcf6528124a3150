// PLACEHOLDER written by the lead so the routes load; helper-13 replaces this whole file with the real parser.
import type { RawImportRecord } from '../../db/repos/master-data';
import type { MasterDataset } from '../../domain/master-records';
export class ImportFileRefused extends Error {}
export const IMPORT_FILE_MAX_BYTES = 10 * 1024 * 1024;
export interface ParsedImportFile { format: 'CSV' | 'XLSX'; layout: 'TEMPLAT' | 'SIASN_EXPORT'; records: RawImportRecord[]; columnsIgnored: string[] }
export async function parseImportFile(_input: { path: string; filename: string; dataset: MasterDataset }): Promise<ParsedImportFile> {
  throw new ImportFileRefused('belum tersedia');
}
