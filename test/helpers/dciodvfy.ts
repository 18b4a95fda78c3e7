import { spawnSync } from 'node:child_process';
import { DICTIONARY } from '../../src/core/generated/dictionary.js';
import { keywordOf } from '../../src/core/dictionary.js';

export const hasTool = (name: string): boolean => spawnSync('which', [name]).status === 0;

let byName: Map<string, string> | undefined;
/** Attribute name ("Patient's Sex", "Bits Stored") → keyword, from the dictionary lines. */
function keywordByName(name: string): string | undefined {
  if (!byName) {
    byName = new Map();
    for (const line of DICTIONARY.split('\n')) {
      if (line.slice(0, 8).includes('x')) continue;
      const keyword = keywordOf(parseInt(line.slice(0, 8), 16));
      const name = line.slice(line.lastIndexOf('|') + 1);
      if (keyword) byName.set(name.toLowerCase(), keyword);
    }
  }
  return byName.get(name.toLowerCase());
}

/** The attributes an error line of dciodvfy is about, as keywords (empty for summary lines). */
export function attributesOf(line: string): string[] {
  // "Bits Stored = 8 exceeds High Bit 6 + 1" is about the pair.
  const pair = /Bad attribute value - ([A-Za-z' ]+?) = \S+ exceeds ([A-Za-z' ]+?) \d/.exec(line);
  if (pair) return [keywordByName(pair[1]!), keywordByName(pair[2]!)].filter((k): k is string => !!k);
  const one = attributeOf(line);
  return one ? [one] : [];
}

function attributeOf(line: string): string | undefined {
  const element = /Element=<([A-Za-z0-9]+)>/.exec(line);
  if (element) return element[1];
  const tag = /\(0x([0-9a-f]{4}),0x([0-9a-f]{4})\)/i.exec(line);
  if (tag) return keywordOf(parseInt(tag[1]! + tag[2]!, 16));
  const attr = /attribute <([^>]+)>/.exec(line);
  if (attr) return keywordByName(attr[1]!);
  const value = /Bad attribute value - ([A-Za-z' ]+?) =/.exec(line);
  if (value) return keywordByName(value[1]!);
  const lead = /^Error - ([A-Za-z]+) /.exec(line);
  return lead && /^[A-Z][a-z]+[A-Z]/.test(lead[1]!) ? lead[1] : undefined;
}

/** dciodvfy's errors for a file, with the attribute each is about; summary lines are left out. */
export function dciodvfyErrors(file: string): { line: string; keywords: string[] }[] {
  const out = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  return (out.stderr + out.stdout)
    .split('\n')
    .filter((l) => l.startsWith('Error') && !/contains invalid data values for Value Representations/.test(l))
    .map((line) => ({ line, keywords: attributesOf(line) }));
}
