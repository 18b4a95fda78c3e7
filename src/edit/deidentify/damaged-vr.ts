import type { DicomFile } from '../../io/part10-reader.js';

/**
 * The reader's warning of two bytes that are no VR at all (00H 00H, a lowercase "cs"), which a lenient read takes as
 * UN with a 16- or 32-bit length, or as Implicit VR from there on, as dcmtk does: `offset N, (gggg,eeee): invalid VR
 * "\x00\x00"; reading …`. The reader records these in no field (DicomFile.damagedVR is for two capital letters that
 * are no VR, where dcmtk's reading would fail), so its warning is what tells them.
 */
const INVALID_VR = /^offset \d+, \([0-9A-F]{4},[0-9A-F]{4}\): invalid VR ".*?"(?=;|$)/;

/**
 * Where a file's first damaged VR is, said as DicomFile.damagedVR says it (the reading it was given left out): that,
 * or the first element whose VR bytes are no VR at all. Either way what was read there, and after it, may be in a VR
 * or under a tag its bytes do not mean.
 */
export function damagedVRIn(file: DicomFile): string | undefined {
  if (file.damagedVR) return file.damagedVR;
  for (const warning of file.warnings) {
    const match = INVALID_VR.exec(warning);
    if (match) return match[0];
  }
  return undefined;
}
