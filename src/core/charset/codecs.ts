import type iconvLite from 'iconv-lite';
import { onFirstUse } from '../on-first-use.js';

/** iconv-lite, loaded on first use: plain ASCII or Latin-1 text (most files) never needs it. */
export const iconv = onFirstUse<typeof iconvLite>('iconv-lite');
