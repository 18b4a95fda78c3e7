import type { BufferedOutput } from './buffered-output.js';

/** A value as JSON text laid out with two-space indents, its lines after the first indented for `level`. */
export type JsonText = (value: unknown, level: number) => string;

const STRINGIFY: JsonText = (value, level) => (level === 0 ? JSON.stringify(value, null, 2) : JSON.stringify([value], null, 2).slice(4, -2));

/**
 * Prints JSON values as they come, so that only one is held as text: one value alone, or several as one array laid
 * out as JSON.stringify(values, null, 2) lays it out (`text` writes each value: DICOM JSON has its own order).
 */
export class JsonValuesOutput {
  private count = 0;

  constructor(
    private readonly out: BufferedOutput,
    private readonly array: boolean,
    private readonly text: JsonText = STRINGIFY,
  ) {}

  add(value: unknown): void {
    if (!this.array) {
      this.out.write(this.text(value, 0));
      this.out.write('\n');
      return;
    }
    this.out.write(this.count++ === 0 ? '[\n  ' : ',\n  ');
    this.out.write(this.text(value, 1));
  }

  end(): void {
    if (this.array) this.out.write(this.count === 0 ? '[]\n' : '\n]\n');
  }
}
