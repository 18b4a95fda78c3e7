import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files below a folder, at any depth, in name order; hidden entries (".name", such as our temporary files) are
 * skipped. At most `limit` files are listed.
 */
export function filesBelow(dir: string, limit = Infinity): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= limit) return;
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(dir);
  return files;
}
