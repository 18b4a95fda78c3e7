import type { BufferedOutput } from './buffered-output.js';

/**
 * Prints JSON values as they come, so that only one is held as text: one value alone, or several as one array laid
 * out as JSON.stringify(values, null, 2) lays it out.
 */
export class JsonValuesOutput {
  private count = 0;

  constructor(
    private readonly out: BufferedOutput,
    private readonly array: boolean,
  ) {}

  add(value: unknown): void {
    if (!this.array) {
      this.out.write(JSON.stringify(value, null, 2));
      this.out.write('\n');
      return;
    }
    this.out.write(this.count++ === 0 ? '[\n' : ',\n');
    // The value as an element of an array, indented, without the brackets.
    this.out.write(JSON.stringify([value], null, 2).slice(2, -2));
  }

  end(): void {
    if (this.array) this.out.write(this.count === 0 ? '[]\n' : '\n]\n');
  }
}
