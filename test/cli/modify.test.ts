// modify given keys that name no attribute, and files that fail: said once, naming the file once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { pixelDataVR, relabelPixelData } from '../helpers/element-bytes.js';
import { dicomdirOffsets, hasDcmtk } from '../helpers/dcmtk-corpus.js';
import { cli } from '../helpers/run-cli.js';
import { NO_PYDICOM_FILES, pydicomFile } from '../helpers/pydicom-files.js';
import { NO_PYDICOM, pyValue, pydicomRead } from '../helpers/pydicom.js';
import { HAVE_DCIODVFY, dciodvfyErrors, tempDir } from '../tbp/tools.js';
import { Dataset } from '../../src/core/dataset.js';
import { Element, Encapsulated } from '../../src/core/element.js';
import { tagOf } from '../../src/core/dictionary.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { encodeDicom } from '../../src/io/part10-writer.js';
import { IMPLICIT_VR_LE, JPEG_BASELINE } from '../../src/io/transfer-syntax.js';
import { cropWithWrongGroupLength } from '../helpers/wrong-group-length.js';

test('modify: a key that names no attribute, an item or an identifying UID to remove, a VR that is none or not the dictionary\'s, a value that was not UTF-8, that its VR cannot hold or of more or fewer values than its VM, is a usage error said once (exit 2), nothing written', () => {
  const dir = tempDir('cli-modify-keys');
  writeObject(join(dir, 'a.dcm'), tbpCorpus().crop);
  copyFileSync(join(dir, 'a.dcm'), join(dir, 'b.dcm'));
  const out = join(dir, 'out');
  for (const [args, message] of [
    [['--set', 'PatientNme=Doe'], 'error [UNKNOWN_ATTRIBUTE]: "PatientNme" is neither a DICOM keyword nor a tag\n'],
    [['--delete', 'Nope'], 'error [UNKNOWN_ATTRIBUTE]: "Nope" is neither a DICOM keyword nor a tag\n'],
    [['--set', '=x'], 'error [BAD_PATH]: empty attribute name\n'],
    [['--set', 'ReferencedImageSequence[0].Nope=1'], 'error [UNKNOWN_ATTRIBUTE]: "Nope" is neither a DICOM keyword nor a tag\n'],
    [['--delete', '(0010,00ZZ)'], 'error [UNKNOWN_ATTRIBUTE]: "(0010,00ZZ)" is neither a DICOM keyword nor a tag\n'],
    [['--set', 'PatientName:ZZ=x'], 'error [INVALID_ARGUMENT]: "ZZ" after PatientName is not a VR (write KEY:VR=VALUE, e.g. PatientName:LO=value)\n'],
    // A Latin-1 terminal's "ü": Node reads the command line as UTF-8, where that byte is U+FFFD.
    [['--set', `PatientName=M${Buffer.from([0xfc]).toString('utf8')}ller`], 'error [INVALID_ARGUMENT]: the value for PatientName holds text that was not UTF-8 (shown as \uFFFD): give it in UTF-8\n'],
    // values their VR cannot hold (PS3.5 Table 6.2-1), as validate would report them
    [['--set', 'Modality=ABCDEFGHIJKLMNOPQRSTUV'], 'error [BAD_VALUE]: Modality: "ABCDEFGHIJKLMNOPQRSTUV" is not a valid CS value: it is 22 characters long; CS allows at most 16\n'],
    [['--set', 'Modality=dms'], 'error [BAD_VALUE]: Modality: "dms" is not a valid CS value: it contains characters other than upper-case letters, digits, space and underscore\n'],
    [['--set', 'StudyDate=2024-13-01'], 'error [BAD_VALUE]: StudyDate: invalid DA value "2024-13-01": month 13 is not 01-12\n'],
    // the record of modifications is not edited: deleting it would rewrite history without a trace
    [['--delete', 'OriginalAttributesSequence'], 'error [INVALID_ARGUMENT]: OriginalAttributesSequence: Original Attributes Sequence is the record of modifications and is not edited (undo a modification with --revert)\n'],
    [['--set', 'TransferSyntaxUID=1.2.840.10008.1.2'], 'error [INVALID_ARGUMENT]: TransferSyntaxUID: file meta information (group 0002) is not part of the data set; it is written from the data set (use convert to change the transfer syntax)\n'],
    [['--delete', '(0002,0016)'], 'error [INVALID_ARGUMENT]: (0002,0016): file meta information (group 0002) is not part of the data set; it is written from the data set (use convert to change the transfer syntax)\n'],
    [['--set', 'OriginalAttributesSequence[0].ReasonForTheAttributeModification=CORRECT'], 'error [INVALID_ARGUMENT]: OriginalAttributesSequence[0].ReasonForTheAttributeModification: Original Attributes Sequence is the record of modifications and is not edited (undo a modification with --revert)\n'],
    // a number its binary VR cannot hold, and a path no file could take, are refused once for the batch
    [['--set', 'Rows=70000'], 'error [BAD_VALUE]: Rows: "70000" is not a valid US value: not in the range 0 to 65535\n'],
    [['--set', 'ReferencedImageSequence[0]=(1,DCM,"x")'], 'error [BAD_PATH]: "ReferencedImageSequence[0]" ends with an item index: name an attribute inside the item (ReferencedImageSequence[0].Keyword), or the whole sequence (ReferencedImageSequence)\n'],
    [['--delete', 'ReferencedImageSequence[0]'], 'error [BAD_PATH]: "ReferencedImageSequence[0]" ends with an item index: name an attribute inside the item (ReferencedImageSequence[0].Keyword), or the whole sequence (ReferencedImageSequence)\n'],
    [['--set', 'PatientName.PatientID=X'], 'error [BAD_PATH]: "PatientName.PatientID": PatientName is not a sequence (the data dictionary gives VR PN), so it has no items\n'],
    // the attributes that identify the object are given new values, not removed
    [['--delete', 'SOPInstanceUID'], 'error [INVALID_ARGUMENT]: SOPInstanceUID: SOP Instance UID (0008,0018) is Type 1 and identifies the object; it can be given a new value, not deleted\n'],
    [['--delete', '(0020,000E)'], 'error [INVALID_ARGUMENT]: (0020,000E): Series Instance UID (0020,000E) is Type 1 and identifies the object; it can be given a new value, not deleted\n'],
    [['--set', 'StudyInstanceUID='], 'error [INVALID_ARGUMENT]: StudyInstanceUID: Study Instance UID (0020,000D) is Type 1 and identifies the object; it can be given a new value, not emptied\n'],
    // the number of values against the dictionary's VM, a given VR against the dictionary's
    [['--set', 'PatientName=A\\B'], 'error [BAD_VALUE]: PatientName: the data dictionary gives VM 1; "A\\B" is 2 values\n'],
    [['--set', 'PixelSpacing=0.5'], 'error [BAD_VALUE]: PixelSpacing: the data dictionary gives VM 2; "0.5" is 1 value\n'],
    [['--set', 'PatientName:US=3'], 'error [INVALID_ARGUMENT]: PatientName: the data dictionary gives VR PN, not US (leave :US out, or give PN)\n'],
    [['--set', `ImageComments=${'a'.repeat(10_241)}`], `error [BAD_VALUE]: ImageComments: "${'a'.repeat(70)}…" is not a valid LT value: it is 10241 characters long; LT allows at most 10240\n`],
  ] as const) {
    const r = cli('modify', join(dir, 'a.dcm'), join(dir, 'b.dcm'), ...args, '--out', out);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, message, args.join(' '));
  }
  assert.equal(existsSync(out), false);
});

test('modify: --source and --system that are not one LO value (64 characters, no backslash, no control character), or an empty --system, are refused once (exit 2), nothing written', () => {
  const dir = tempDir('cli-modify-record');
  writeObject(join(dir, 'a.dcm'), tbpCorpus().crop);
  copyFileSync(join(dir, 'a.dcm'), join(dir, 'b.dcm'));
  const out = join(dir, 'out');
  for (const [args, message] of [
    [['--system', 'S'.repeat(65)], `error [INVALID_ARGUMENT]: Modifying System (--system) "${'S'.repeat(65)}" is 65 characters long; LO allows at most 64\n`],
    [['--source', 'Clinic A\\Clinic B'], 'error [INVALID_ARGUMENT]: Source of Previous Values (--source) "Clinic A\\Clinic B" contains a backslash, which would make it two values\n'],
    [['--source', 'Clinic\nA'], 'error [INVALID_ARGUMENT]: Source of Previous Values (--source) "Clinic\\nA" contains control characters\n'],
    [['--system', ''], 'error [INVALID_ARGUMENT]: Modifying System (--system) is Type 1 and cannot be empty: give a name, or leave it out for "tbp-dicom"\n'],
  ] as const) {
    const r = cli('modify', join(dir, 'a.dcm'), join(dir, 'b.dcm'), '--set', 'PatientID=X', ...args, '--out', out);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, message, args.join(' '));
  }
  assert.equal(existsSync(out), false);
  const r = cli('modify', join(dir, 'a.dcm'), '--set', 'PatientID=X', '--source', '', '--system', 'S'.repeat(64), '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readDicomFile(join(out, 'a.dcm')).dataset.getString('OriginalAttributesSequence[0].ModifyingSystem'), 'S'.repeat(64));
});

test('modify: a file that fails is named once on its line, then what is wrong', () => {
  const dir = tempDir('cli-modify-failed');
  const file = join(dir, 'a.dcm');
  writeObject(file, tbpCorpus().crop);
  const r = cli('modify', file, '--set', 'ReferencedImageSequence[5].ReferencedSOPInstanceUID=1.2', '--out', join(dir, 'out'));
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `failed: ${file}: tag (0008,1140): item 5 of (0008,1140) does not exist (it has 1)\n`);
});

test('modify --all without --revert is a usage error, nothing written', () => {
  const dir = tempDir('modify-all');
  const input = join(dir, 'crop.dcm');
  writeObject(input, tbpCorpus().crop);
  const r = cli('modify', input, '--all', '--set', 'PatientName=Y', '-o', join(dir, 'out'));
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--all goes with --revert/);
  assert.equal(existsSync(join(dir, 'out', 'crop.dcm')), false);
});

test('modify, a second modify that switches the file to UTF-8, then two reverts: the original bytes, Latin-1 text included', () => {
  const dir = tempDir('cli-modify-charset');
  const file = join(dir, 'a.dcm');
  const ds = tbpCorpus().crop.clone();
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  ds.set('PatientName', 'Buc^Jérôme');
  writeObject(file, ds);
  const original = readDicomFile(file).dataset;
  for (const args of [['--set', 'PatientName=Müller^Hans'], ['--set', 'StudyDescription=胸部 CT'], ['--revert'], ['--revert']]) {
    const r = cli('modify', file, ...args, '--in-place');
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  const back = readDicomFile(file).dataset;
  assert.equal(back.getString('SpecificCharacterSet'), 'ISO_IR 100');
  assert.equal(back.getString('PatientName'), 'Buc^Jérôme');
  assert.ok(back.bytes('PatientName')!.equals(original.bytes('PatientName')!));
  assert.equal(back.element('OriginalAttributesSequence'), undefined);
});

test('modify that sets Specific Character Set re-encodes the text already there and set before it: dciodvfy finds no error in it, pydicom reads the names given; a name the set cannot hold fails the file, nothing written', { skip: NO_PYDICOM }, () => {
  const dir = tempDir('cli-modify-charset-change');
  const plain = join(dir, 'plain.dcm');
  writeObject(plain, tbpCorpus().crop);
  const utf8 = join(dir, 'utf8.dcm');
  const ds = tbpCorpus().crop.clone();
  ds.set('SpecificCharacterSet', 'ISO_IR 192');
  ds.set('PatientName', 'Änne^Müller');
  writeObject(utf8, ds);
  const out = join(dir, 'out');
  // the name is set in the default repertoire's place (so in UTF-8), then the set changes: both in Latin-1 after
  assert.equal(cli('modify', plain, '--set', 'PatientName=Änne^Müller', '--set', 'SpecificCharacterSet=ISO_IR 100', '--out', out).status, 0);
  assert.equal(cli('modify', utf8, '--set', 'SpecificCharacterSet=ISO_IR 100', '--out', out).status, 0);
  const written = [join(out, 'plain.dcm'), join(out, 'utf8.dcm')];
  const reads = pydicomRead(written);
  for (const [i, file] of written.entries()) {
    const read = reads[i]!;
    const back = readDicomFile(file).dataset;
    assert.equal(back.getString('SpecificCharacterSet'), 'ISO_IR 100', file);
    assert.equal(back.bytes('PatientName')!.toString('latin1'), 'Änne^Müller ', file); // one byte a letter, padded
    assert.deepEqual(read.problems, [], file);
    assert.deepEqual(pyValue(read, '00100010'), ['Änne^Müller'], file);
    // the corpus object's own errors (it lacks the dermoscopic module's Type 2 attributes) and no other
    if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(file), dciodvfyErrors(plain), file);
  }
  const reverted = cli('modify', '--revert', written[1]!, '--out', join(dir, 'reverted'));
  assert.equal(reverted.status, 0, reverted.stderr);
  assert.ok(readFileSync(join(dir, 'reverted', 'utf8.dcm')).equals(readFileSync(utf8)));

  const refused = cli('modify', utf8, '--set', 'PatientName=王^小東', '--set', 'SpecificCharacterSet=ISO_IR 100', '--out', join(dir, 'refused'));
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /utf8\.dcm: tag \(0010,0010\): "王" \(U\+738B\) cannot be represented in Specific Character Set "ISO_IR 100"/);
  assert.equal(existsSync(join(dir, 'refused')), false);
});

test('modify --declare-charset declares the set a mislabelled file\'s text is already in, keeping its bytes, where --set would re-encode them and is refused (the 84H of Ä is no character in the old label): pydicom reads the name the device wrote, dciodvfy finds no new error, --revert gives the file back; bytes not valid in the set fail the file, named, nothing written', { skip: NO_PYDICOM }, () => {
  const dir = tempDir('cli-modify-declare-charset');
  const plain = join(dir, 'plain.dcm');
  writeObject(plain, tbpCorpus().crop);
  // A device that writes UTF-8 and declares nothing, or ISO_IR 100 (Latin-1)
  const inputs: string[] = [];
  for (const label of [undefined, 'ISO_IR 100']) {
    const ds = tbpCorpus().crop.clone();
    ds.set('PatientName', Buffer.from('Änne^Müller ', 'utf8'), 'PN');
    if (label) ds.set('SpecificCharacterSet', label);
    else ds.delete('SpecificCharacterSet');
    const file = join(dir, `${label ? 'latin1' : 'none'}-label.dcm`);
    writeObject(file, ds);
    inputs.push(file);
  }
  const declared = join(dir, 'declared');
  const converted = join(dir, 'converted');
  assert.equal(cli('modify', ...inputs, '--declare-charset', 'ISO_IR 192', '--out', declared).status, 0);
  // re-encoded instead, the UTF-8 bytes read as the old label would be encoded a second time, Ä's 84H (no Latin-1
  // character) lost: refused
  const converting = cli('modify', ...inputs, '--set', 'SpecificCharacterSet=ISO_IR 192', '--out', converted);
  assert.equal(converting.status, 2);
  assert.match(converting.stderr, /tag \(0010,0010\): Patient's Name holds byte 0x84 at offset 1 that is no character in/);
  assert.equal(existsSync(converted), false);
  const names = inputs.map((f) => f.slice(dir.length + 1));
  const reads = pydicomRead(names.map((n) => join(declared, n)));
  for (const [i, name] of names.entries()) {
    const file = join(declared, name);
    assert.deepEqual(reads[i]!.problems, [], file);
    assert.deepEqual(pyValue(reads[i]!, '00080005'), ['ISO_IR 192'], file);
    assert.deepEqual(pyValue(reads[i]!, '00100010'), ['Änne^Müller'], file);
    assert.ok(readDicomFile(file).dataset.bytes('PatientName')!.equals(Buffer.from('Änne^Müller ', 'utf8')), file);
    // the corpus object's own errors (the dermoscopic module's Type 2 attributes) and no other
    if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(file), dciodvfyErrors(plain), file);
  }
  // recorded like any change: the label of before comes back, and the file with it
  const reverted = join(dir, 'reverted');
  assert.equal(cli('modify', '--revert', ...names.map((n) => join(declared, n)), '--out', reverted).status, 0);
  for (const [i, name] of names.entries()) assert.ok(readFileSync(join(reverted, name)).equals(readFileSync(inputs[i]!)), name);

  // Latin-1 bytes are no UTF-8: declared so, the name would be misread
  const latin1 = join(dir, 'latin1-bytes.dcm');
  const ds = tbpCorpus().crop.clone();
  ds.delete('SpecificCharacterSet');
  ds.set('PatientName', Buffer.from('Änne^Müller ', 'latin1'), 'PN');
  writeObject(latin1, ds);
  const refused = cli('modify', latin1, '--declare-charset', 'ISO_IR 192', '--out', join(dir, 'refused'));
  assert.equal(refused.status, 2);
  assert.equal(refused.stderr, `failed: ${latin1}: tag (0010,0010): the bytes of Patient's Name are not valid in Specific Character Set "ISO_IR 192": its text is in another set, which this declaration would misread\n`);
  assert.equal(existsSync(join(dir, 'refused')), false);
  const unknown = cli('modify', latin1, '--declare-charset', 'UTF-9', '--out', join(dir, 'refused'));
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stderr, 'error [BAD_CHARSET]: unknown Specific Character Set term "UTF-9"\n');
});

test('modify whose value needs UTF-8 refuses a file whose text holds bytes that are no character in its set (80H-9FH under ISO_IR 100 or none), naming the attribute and the byte, nothing written; given a new value in the same run, or declared in the set it is in, the file is written with its text kept', () => {
  const dir = tempDir('cli-modify-undecodable');
  // Windows-1252 quotes (93H, 94H) and a byte it has no letter at (81H), labelled Latin-1 or nothing
  const inputs: string[] = [];
  for (const label of ['ISO_IR 100', undefined]) {
    const ds = tbpCorpus().crop.clone();
    if (label) ds.set('SpecificCharacterSet', label);
    else ds.delete('SpecificCharacterSet');
    ds.set('StudyDescription', Buffer.from([0x93, 0x41, 0x94, 0x20, 0x81, 0x42]), 'LO');
    const file = join(dir, `${label ? 'latin1' : 'none'}.dcm`);
    writeObject(file, ds);
    inputs.push(file);
  }
  for (const [i, set] of [['ISO_IR 100', 'Specific Character Set "ISO_IR 100"'], ['none', 'the default repertoire']].entries()) {
    for (const change of ['PatientName=王^小東', 'SpecificCharacterSet=ISO_IR 192']) {
      const refused = cli('modify', inputs[i]!, '--set', change, '--out', join(dir, 'refused'));
      assert.equal(refused.status, 2, change);
      assert.equal(refused.stderr, `failed: ${inputs[i]}: tag (0008,1030): Study Description holds byte 0x93 at offset 0 that is no character in ${set[1]} (a C1 control code; Windows-1252 text has its quotes and dashes there); re-encoded into Specific Character Set "ISO_IR 192" for this change, its text would be lost: give it a new value (--set StudyDescription=TEXT) or delete it, or, if its bytes are text in another set, declare that set first (--declare-charset)\n`, change);
      assert.equal(existsSync(join(dir, 'refused')), false);
    }
  }
  // the value given again in the same run, before or after the change that needs UTF-8
  const fixed = join(dir, 'fixed');
  assert.equal(cli('modify', inputs[0]!, '--set', 'PatientName=王^小東', '--set', 'StudyDescription=“A” B', '--out', fixed).status, 0);
  const written = readDicomFile(join(fixed, 'latin1.dcm')).dataset;
  assert.equal(written.getString('SpecificCharacterSet'), 'ISO_IR 192');
  assert.equal(written.getString('StudyDescription'), '“A” B');
  assert.equal(written.getString('PatientName'), '王^小東');
  // a file labelled ISO_IR 100 whose text is UTF-8 (“ is E2 80 9C): declared so, its text is re-encoded as it reads
  const mislabelled = join(dir, 'mislabelled.dcm');
  const ds = tbpCorpus().crop.clone();
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  ds.set('StudyDescription', Buffer.from('“A” B ', 'utf8'), 'LO');
  writeObject(mislabelled, ds);
  const declared = join(dir, 'declared');
  assert.equal(cli('modify', mislabelled, '--set', 'PatientName=王^小東', '--out', join(dir, 'refused')).status, 2);
  assert.equal(cli('modify', mislabelled, '--declare-charset', 'ISO_IR 192', '--set', 'PatientName=王^小東', '--out', declared).status, 0);
  assert.equal(readDicomFile(join(declared, 'mislabelled.dcm')).dataset.getString('StudyDescription'), '“A” B');
  // a value the set holds needs no re-encoding: the file is modified, its bytes kept
  const latin = join(dir, 'latin');
  assert.equal(cli('modify', inputs[0]!, '--set', 'PatientName=Müller^Hans', '--out', latin).status, 0);
  assert.ok(readDicomFile(join(latin, 'latin1.dcm')).dataset.bytes('StudyDescription')!.equals(Buffer.from([0x93, 0x41, 0x94, 0x20, 0x81, 0x42])));
});

test('modify that deletes an attribute the object\'s IOD requires (Type 1 or 2), or empties a Type 1 one, writes it and warns, naming it, its type and module, exit 1; emptying a Type 2 one, or deleting a Type 3 one, is valid and said nothing of', () => {
  const dir = tempDir('cli-modify-required');
  const file = join(dir, 'a.dcm');
  writeObject(file, tbpCorpus().crop);
  const out = join(dir, 'out');
  const r = cli('modify', file, '--delete', 'PatientBirthDate', '--delete', 'Modality', '--set', 'PatientComments=', '--out', out);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, [
    `warning: ${file}: Modality (0008,0060) deleted: it is Type 1 in the General Series module of Dermoscopic Photography Image, so validate and dciodvfy report it missing; it needs a value (--set Modality=VALUE)`,
    `warning: ${file}: PatientBirthDate (0010,0030) deleted: it is Type 2 in the Patient module of Dermoscopic Photography Image, so validate and dciodvfy report it missing; --set PatientBirthDate= (empty) keeps the object valid`,
    '',
  ].join('\n'));
  assert.equal(readDicomFile(join(out, 'a.dcm')).dataset.element('PatientBirthDate'), undefined);
  const json = cli('modify', file, '--set', 'Modality=', '--json', '--out', join(dir, 'json'));
  assert.equal(json.status, 1, json.stderr);
  assert.deepEqual((JSON.parse(json.stdout) as { files: { warnings: string[] }[] }).files[0]!.warnings, [
    'Modality (0008,0060) emptied: it is Type 1 in the General Series module of Dermoscopic Photography Image, which needs a value, so validate and dciodvfy report it empty',
  ]);
  if (HAVE_DCIODVFY) assert.ok(dciodvfyErrors(join(out, 'a.dcm')).some((e) => e.includes('<PatientBirthDate>')));
  const fine = cli('modify', file, '--set', 'PatientBirthDate=', '--delete', 'PatientComments', '--out', join(dir, 'fine'));
  assert.equal(fine.status, 0, fine.stderr);
  assert.equal(fine.stderr, '');
  if (HAVE_DCIODVFY) assert.deepEqual(dciodvfyErrors(join(dir, 'fine', 'a.dcm')), dciodvfyErrors(file));
});

test('modify of an Implicit VR file: its record of the inserted attributes, (0401,"TBP DICOM EDIT 1.0",01), is AT as dump names it (it was UN), and --revert removes them', () => {
  const dir = tempDir('cli-modify-edit-private');
  const file = join(dir, 'implicit.dcm');
  writeObject(file, tbpCorpus().crop, IMPLICIT_VR_LE);
  const out = join(dir, 'out');
  assert.equal(cli('modify', file, '--set', 'Occupation=Baker', '--out', out).status, 0);
  const dump = cli('dump', join(out, 'implicit.dcm'));
  assert.equal(dump.status, 0, dump.stderr);
  assert.match(dump.stdout, /\(0401,0010\) LO \[TBP DICOM EDIT 1\.0\] +# +18, 1 PrivateCreator\n/);
  assert.match(dump.stdout, /\(0401,1001\) AT \(0010,2180\) +# +4, 1 TBPEditInsertedAttributes\n/);
  const json = JSON.parse(cli('dump', '--json', join(out, 'implicit.dcm')).stdout) as Record<string, { Value: Record<string, { vr: string; Value?: unknown[] }>[] }>;
  assert.deepEqual(json['04000561']!.Value[0]!['04011001'], { vr: 'AT', Value: ['00102180'] });
  assert.equal(cli('modify', '--revert', join(out, 'implicit.dcm'), '--in-place').status, 0);
  assert.ok(readFileSync(join(out, 'implicit.dcm')).equals(readFileSync(file)));
});

test('modify of a JPEG file whose encapsulated Pixel Data is labelled OW writes it as OB (PS3.5 A.4), as dump shows it', () => {
  const dir = tempDir('cli-modify-ow');
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.4243');
  ds.set('PixelData', new Encapsulated(Buffer.alloc(0), [Buffer.from([0xff, 0xd8, 0xff, 0xd9])]));
  const file = join(dir, 'ow.dcm');
  writeFileSync(file, relabelPixelData(encodeDicom({ dataset: ds }, { transferSyntaxUid: JPEG_BASELINE }), 'OW'));
  const r = cli('modify', file, '--set', 'PatientID=P1', '--out', join(dir, 'out'));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(pixelDataVR(readFileSync(join(dir, 'out', 'ow.dcm'))), 'OB');
  assert.match(cli('dump', file).stdout, /^\(7fe0,0010\) OB \(PixelSequence #=2\) /m);
});

test('modify of a DICOMDIR record carries the record offsets to where the records lie after it, and --revert too', { skip: (!hasDcmtk && 'dcmtk is not installed') || NO_PYDICOM_FILES }, () => {
  const dir = tempDir('modify-dicomdir');
  const input = join(dir, 'DICOMDIR');
  copyFileSync(join(pydicomFile('test_files', 'dicomdirtests'), 'DICOMDIR'), input);
  const links = new Set(dicomdirOffsets(input).links).size;
  // a longer name in the first record moves every record after it, and Original Attributes Sequence comes last
  const modified = cli('modify', '-i', '-s', 'DirectoryRecordSequence[0].PatientName=Somebody^With^A^Longer^Name', input);
  assert.equal(modified.status, 0, modified.stderr);
  const reverted = join(dir, 'reverted');
  const revert = cli('modify', '--revert', '-o', reverted, input);
  assert.equal(revert.status, 0, revert.stderr);
  for (const file of [input, join(reverted, 'DICOMDIR')]) {
    const after = dicomdirOffsets(file);
    assert.equal(after.records.length, 52);
    assert.deepEqual(after.links.filter((n) => !after.records.includes(n)), [], file);
    assert.equal(new Set(after.links).size, links, file);
  }
  assert.equal(readDicomFile(input).dataset.items('DirectoryRecordSequence')[0]!.getString('PatientName'), 'Somebody^With^A^Longer^Name');
});

test('modify: Pixel Data set to a value of another length than the image needs, or in a compressed file, fails that file naming it and the sizes; nothing written', () => {
  const dir = tempDir('cli-modify-pixels');
  const image = (): Dataset => {
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', '2.25.4244');
    for (const [name, value] of [['SamplesPerPixel', 1], ['Rows', 128], ['Columns', 128], ['BitsAllocated', 16], ['BitsStored', 16], ['HighBit', 15], ['PixelRepresentation', 0]] as const) ds.set(name, value);
    ds.set('PhotometricInterpretation', 'MONOCHROME2');
    return ds;
  };
  const native = image();
  native.set('PixelData', Buffer.alloc(128 * 128 * 2), 'OW');
  const nativeFile = join(dir, 'native.dcm');
  writeFileSync(nativeFile, encodeDicom({ dataset: native }));
  const compressed = image();
  compressed.set('BitsAllocated', 8);
  compressed.set('BitsStored', 8);
  compressed.set('HighBit', 7);
  compressed.set('PixelData', new Encapsulated(Buffer.alloc(0), [Buffer.from([0xff, 0xd8, 0xff, 0xd9])]));
  const compressedFile = join(dir, 'jpeg.dcm');
  writeFileSync(compressedFile, encodeDicom({ dataset: compressed }, { transferSyntaxUid: JPEG_BASELINE }));
  const before = [readFileSync(nativeFile), readFileSync(compressedFile)];

  const r = cli('modify', '-s', 'PixelData=1', nativeFile, '--in-place');
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `failed: ${nativeFile}: PixelData: the value is 1 byte, but 128 rows × 128 columns × 1 sample × 1 frame at 16 bits need 32768; the image would be unreadable\n`);
  const c = cli('modify', '-s', '(7FE0,0010)=1', compressedFile, '--in-place');
  assert.equal(c.status, 2, c.stderr);
  assert.equal(c.stderr, `failed: ${compressedFile}: (7FE0,0010): the pixel data is encapsulated (compressed), and a value set here would not be its fragments; convert the file to a native transfer syntax first\n`);
  assert.deepEqual([readFileSync(nativeFile), readFileSync(compressedFile)], before);

  // the image made smaller in the same run: the length is checked against the attributes as they end up
  const ok = cli('modify', '-s', 'Rows=1', '-s', 'Columns=2', '-s', 'PixelData=01\\00\\02\\00', nativeFile, '--in-place');
  assert.equal(ok.status, 0, ok.stderr);
  assert.deepEqual([...readDicomFile(nativeFile).dataset.bytes('PixelData')!], [1, 0, 2, 0]);
});

test('modify keeps a sequence held as UN whose bytes are no items, deliberately, saying so on the file\'s line (exit 0); --delete removes it, recorded, and --revert brings it back', () => {
  // derive and deidentify leave such a sequence out of the objects they make; modify changes only what it is told to.
  const dir = tempDir('cli-modify-un-garbage');
  const file = join(dir, 'a.dcm');
  const ds = tbpCorpus().crop;
  const garbage = Buffer.from('no items');
  ds.addElement(new Element(tagOf('ReferencedPerformedProcedureStepSequence')!, 'UN', garbage));
  ds.items('ReferencedImageSequence')[0]!.addElement(new Element(tagOf('PurposeOfReferenceCodeSequence')!, 'UN', garbage));
  writeObject(file, ds);
  const original = readFileSync(file);
  const kept = 'a sequence held as UN whose bytes are not sequence items; kept as it was (--delete removes it, recorded)';
  const r = cli('modify', file, '--set', 'PatientName=Doe^Jane', '--in-place');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${file} -> ${file} (ReferencedPerformedProcedureStepSequence: ${kept}; ReferencedImageSequence[0].PurposeOfReferenceCodeSequence: ${kept})\n`);
  const modified = readDicomFile(file).dataset;
  assert.equal(modified.getString('PatientName'), 'Doe^Jane');
  assert.ok(modified.bytes('ReferencedPerformedProcedureStepSequence')!.equals(garbage));
  assert.ok(modified.items('ReferencedImageSequence')[0]!.bytes('PurposeOfReferenceCodeSequence')!.equals(garbage));

  // removed when asked, the bytes recorded (and not named again: the record keeps previous values as they were)
  const d = cli('modify', file, '--delete', 'ReferencedPerformedProcedureStepSequence', '--json', '--in-place');
  assert.equal(d.status, 0, d.stderr);
  assert.deepEqual(JSON.parse(d.stdout).files[0].messages, [`ReferencedImageSequence[0].PurposeOfReferenceCodeSequence: ${kept}`]);
  assert.equal(readDicomFile(file).dataset.has('ReferencedPerformedProcedureStepSequence'), false);
  for (let i = 0; i < 2; i++) assert.equal(cli('modify', file, '--revert', '--in-place').status, 0);
  assert.ok(readFileSync(file).equals(original));
});

test('modify of a file whose File Meta Information Group Length is wrong (4 GiB) says it as convert does, on its own warning line (and in warnings with --json), exit 1; left unchanged in place, nothing is said', () => {
  const dir = tempDir('cli-modify-group-length');
  const { file, warning, convertSays } = cropWithWrongGroupLength(dir);
  const out = join(dir, 'out');
  const text = cli('modify', file, '--set', 'PatientID=NEW', '--out', out);
  assert.equal(text.status, 1, text.stderr);
  assert.equal(text.stdout, `${file} -> ${join(out, 'a.dcm')}\n`);
  assert.equal(text.stderr, convertSays);
  assert.deepEqual(readDicomFile(join(out, 'a.dcm')).warnings, [], 'written with the group length the group takes');
  const json = cli('modify', file, '--set', 'PatientID=NEW', '--out', join(dir, 'out-json'), '--json');
  assert.equal(json.status, 1, json.stderr);
  assert.equal(json.stderr, '');
  assert.deepEqual(JSON.parse(json.stdout), { files: [{ input: file, output: join(dir, 'out-json', 'a.dcm'), status: 'written', warnings: [warning] }] });
  // A file left as it was keeps what it had: nothing set aside, nothing to say.
  const unchanged = cli('modify', file, '--set', `PatientID=${tbpCorpus().crop.getString('PatientID')}`, '--in-place');
  assert.equal(unchanged.status, 0, unchanged.stderr);
  assert.equal(unchanged.stderr, '');
});
