// pydicom's corpus of odd real-world files, installed with python3-pydicom (.ci/run installs it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const DATA = '/usr/lib/python3/dist-packages/pydicom/data';

/** A file of pydicom's test_files, charset_files or palettes folder: pydicomFile('test_files', 'CT_small.dcm'). */
export const pydicomFile = (folder: 'test_files' | 'charset_files' | 'palettes', name: string): string => join(DATA, folder, name);

/** Why tests of pydicom's files skip; false when they are installed. */
export const NO_PYDICOM_FILES = existsSync(join(DATA, 'test_files')) ? false : `${DATA} is not installed (apt-get install python3-pydicom)`;
