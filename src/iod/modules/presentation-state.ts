import { t1, t3 } from './define.js';
import { CONTENT_IDENTIFICATION } from './macros.js';
import type { ModuleDefinition } from './types.js';

/** PS3.3 C.11.10 Presentation State Identification Module (every presentation state IOD has it). */
export const PRESENTATION_STATE_IDENTIFICATION: ModuleDefinition = {
  id: 'presentation-state-identification',
  name: 'Presentation State Identification',
  section: 'C.11.10',
  attributes: [
    t1('PresentationCreationDate'),
    t1('PresentationCreationTime'),
    ...CONTENT_IDENTIFICATION,
    t3('PresentationDisplayCollectionUID'),
    t3('PresentationSequenceCollectionUID'),
  ],
};
