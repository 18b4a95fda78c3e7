import { code, type Code } from './code.js';
import { SCT } from './schemes.js';

export type Laterality = 'L' | 'R' | 'B';

/**
 * CID 244 Laterality, as an Anatomic Region Modifier, and the Image Laterality (0020,0062) letter. The meanings are
 * PS3.16's: 51440002 is "Bilateral" there, though SNOMED CT calls it "Right and left".
 */
export const LATERALITY_CODES: Record<Laterality, Code> = {
  R: code('24028007', SCT, 'Right'),
  L: code('7771000', SCT, 'Left'),
  B: code('51440002', SCT, 'Bilateral'),
};

/** "left", "right", "bilateral" (or L/R/B) → the letter; undefined for anything else. */
export function parseLaterality(word: string): Laterality | undefined {
  const w = word.trim().toLowerCase();
  if (w === 'left' || w === 'l') return 'L';
  if (w === 'right' || w === 'r') return 'R';
  if (w === 'bilateral' || w === 'both' || w === 'b') return 'B';
  return undefined;
}
