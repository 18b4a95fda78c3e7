import type { Dataset } from '../../src/core/dataset.js';

/**
 * An overlay plane (C.9.2) in `group` ("6000" …): `rows` × `columns` at `origin` (row, column from 1), a graphics
 * overlay of one bit per pixel, bit (r, c) set where `on(r, c)` (every bit when not given).
 */
export function setOverlay(ds: Dataset, group: string, rows: number, columns: number, origin: [number, number], on: (r: number, c: number) => boolean = () => true): void {
  const bits = Buffer.alloc(Math.ceil((rows * columns) / 16) * 2);
  for (let i = 0; i < rows * columns; i++) if (on(Math.floor(i / columns), i % columns)) bits[i >> 3]! |= 1 << (i & 7);
  ds.set(`(${group},0010)`, rows, 'US');
  ds.set(`(${group},0011)`, columns, 'US');
  ds.set(`(${group},0040)`, 'G', 'CS');
  ds.set(`(${group},0050)`, origin, 'SS');
  ds.set(`(${group},0100)`, 1, 'US');
  ds.set(`(${group},0102)`, 0, 'US');
  ds.set(`(${group},3000)`, bits, 'OW');
}
