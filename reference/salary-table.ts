import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSalaryCsv, type SalaryTable } from '../domain/salary';

/** The basic-salary table in force; the next amendment is a new file and a new pair of constants here. */
export const SALARY_TABLE_REGULATION = 'PP 5/2024';
export const SALARY_TABLE_FILE = join(__dirname, '..', 'data', 'gaji-pokok-pp5-2024.csv');

let cached: SalaryTable | undefined;

/** Read and parsed once per process; domain/ stays free of I/O by taking the parsed table as an argument. */
export function loadSalaryTable(): SalaryTable {
  cached ??= parseSalaryCsv(readFileSync(SALARY_TABLE_FILE, 'utf8'), SALARY_TABLE_REGULATION);
  return cached;
}
