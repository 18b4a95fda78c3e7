import type { BufferedOutput } from './buffered-output.js';

/** A value as JSON text laid out with two-space indents, its lines after the first indented for `level`. */
export type JsonText = (value: unknown, level: number) => string;

// A line break in JSON text is layout alone (one in a string is escaped): each is followed by the level's indent.
const STRINGIFY: JsonText = (value, level) => JSON.stringify(value, null, 2).replaceAll('\n', `\n${'  '.repeat(level)}`);

/**
 * Prints JSON values as they come, so that only one is held as text: one value alone, or several as one array laid
 * out as JSON.stringify(values, null, 2) lays it out.
 */
export class JsonValuesOutput {
  private count = 0;
  /** Whether the value being added has printed its first piece. */
  private started = false;

  constructor(
    private readonly out: BufferedOutput,
    private readonly array: boolean,
  ) {}

  /** Whether the value being added, or the last one, has begun: an error after it is no document of its own. */
  get begun(): boolean {
    return this.started;
  }

  add(value: unknown): void {
    this.addWritten((print, level) => print(STRINGIFY(value, level)));
  }

  /**
   * A value its writer prints itself, piece by piece with `print`, at the nesting `level` it is given (dump --json
   * writes a data set's DICOM JSON as it makes it, in its own order: writeDicomJson). The array's comma before it
   * comes with its first piece: a value whose writer fails before printing anything leaves no trace.
   */
  addWritten(write: (print: (text: string) => void, level: number) => void): void {
    this.started = false;
    const print = (text: string): void => {
      if (!this.started && this.array) this.out.write(this.count++ === 0 ? '[\n  ' : ',\n  ');
      this.started = true;
      this.out.write(text);
    };
    write(print, this.array ? 1 : 0);
    if (!this.array) this.out.write('\n');
  }

  end(): void {
    if (this.array) this.out.write(this.count === 0 ? '[]\n' : '\n]\n');
  }
}

/**
 * Prints { [key]: [values], ...rest } laid out as JSON.stringify(…, null, 2) lays it out, the array's values as they
 * come, so that only one is held as text (validate --json: a report of each file, then the set's).
 */
export class JsonMemberArrayOutput {
  private count = 0;

  constructor(
    private readonly out: BufferedOutput,
    private readonly key: string,
  ) {}

  /** Whether the document has begun: a value was added. */
  get begun(): boolean {
    return this.count > 0;
  }

  add(value: unknown): void {
    this.out.write(this.count++ === 0 ? `{\n  ${JSON.stringify(this.key)}: [\n    ` : ',\n    ');
    this.out.write(STRINGIFY(value, 2));
  }

  /** The members after the array. */
  end(rest: object): void {
    const whole = JSON.stringify({ [this.key]: [], ...rest }, null, 2);
    if (this.count === 0) this.out.write(`${whole}\n`);
    else this.out.write(`\n  ]${whole.slice(`{\n  ${JSON.stringify(this.key)}: []`.length)}\n`);
  }
}
