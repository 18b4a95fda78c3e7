import { resolve } from 'node:path';

/**
 * Which input each output of a batch is written from, so that two inputs (a/x.dcm and b/x.dcm into one --out folder)
 * never write one file, the second silently replacing the first.
 */
export class OutputClaims {
  private readonly byOutput = new Map<string, string>();
  private readonly inputs: ReadonlySet<string>;

  /** `inputs`: the run's input files, which no output may replace (an --out folder that is theirs). */
  constructor(inputs: Iterable<string> = []) {
    this.inputs = new Set([...inputs].map((path) => resolve(path)));
  }

  /** Why `output` must not be written because it is an input of the run, if it is one. */
  replacesInput(output: string): string | undefined {
    return this.inputs.has(resolve(output)) ? `not written: ${output} is an input of this run, which it would replace (give an --out folder apart from the inputs)` : undefined;
  }

  /**
   * Claims `output` for `input`. If another input claimed it first, claims nothing and returns why this one is not
   * written, naming that input and ending with `hint` (what the user can do about it).
   */
  claim(output: string, input: string, hint: string): string | undefined {
    const key = resolve(output);
    const earlier = this.byOutput.get(key);
    if (earlier === undefined) {
      this.byOutput.set(key, input);
      return undefined;
    }
    return `not written: its output ${output} is the output of ${earlier} (${hint})`;
  }
}
