import type { Dataset } from '../../core/dataset.js';
import { tag, type Tag } from '../../core/tag.js';
import { isCurveOrOverlayElement } from './graphic-groups.js';

const GRAPHIC_LAYER = tag(0x0070, 0x0002);

/**
 * The values that name a graphic layer: Graphic Layer (0070,0002), in the Graphic Layer Sequence that defines each
 * layer and in the items that draw on one, and the Overlay and retired Curve Activation Layers (60xx,1001, 50xx,1001;
 * even groups) that put an overlay or curve on one.
 */
export function isGraphicLayerName(t: Tag): boolean {
  return t === GRAPHIC_LAYER || isCurveOrOverlayElement(t, 0x1001);
}

/**
 * An object's layer names, which an operator may type ("JDOE LAYER"), mapped to LAYER1, LAYER2 … in the order of its
 * Graphic Layer Sequence; a name only referred to gets the next number when first met. One dummy for all would merge
 * the layers, and references to them must still resolve. Numbering per object is enough: a layer is named only inside
 * the presentation state that defines it, which images do not share (PS3.3 C.10.7, Graphic Layer).
 */
export function graphicLayerNames(ds: Dataset): (name: string) => string {
  const renamed = new Map<string, string>();
  // CS: leading and trailing spaces are no part of the name.
  const rename = (name: string): string => {
    const key = name.trim();
    if (!key) return name;
    let layer = renamed.get(key);
    if (!layer) renamed.set(key, (layer = `LAYER${renamed.size + 1}`));
    return layer;
  };
  for (const item of ds.items('GraphicLayerSequence')) rename(item.getString(GRAPHIC_LAYER) ?? '');
  return rename;
}
