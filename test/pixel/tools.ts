// Helpers for the pixel and builder tests: an independent decoder (netpbm) and ICC profile facts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { parsePnm } from '../tbp/tools.js';

const hasTool = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
export const NETPBM = hasTool('pngtopam') && hasTool('tifftopnm');

/** The samples of a PNG or TIFF as netpbm decodes them (no colour management), 16-bit ones reduced to their high byte. */
export function netpbmSamples(file: string): Buffer {
  const tool = file.endsWith('.png') ? 'pngtopam' : 'tifftopnm';
  const out = spawnSync(tool, [file], { maxBuffer: 1 << 26 });
  assert.equal(out.status, 0, `${tool} ${file}: ${out.stderr}`);
  const pnm = parsePnm(out.stdout);
  const wide = pnm.data.length === pnm.width * pnm.height * pnm.channels * 2;
  return wide ? Buffer.from(pnm.data.filter((_, i) => i % 2 === 0)) : pnm.data;
}

/** An ICC profile's description tag (v4 'mluc' or v2 'desc'), enough to tell sRGB from Display P3 or a CMYK profile. */
export function iccDescription(icc: Buffer): string {
  for (let i = 0; i < icc.readUInt32BE(128); i++) {
    const at = 132 + 12 * i;
    if (icc.toString('latin1', at, at + 4) !== 'desc') continue;
    const body = icc.subarray(icc.readUInt32BE(at + 4), icc.readUInt32BE(at + 4) + icc.readUInt32BE(at + 8));
    if (body.toString('latin1', 0, 4) === 'desc') return body.toString('latin1', 12, 12 + body.readUInt32BE(8) - 1);
    return Buffer.from(body.subarray(body.readUInt32BE(24), body.readUInt32BE(24) + body.readUInt32BE(20))).swap16().toString('utf16le');
  }
  return '';
}
