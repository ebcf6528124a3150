import type { Rng } from './prng';

/**
 * Name pools for people who look like a Central Java / Yogyakarta / East Java civil service: mostly Javanese, with
 * Sundanese, Madurese, Batak, Minang, Bugis, Balinese, Chinese-Indonesian and Arabic-origin names, a few names with
 * an apostrophe (Nur'aini) and a few with Latin-1 accents (baptismal names), which every layer must carry unchanged.
 */
export type Ethnicity =
  | 'JAWA' | 'SUNDA' | 'MADURA' | 'BATAK' | 'MINANG' | 'BUGIS' | 'BALI' | 'TIONGHOA' | 'ARAB' | 'LAINNYA';

type Gender = 'L' | 'P';

interface Pool {
  first: Record<Gender, readonly string[]>;
  /** Second given names or family names; '' means a single name. */
  last: Record<Gender, readonly string[]>;
  birthplaces: readonly string[];
  religions: readonly (readonly [string, number])[];
  /** Balinese names take I / Ni before the birth-order name. */
  prefix?: Record<Gender, string>;
}

const ISLAM: readonly (readonly [string, number])[] = [['Islam', 1]];

const POOLS: Record<Ethnicity, Pool> = {
  JAWA: {
    first: {
      L: ['Agus', 'Budi', 'Joko', 'Slamet', 'Bambang', 'Eko', 'Heru', 'Dwi', 'Teguh', 'Wahyu', 'Sugeng', 'Bayu', 'Yudi',
        'Hadi', 'Sigit', 'Arif', 'Rudi', 'Adi', 'Tri', 'Priyo', 'Danang', 'Gunawan', 'Hendro', 'Anang', 'Bagus',
        'Dimas', 'Galih', 'Wisnu', 'Yoga', 'Aris', 'Sutrisno', 'Sumarno', 'Mulyono', 'Sukardi', 'Suparman', 'Purwanto',
        'Widodo', 'Setyo', 'Catur', 'Puguh', 'Nugroho', 'Bimo', 'Ardi', 'Fajar', 'Rizki'],
      P: ['Sri', 'Endang', 'Dwi', 'Tri', 'Rina', 'Wulan', 'Retno', 'Dewi', 'Ayu', 'Siti', 'Indah', 'Ratna', 'Yuni',
        'Lestari', 'Puji', 'Eni', 'Kartika', 'Nur', 'Anik', 'Tutik', 'Sulistyowati', 'Dyah', 'Novita', 'Fitri',
        'Septi', 'Galuh', 'Anggun', 'Rahayu', 'Winarsih', 'Suryani', 'Setyaningsih', 'Kusumaningrum', 'Listyorini'],
    },
    last: {
      L: ['Santoso', 'Prasetyo', 'Susilo', 'Wibowo', 'Nugroho', 'Raharjo', 'Setiawan', 'Purnomo', 'Cahyono', 'Hartono',
        'Kuswanto', 'Wijayanto', 'Saputro', 'Hidayat', 'Utomo', 'Sulistyo', 'Widodo', 'Pamungkas', 'Kurniawan',
        'Haryanto', 'Budiarto', 'Suryanto', 'Prabowo', 'Subagyo', 'Triyono', 'Darmawan', 'Wicaksono', 'Adi Nugroho',
        'Setyo Budi', 'Aji Pamungkas', ''],
      P: ['Wahyuni', 'Lestari', 'Rahayu', 'Handayani', 'Setyowati', 'Susanti', 'Purwanti', 'Kusumawati', 'Wulandari',
        'Rahmawati', 'Astuti', 'Mulyani', 'Pratiwi', 'Widyastuti', 'Suryani', 'Hartini', 'Ningsih', 'Puspitasari',
        'Kurniasih', 'Anggraini', 'Maharani', 'Nur Aini', 'Sri Rejeki', 'Dwi Astuti', ''],
    },
    birthplaces: [],
    religions: [['Islam', 88], ['Kristen', 6], ['Katolik', 6]],
  },
  SUNDA: {
    first: {
      L: ['Asep', 'Ujang', 'Dadang', 'Cecep', 'Dede', 'Yayan', 'Iwan', 'Ade', 'Acep', 'Deden', 'Encep', 'Jajang'],
      P: ['Euis', 'Neneng', 'Cucu', 'Iis', 'Enung', 'Imas', 'Nining', 'Lilis', 'Nenden', 'Yeni', 'Rina'],
    },
    last: {
      L: ['Saepudin', 'Suherman', 'Sunandar', 'Rahmat', 'Kurnia', 'Sopyan', 'Ridwan', 'Supriatna', 'Hermawan', 'Gumilar'],
      P: ['Nurhayati', 'Hasanah', 'Sumiati', 'Rosita', 'Sulastri', 'Masitoh', 'Kurniasih', 'Komalasari', 'Rismawati'],
    },
    birthplaces: ['Bandung', 'Garut', 'Tasikmalaya', 'Cianjur', 'Sumedang', 'Ciamis', 'Kuningan'],
    religions: ISLAM,
  },
  MADURA: {
    first: {
      L: ['Moh.', 'Ach.', 'Abdul', 'Mat', 'Slamet', 'Zainal', 'Imam', 'Syaiful', 'Ainur'],
      P: ['Siti', 'Hosnol', 'Faridah', 'Maimunah', 'Nurul', 'Rofiqoh', 'Ummi'],
    },
    last: {
      L: ['Syaiful', 'Rohim', 'Fauzi', 'Rasid', 'Arifin', 'Hosen', 'Mahfud', 'Rofiq', 'Sholeh'],
      P: ['Maimunah', 'Khotimah', 'Hasanah', 'Jamilah', 'Zubaidah', 'Aisyah', 'Qomariyah'],
    },
    birthplaces: ['Bangkalan', 'Sampang', 'Pamekasan', 'Sumenep'],
    religions: ISLAM,
  },
  BATAK: {
    first: {
      L: ['Maruli', 'Parlindungan', 'Togar', 'Bonar', 'Hotman', 'Martin', 'Sahat', 'Jonner', 'Poltak', 'Ronald', 'Ahmad',
        'Muhammad'],
      P: ['Rosmawati', 'Dameria', 'Lamtiur', 'Tiurma', 'Friska', 'Melati', 'Romauli', 'Juliana', 'Nurhalimah'],
    },
    last: {
      L: ['Siregar', 'Nasution', 'Simanjuntak', 'Sitorus', 'Hutapea', 'Panjaitan', 'Sinaga', 'Simatupang', 'Lubis',
        'Pardede', 'Tampubolon', 'Hutagalung', 'Harahap', 'Manurung'],
      P: ['Siregar', 'Nasution', 'Simanjuntak', 'Sitorus', 'Hutapea', 'Panjaitan', 'Sinaga', 'Lubis', 'Pasaribu',
        'Situmorang', 'Harahap', 'Manurung'],
    },
    birthplaces: ['Medan', 'Pematangsiantar', 'Tarutung', 'Sibolga', 'Balige', 'Padangsidimpuan'],
    religions: [['Kristen', 60], ['Islam', 30], ['Katolik', 10]],
  },
  MINANG: {
    first: {
      L: ['Afrizal', 'Zulkifli', 'Syafrizal', 'Rinaldi', 'Yusrizal', 'Hendri', 'Irwan', 'Fadli', 'Rahmat', 'Zulfahmi'],
      P: ['Yulia', 'Rahmi', 'Elfa', 'Yusnita', 'Desmawati', 'Nofriyanti', 'Rosnita', 'Fitria', 'Yesi'],
    },
    last: {
      L: ['Chaniago', 'Piliang', 'Koto', 'Tanjung', 'Sikumbang', 'Jambak', 'Hidayat', 'Putra', ''],
      P: ['Fitri', 'Yeni', 'Yanti', 'Chaniago', 'Piliang', 'Tanjung', 'Sari', ''],
    },
    birthplaces: ['Padang', 'Bukittinggi', 'Payakumbuh', 'Solok', 'Padang Panjang', 'Pariaman'],
    religions: ISLAM,
  },
  BUGIS: {
    first: {
      L: ['Andi', 'Muhammad', 'Syamsuddin', 'Abdul Rahman', 'Hasanuddin', 'Ambo', 'Baso', 'Arsyad', 'Sudirman'],
      P: ['Andi', 'Hasnawati', 'Sitti', 'Nurhaedah', 'Hasmiah', 'Rosdiana', 'Nurlina'],
    },
    last: {
      L: ['Arsyad', 'Baso', 'Rusli', 'Dalle', 'Mappanganro', 'Situju', 'Lagu', 'Amir', 'Patongai'],
      P: ['Nurhayati', 'Rahmah', 'Tenri Ajeng', 'Hasnah', 'Sumarni', 'Daeng Ngai', 'Rosmini'],
    },
    birthplaces: ['Makassar', 'Bone', 'Parepare', 'Wajo', 'Soppeng', 'Sidrap'],
    religions: ISLAM,
  },
  BALI: {
    first: {
      L: ['Wayan', 'Made', 'Nyoman', 'Ketut', 'Putu', 'Kadek', 'Komang', 'Gede'],
      P: ['Wayan', 'Made', 'Nyoman', 'Ketut', 'Putu', 'Kadek', 'Luh', 'Komang'],
    },
    last: {
      L: ['Sudarsana', 'Suartana', 'Artawa', 'Budiarta', 'Ariawan', 'Wirawan', 'Mahendra', 'Suardana', 'Adnyana'],
      P: ['Sri Wahyuni', 'Ariani', 'Sukerti', 'Suarni', 'Dwi Lestari', 'Sudiani', 'Ratnadi', 'Widiastuti'],
    },
    birthplaces: ['Denpasar', 'Gianyar', 'Tabanan', 'Singaraja', 'Klungkung', 'Negara'],
    religions: [['Hindu', 1]],
    prefix: { L: 'I', P: 'Ni' },
  },
  TIONGHOA: {
    first: {
      L: ['Hendra', 'Yohanes', 'Kevin', 'Felix', 'Wilson', 'Albert', 'Ivan', 'Richard', 'Budi', 'Andreas', 'Stefanus'],
      P: ['Linda', 'Meliana', 'Fransiska', 'Stephanie', 'Yuliana', 'Susan', 'Lily', 'Jessica', 'Maria', 'Veronika'],
    },
    last: {
      L: ['Wijaya', 'Halim', 'Tanuwidjaja', 'Gunawan', 'Santoso', 'Kurniawan', 'Susanto', 'Hartanto', 'Setiadi',
        'Tjandra', 'Sutanto', 'Salim', 'Lim', 'Tan'],
      P: ['Wijaya', 'Halim', 'Tanujaya', 'Gunawan', 'Kurniawan', 'Susanto', 'Hartono', 'Setiawati', 'Tjandra', 'Lie'],
    },
    birthplaces: ['Semarang', 'Surabaya', 'Jakarta', 'Medan', 'Pontianak', 'Malang', 'Surakarta'],
    religions: [['Kristen', 40], ['Katolik', 30], ['Buddha', 25], ['Konghucu', 5]],
  },
  ARAB: {
    first: {
      L: ['Muhammad', 'Ahmad', 'Abdul', 'Hasan', 'Husein', 'Salim', 'Umar', 'Zainal', 'Rizal', 'Ma\'ruf', 'Nu\'man',
        'Abdullah', 'Faisal', 'Hamzah'],
      P: ['Fatimah', 'Nur', 'Khadijah', 'Syarifah', 'Nurul', 'Siti', 'Aisyah', 'Zahra', 'Mu\'arifah', 'Salma'],
    },
    last: {
      L: ['Rizky Ramadhan', 'Fauzi', 'Aziz', 'Basri', 'Alatas', 'Assegaf', 'Baraja', 'Abidin', 'Bahasuan', 'Amrullah',
        'Hakim', 'Al Habsyi', 'Mu\'thi', 'Syihab'],
      P: ['Azzahra', 'Aisyah', 'Aminah Alaydrus', 'Hidayah', 'Nur\'aini', 'Assegaf', 'Bahasuan', 'Maghfiroh',
        'Zulfa', 'Alkaff'],
    },
    birthplaces: ['Pekalongan', 'Surabaya', 'Gresik', 'Palembang', 'Jakarta', 'Tegal', 'Surakarta'],
    religions: ISLAM,
  },
  LAINNYA: {
    first: {
      L: ['José', 'Yoseph', 'Fransiskus', 'Agustinus', 'Markus'],
      P: ['Désirée', 'Agnès', 'Françoise', 'Maria Goreti', 'Bernadette'],
    },
    last: {
      L: ['Ximenes da Costa', 'Lamanepa', 'Mandagi', 'Wenas', 'Pareira'],
      P: ['Anggraini', 'Wulandari', 'Tanujaya', 'Lamanepa', 'Sondakh'],
    },
    birthplaces: ['Kupang', 'Manado', 'Ende', 'Maumere', 'Yogyakarta', 'Semarang'],
    religions: [['Katolik', 70], ['Kristen', 30]],
  },
};

const MIX: Record<string, readonly (readonly [Ethnicity, number])[]> = {
  'I-3300': [['JAWA', 72], ['SUNDA', 4], ['TIONGHOA', 5], ['ARAB', 6], ['BATAK', 4], ['MINANG', 3], ['BUGIS', 2],
    ['BALI', 2], ['MADURA', 1], ['LAINNYA', 1]],
  'I-3404': [['JAWA', 76], ['SUNDA', 4], ['TIONGHOA', 4], ['ARAB', 4], ['BATAK', 4], ['MINANG', 3], ['BUGIS', 2],
    ['BALI', 2], ['LAINNYA', 1]],
  'I-3515': [['JAWA', 64], ['MADURA', 9], ['ARAB', 8], ['TIONGHOA', 6], ['SUNDA', 3], ['BATAK', 4], ['MINANG', 2],
    ['BUGIS', 2], ['BALI', 1], ['LAINNYA', 1]],
};

/** Names that tell the religion, so the record does not contradict itself (a Muhammad who is Protestant). */
const MUSLIM_NAMES = /(?:^|\s)(?:Muhammad|Moh\.|Ach\.|Ahmad|Abdul|Nur|Nurul|Siti|Sitti|Fatimah|Khadijah|Aisyah|Syarifah|Zainal|Hasan|Husein|Umar|Salim|Ma'ruf|Nu'man|Mu'arifah|Abdullah|Hamzah|Nurhalimah|Nasution|Lubis|Harahap)(?=\s|$)/u;
const CHRISTIAN_NAMES = /(?:^|\s)(?:Yohanes|Stefanus|Andreas|Maria|Fransiska|Veronika|Yoseph|Fransiskus|Agustinus|Markus|José|Bernadette|Agnès|Françoise|Désirée)(?=\s|$)/u;

export interface PersonName {
  nama: string;
  ethnicity: Ethnicity;
  agama: string;
  tempatLahir: string;
}

/** A name, religion and birthplace; `taken` keeps names unique inside the demo data. */
export function makePerson(rng: Rng, instansiId: string, gender: Gender, localTowns: readonly string[], taken: Set<string>): PersonName {
  const mix = MIX[instansiId] ?? MIX['I-3300'];
  for (let attempt = 0; ; attempt += 1) {
    const ethnicity = rng.weighted(mix);
    const pool = POOLS[ethnicity];
    const first = rng.pick(pool.first[gender]);
    let last = rng.pick(pool.last[gender]);
    if (last === first) last = '';
    const parts = [pool.prefix?.[gender], first, last].filter((p): p is string => !!p);
    if (ethnicity === 'BALI' && gender === 'P' && first !== 'Luh' && rng.chance(0.3)) parts.splice(1, 0, 'Luh');
    const nama = parts.join(' ');
    if (taken.has(nama) && attempt < 50) continue;
    taken.add(nama);
    const birthplaces = ethnicity === 'JAWA' || pool.birthplaces.length === 0
      ? localTowns
      : rng.chance(0.35) ? localTowns : pool.birthplaces;
    const muslimName = MUSLIM_NAMES.test(nama);
    const others = pool.religions.filter(([a]) => a !== 'Islam');
    const agama = muslimName ? 'Islam' : CHRISTIAN_NAMES.test(nama) && others.length > 0 ? rng.weighted(others) : rng.weighted(pool.religions);
    return { nama, ethnicity, agama, tempatLahir: rng.pick(birthplaces) };
  }
}

/** ASCII, lower case, dots between words: for e-mail addresses. */
export function slugName(nama: string): string {
  return nama.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
}
