/** Typed arrays that grow by doubling while a file is parsed; `view()` is the filled part, without a copy. */
type TypedCtor<T> = { new (n: number): T };

export class Growable<T extends Float32Array | Uint32Array | Int32Array> {
  array: T;
  length = 0;
  constructor(private readonly ctor: TypedCtor<T>, capacity = 1024) {
    this.array = new ctor(capacity);
  }

  /** Makes room for `n` more values. */
  reserve(n: number): void {
    if (this.length + n <= this.array.length) return;
    let size = this.array.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new this.ctor(size);
    next.set(this.array.subarray(0, this.length));
    this.array = next;
  }

  push(value: number): void {
    if (this.length === this.array.length) this.reserve(1);
    this.array[this.length++] = value;
  }

  /**
   * The values as an exactly sized array. When more than an eighth of the buffer is spare it is copied once into a
   * tight one, so a finished mesh never holds up to twice its size in slack.
   */
  finish(): T {
    const filled = this.array.subarray(0, this.length) as T;
    if (this.array.length - this.length <= this.array.length >> 3) return filled;
    const tight = new this.ctor(this.length);
    tight.set(filled);
    this.array = tight;
    return tight;
  }
}
