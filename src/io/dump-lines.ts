import type { Tag } from '../core/tag.js';
import { tagText } from './dump-values.js';

/** dcmdump pads the value column to this width before the "#" comment. */
const VALUE_COLUMN = 40;

/** East Asian wide and fullwidth characters take two terminal columns (Hangul, CJK, kana, fullwidth forms). */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** Columns a value takes on a terminal, so that the "#" column lines up (dcmdump pads by bytes instead). */
function displayWidth(text: string): number {
  // Every line asks, and nearly every value is narrow: a loop over the code units answers that cheapest.
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 0x10ff) i++;
  if (i === text.length) return text.length;
  let width = 0;
  for (const c of text) width += WIDE.test(c) ? 2 : 1;
  return width;
}

/** Padding to the "#" column, by the value's width. */
const PADS = Array.from({ length: VALUE_COLUMN + 1 }, (_, width) => ' '.repeat(VALUE_COLUMN - width));
const INDENTS = ['', '  ', '    ', '      '];
const indent = (level: number): string => INDENTS[level] ?? '  '.repeat(level);

/** What a line shows before its value ("(gggg,eeee) VR ") and after it ("# length, VM Name"), with what they show. */
interface Parts {
  vr: string;
  head: string;
  length: number | 'u/l';
  vm: number;
  name: string;
  tail: string;
}

const partsByTag = new Map<Tag, Parts>();

const headOf = (t: Tag, vr: string): string => `${tagText(t)} ${vr} `;
const tailOf = (length: number | 'u/l', vm: number, name: string): string =>
  ` # ${typeof length === 'number' ? String(length).padStart(3) : length},${String(vm).padStart(2)} ${name}\n`;

/**
 * One line of a dump as dcmdump lays it out, newline included. What comes before and after the value is remembered
 * per tag: a dump of many files prints the same tags with the same lengths again and again, and making these texts
 * anew for every line cost more than the rest of the line.
 */
export function dumpLine(level: number, t: Tag, vr: string, value: string, length: number | 'u/l', vm: number, name: string): string {
  let parts = partsByTag.get(t);
  if (parts === undefined) {
    parts = { vr, head: headOf(t, vr), length, vm, name, tail: tailOf(length, vm, name) };
    if (partsByTag.size < 65536) partsByTag.set(t, parts);
  } else {
    if (parts.vr !== vr) {
      parts.vr = vr;
      parts.head = headOf(t, vr);
    }
    if (parts.length !== length || parts.vm !== vm || parts.name !== name) {
      parts.length = length;
      parts.vm = vm;
      parts.name = name;
      parts.tail = tailOf(length, vm, name);
    }
  }
  return `${indent(level)}${parts.head}${value}${PADS[displayWidth(value)] ?? ''}${parts.tail}`;
}

/** Lines are handed on a few thousand at a time: that costs less than a call per line. */
const LINES_PER_TEXT = 4096;

/** Gathers lines (each ending with its newline) into texts for `write`. */
export class LineBuffer {
  private text = '';
  private count = 0;

  constructor(private readonly write: (text: string) => void) {}

  add(line: string): void {
    // Appending makes no copy; the text is laid out once, when it is written.
    this.text += line;
    if (++this.count === LINES_PER_TEXT) this.flush();
  }

  flush(): void {
    if (this.count === 0) return;
    this.write(this.text);
    this.text = '';
    this.count = 0;
  }
}
