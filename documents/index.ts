export { renderSkKp, DEFAULT_DASAR_HUKUM, DEFAULT_TEMBUSAN } from './sk-kp';
export { renderPertekKp, DEFAULT_KOP_BKN } from './pertek';
export { FOOTER_RESERVE_PT, PAGE_SIZE } from './layout';
export { SIGNATURE_BOX, PARAF_BOX } from './decree';
export * from './format';
export type * from './types';
