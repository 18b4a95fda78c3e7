import { resolve } from 'node:path';

/**
 * Which input each output of a batch is written from, so that two inputs (a/x.dcm and b/x.dcm into one --out folder)
 * never write one file, the second silently replacing the first.
 */
export class OutputClaims {
  private readonly byOutput = new Map<string, string>();

  /** Claims `output` for `input`; if another input claimed it first, returns that input instead (and claims nothing). */
  claim(output: string, input: string): string | undefined {
    const key = resolve(output);
    const earlier = this.byOutput.get(key);
    if (earlier === undefined) this.byOutput.set(key, input);
    return earlier;
  }
}
