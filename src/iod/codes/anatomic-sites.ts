import { DicomError } from '../../core/errors.js';
import { code, type Code } from './code.js';
import { LATERALITY_CODES, parseLaterality, type Laterality } from './laterality.js';
import { DCM, SCT } from './schemes.js';

/** An anatomic site as it is coded in Anatomic Region Sequence, with laterality factored out (the DICOM convention). */
export interface AnatomicSite {
  code: Code;
  laterality?: Laterality;
  /** A structure that exists on both sides (hand, ear): its images need a laterality. */
  paired?: boolean;
}

/**
 * Common dermatology sites by the names people use, mapped to CID 4029 "Dermatology Anatomic Site" (SNOMED CT "skin of"
 * concepts). CID 4029 codes arms and legs only by surface (anterior/posterior), so the plain limb segments use the
 * CID 4031 "Common Anatomic Regions" concepts; "anterior forearm" etc. give the CID 4029 skin codes.
 */
const TABLE: [names: string[], value: string, meaning: string, scheme?: string, paired?: boolean][] = [
  [['scalp'], '43067004', 'Skin of scalp'],
  [['head'], '70762009', 'Skin of head'],
  [['vertex of scalp', 'vertex'], '61719002', 'Skin of vertex of scalp'],
  [['occiput', 'occipital region'], '79951008', 'Skin of occipital region'],
  [['temple', 'temporal region'], '16621002', 'Skin of temporal region', SCT, true],
  [['face'], '73897004', 'Skin of face'],
  [['forehead'], '68698007', 'Skin of forehead'],
  [['eyebrow'], '367577003', 'Skin of eyebrow', SCT, true],
  [['upper eyelid'], '41310005', 'Skin of upper eyelid', SCT, true],
  [['lower eyelid'], '40069000', 'Skin of lower eyelid', SCT, true],
  [['cheek'], '36141000', 'Skin of cheek', SCT, true],
  [['nose'], '113179006', 'Skin of nose'],
  [['ear'], '1902009', 'Skin of ear', SCT, true],
  [['lip', 'lips'], '88089004', 'Skin of lip'],
  [['upper lip'], '16251004', 'Skin of upper lip'],
  [['lower lip'], '66934001', 'Skin of lower lip'],
  [['chin'], '23747009', 'Skin of chin'],
  [['jawline', 'jaw'], '244097004', 'Skin of jawline'],
  [['neck'], '43081002', 'Skin of neck'],
  [['anterior neck'], '11584001', 'Skin of anterior portion of neck'],
  [['back of neck', 'nape', 'nuchal region'], '4658004', 'Skin of nuchal region'],
  [['chest', 'anterior chest', 'anterior thorax'], '244106003', 'Skin of anterior surface of thorax'],
  [['sternum', 'sternal region'], '244107007', 'Sternal skin'],
  [['breast'], '82038008', 'Skin of breast', SCT, true],
  [['nipple'], '54468004', 'Skin of nipple', SCT, true],
  [['areola'], '72005009', 'Skin of areola', SCT, true],
  [['axilla', 'armpit'], '76261009', 'Skin of axilla', SCT, true],
  [['abdomen'], '75093004', 'Skin of abdomen'],
  [['upper abdomen'], '699935000', 'Skin of upper abdomen'],
  [['lower abdomen'], '699914002', 'Skin of lower abdomen'],
  [['umbilicus', 'navel'], '315003', 'Skin of umbilicus'],
  [['anterior trunk'], '181491009', 'Skin of anterior trunk'],
  [['upper trunk'], '54440003', 'Skin of upper trunk'],
  [['back'], '66643007', 'Skin of back'],
  [['upper back'], '699893008', 'Skin of back of upper thoracic region'],
  [['mid back', 'middle back'], '130323', 'Skin of mid back', DCM],
  [['lower back'], '113182001', 'Skin of lower back'],
  [['posterior thorax'], '244111001', 'Skin of posterior surface of thorax'],
  [['buttock', 'buttocks'], '22180002', 'Skin of buttock', SCT, true],
  [['groin', 'inguinal region'], '39687006', 'Skin of inguinal region', SCT, true],
  [['genitalia', 'external genitalia'], '60944009', 'Skin of external genitalia'],
  [['perineum'], '48014002', 'Skin of perineum'],
  [['shoulder'], '16982005', 'Shoulder', SCT, true],
  [['upper extremity', 'arm'], '371311000', 'Skin of upper extremity', SCT, true],
  [['upper arm'], '40983000', 'Upper arm', SCT, true],
  [['anterior upper arm'], '45981001', 'Skin of anterior surface of upper arm', SCT, true],
  [['posterior upper arm'], '72939005', 'Skin of posterior surface of upper arm', SCT, true],
  [['antecubital fossa'], '17957002', 'Skin of antecubital fossa', SCT, true],
  [['posterior elbow', 'elbow'], '181536004', 'Skin of posterior surface of elbow', SCT, true],
  [['forearm'], '14975008', 'Forearm', SCT, true],
  [['anterior forearm'], '70559009', 'Skin of anterior surface of forearm', SCT, true],
  [['posterior forearm'], '41550009', 'Skin of posterior surface of forearm', SCT, true],
  [['dorsal wrist'], '52876008', 'Skin of dorsal area of wrist', SCT, true],
  [['palmar wrist'], '24527008', 'Skin of palmar area of wrist', SCT, true],
  [['hand'], '33712006', 'Skin of hand', SCT, true],
  [['palm'], '70887009', 'Skin of palm of hand', SCT, true],
  [['back of hand', 'dorsum of hand'], '281642007', 'Skin of part of dorsal surface of hand', SCT, true],
  [['finger'], '244169007', 'Skin of digit of hand', SCT, true],
  [['lower extremity', 'leg'], '371304004', 'Skin of lower extremity', SCT, true],
  [['thigh'], '68367000', 'Thigh', SCT, true],
  [['anterior thigh'], '61248009', 'Skin of anterior surface of thigh', SCT, true],
  [['posterior thigh'], '4578000', 'Skin of posterior surface of thigh', SCT, true],
  [['medial thigh', 'inner thigh'], '73958006', 'Skin of medial surface of thigh', SCT, true],
  [['knee'], '72696002', 'Knee', SCT, true],
  [['anterior knee'], '181553006', 'Skin of anterior surface of knee', SCT, true],
  [['popliteal fossa', 'back of knee'], '84507004', 'Skin of popliteal fossa', SCT, true],
  [['lower leg'], '30021000', 'Lower leg', SCT, true],
  [['anterior lower leg', 'shin'], '25763004', 'Skin of anterior surface of lower leg', SCT, true],
  [['posterior lower leg', 'calf'], '47224004', 'Skin of posterior surface of lower leg', SCT, true],
  [['medial ankle'], '181563003', 'Skin of medial aspect of ankle', SCT, true],
  [['lateral ankle'], '181564009', 'Skin of lateral aspect of ankle', SCT, true],
  [['foot'], '60496002', 'Skin of foot', SCT, true],
  [['heel'], '84607009', 'Skin of heel', SCT, true],
  [['toe'], '52034004', 'Skin of toe', SCT, true],
  [['skin'], '39937001', 'Skin'],
];

const BY_NAME = new Map<string, AnatomicSite>();
for (const [names, value, meaning, scheme, paired] of TABLE) {
  const site: AnatomicSite = { code: code(value, scheme ?? SCT, meaning), ...(paired ? { paired } : {}) };
  for (const name of [...names, meaning.toLowerCase()]) BY_NAME.set(name, site);
}

const normalize = (s: string): string => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

/** The built-in site names (for help texts and docs). */
export const siteNames = (): string[] => [...BY_NAME.keys()].sort();

/** Finds a built-in site by name, case-insensitively; undefined when the name is unknown. */
export function lookupSite(name: string): AnatomicSite | undefined {
  const words = normalize(name);
  const found = BY_NAME.get(words);
  if (found) return { ...found };
  const space = words.indexOf(' ');
  if (space < 0) return undefined;
  const laterality = parseLaterality(words.slice(0, space));
  const rest = BY_NAME.get(words.slice(space + 1));
  return laterality && rest ? { ...rest, laterality } : undefined;
}

/** Like lookupSite, but an unknown name is an error that suggests names that exist. */
export function resolveSite(name: string): AnatomicSite {
  const site = lookupSite(name);
  if (site) return site;
  const key = normalize(name).split(' ').pop() ?? '';
  const near = siteNames().filter((n) => n.includes(key)).slice(0, 5);
  const hint = near.length ? `; similar: ${near.join(', ')}` : '; give a code ({code, scheme, meaning}) instead';
  throw new DicomError('INVALID_ARGUMENT', `unknown anatomic site "${name}"${hint}`);
}

export const lateralityCode = (l: Laterality): Code => LATERALITY_CODES[l];
