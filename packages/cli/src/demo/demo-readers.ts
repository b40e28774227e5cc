import type { CohortManifest } from '@spinedx/phantom';
import type { ReadersInput } from '../report/build-study-report';
import { caseDifficulty, DEFAULT_READERS, simulateReader, type ReaderCase } from '../readers/reader-model';
import { alignToPatients, parseNamedPath, readLabelCsv } from '../readers/reader-csv';
import { patientLesionPixels } from './demo-plan';

function externalPatients(manifest: CohortManifest) {
  return manifest.patients.filter((patient) => patient.role === 'external');
}

/**
 * Two simulated readers (see `DEFAULT_READERS`) read every external patient: a mimic presentation and a lesion
 * smaller than the external median make a case harder (`caseDifficulty`); calls are seeded.
 */
export function simulatedReaders(manifest: CohortManifest, classes: readonly [string, string], seed: number): ReadersInput {
  const patients = externalPatients(manifest);
  const sizes = patients.map(patientLesionPixels).sort((a, b) => a - b);
  const median = sizes.length === 0 ? 0 : sizes[Math.floor((sizes.length - 1) / 2)]!;
  const cases: ReaderCase[] = patients.map((patient) => ({
    patientId: patient.id,
    truth: classes.indexOf(patient.label) === 1 ? 1 : 0,
    difficulty: caseDifficulty(patient.presentation, patientLesionPixels(patient), median),
  }));
  const describe = DEFAULT_READERS.map((reader) => `${reader.name} ${reader.experience.replace(' (simulated)', '')}: sensitivity ${reader.sensitivity}, specificity ${reader.specificity} on easy cases, log-odds penalty ${reader.difficultyPenalty} on the hardest`).join('; ');
  return {
    source: 'simulated',
    description: `Simulated readers, seed ${seed}. Each read is correct with probability σ(logit(base) − penalty·difficulty), base = the reader's sensitivity (SM) or specificity (STB); difficulty = 0.6 for a mimic presentation + up to 0.4 for a lesion smaller than the external median. ${describe}.`,
    patientIds: cases.map((item) => item.patientId),
    truth: cases.map((item) => item.truth),
    readers: DEFAULT_READERS.map((reader) => ({
      name: reader.name,
      experience: reader.experience,
      calls: simulateReader(reader, cases, seed),
      profile: { sensitivity: reader.sensitivity, specificity: reader.specificity, difficultyPenalty: reader.difficultyPenalty },
    })),
  };
}

/** Readers' answers from CSV files (`patient_id,label`, one file per reader) that must cover exactly the external patients. */
export async function csvReaders(manifest: CohortManifest, classes: readonly [string, string], paths: readonly string[]): Promise<ReadersInput> {
  const patients = externalPatients(manifest);
  const patientIds = patients.map((patient) => patient.id);
  const readers: ReadersInput['readers'] = [];
  for (const argument of paths) {
    const { name, path } = parseNamedPath(argument);
    const table = await readLabelCsv('demo --reader', path, classes);
    readers.push({ name, calls: alignToPatients('demo --reader', path, patientIds, new Map(table.patientIds.map((id, index) => [id, table.labels[index]!]))) });
  }
  return {
    source: 'csv',
    description: `Readers' answers read from ${paths.length} CSV file(s).`,
    patientIds,
    truth: patients.map((patient) => (classes.indexOf(patient.label) === 1 ? 1 : 0)),
    readers,
  };
}
