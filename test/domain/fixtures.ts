import { buildNip, type EmployeeFacts } from '../../domain';

/** A PNS at III/b since 1 April 2022 with an S1 and good ratings: eligible for reguler on 1 April 2026. */
export function employee(overrides: Partial<EmployeeFacts> = {}): EmployeeFacts {
  return {
    nip: buildNip('1985-06-15', '2010-03', 'L', 7),
    jenisAsn: 'PNS',
    birthDate: '1985-06-15',
    golonganId: 32,
    tmtGolongan: '2022-04-01',
    mkgTahun: 8,
    mkgBulan: 0,
    education: { level: 'S1' },
    ratings: [
      { year: 2024, rating: 'BAIK' },
      { year: 2025, rating: 'SANGAT_BAIK' },
    ],
    jabatan: { kind: 'PELAKSANA', name: 'Pengelola Data Kepegawaian' },
    stlud: [],
    sanctions: [],
    blockedByBkn: false,
    ...overrides,
  };
}

export const PERIOD = '2026-04-01';
