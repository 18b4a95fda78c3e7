/**
 * Text for standard output, written in pieces of at least 64 KiB: a dump of many small files would otherwise spend
 * more in one stream write per file than in formatting. Flush before writing to standard error, to keep the order.
 */
export class BufferedOutput {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 64 * 1024) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.stream.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}
