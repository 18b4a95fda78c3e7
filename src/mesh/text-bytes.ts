/** Ctrl-Z, with which old DOS programs ended a text file. */
const CTRL_Z = 0x1a;

/**
 * Where a text file's content ends: before a Ctrl-Z that is its very last byte (old DOS exporters wrote one), which
 * tinyobjloader and Blender pass over.
 */
export function textEnd(bytes: Buffer, end = bytes.length): number {
  return end > 0 && bytes[end - 1] === CTRL_Z ? end - 1 : end;
}

/** Why a control byte makes a file no `kind` text file; a Ctrl-Z is named, as only the last byte may be one. */
export function controlByteProblem(byte: number, kind: 'OBJ' | 'MTL', where = ''): string {
  if (byte === CTRL_Z) return "a Ctrl-Z (byte 0x1a, the DOS end-of-file mark) before the file's end: only its last byte may be one";
  return `binary data (byte 0x${byte.toString(16).padStart(2, '0')})${where}: this is not an ${kind} text file`;
}
