import { Dataset } from '../../core/dataset.js';
import { codeItem, type Code } from '../../iod/codes/code.js';
import { referenceItem, type InstanceReference } from '../../iod/builders/modules/references.js';

/**
 * The functional groups of a multi-frame image (C.7.6.16) describe each frame's derivation in the Derivation Image
 * macro (C.7.6.16.2.6), required of a frame derived from another instance: the source's said how the source was
 * made. Like the top level, each frame now says it was made from the same frame of the source, with the derivation's
 * description and codes. The Referenced Image macro's images were the source's, as its top-level Referenced Image
 * Sequence was: they go, the crop naming its source at the top level. The Common Instance Reference module (C.12.2)
 * of these images lists what the instance references: now the source alone, in its series of the same study.
 */
export function deriveFrames(ds: Dataset, derivation: { description: string; codes: readonly Code[]; source: InstanceReference; sourceSeriesUid: string }): void {
  const frames = ds.items('PerFrameFunctionalGroupsSequence');
  if (frames.length === 0) return;
  for (const groups of [...ds.items('SharedFunctionalGroupsSequence'), ...frames]) {
    groups.delete('DerivationImageSequence');
    groups.delete('ReferencedImageSequence');
  }
  frames.forEach((groups, i) => {
    const item = new Dataset();
    item.set('DerivationDescription', derivation.description);
    item.set('DerivationCodeSequence', derivation.codes.map(codeItem));
    const source = referenceItem(derivation.source);
    // Enhanced images are multi-frame: the frame is named (Type 1C), the frame it was cut from.
    source.set('ReferencedFrameNumber', i + 1);
    item.set('SourceImageSequence', [source]);
    groups.set('DerivationImageSequence', [item]);
  });
  const series = new Dataset();
  series.set('SeriesInstanceUID', derivation.sourceSeriesUid);
  series.set('ReferencedInstanceSequence', [referenceItem({ sopClassUid: derivation.source.sopClassUid, sopInstanceUid: derivation.source.sopInstanceUid })]);
  ds.set('ReferencedSeriesSequence', [series]);
  ds.delete('StudiesContainingOtherReferencedInstancesSequence');
}
