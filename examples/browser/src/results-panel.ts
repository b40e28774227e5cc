import type { PredictionRun } from './run-prediction';

/** The DOM of the results. */
export interface ResultsElements {
  patient: HTMLElement;
  table: HTMLTableElement;
  status: HTMLElement;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

/**
 * Shows the patient-level verdict with a bar per class, and a row per slice (full-precision probabilities in
 * `data-probabilities`, for export and checks); choosing a row calls `onPickSlice`.
 */
export function renderResults(elements: ResultsElements, run: PredictionRun, classes: readonly string[], onPickSlice: (index: number) => void): void {
  const { patient, table, status } = elements;
  const { prediction } = run;
  const perSlice = run.milliseconds / run.sliceIndices.length;
  status.dataset.millisecondsPerSlice = String(perSlice);
  status.textContent = `${run.sliceIndices.length} slice${run.sliceIndices.length === 1 ? '' : 's'} in ${run.milliseconds.toFixed(0)} ms (${perSlice.toFixed(1)} ms per slice) on ${run.backend}.`;

  patient.replaceChildren();
  patient.hidden = false;
  patient.dataset.probabilities = JSON.stringify(prediction.patient.probabilities);
  const verdict = document.createElement('p');
  verdict.className = 'verdict';
  verdict.textContent = `Patient: ${prediction.patient.label}`;
  patient.append(verdict);
  classes.forEach((name, classIndex) => {
    const probability = prediction.patient.probabilities[classIndex]!;
    const row = document.createElement('div');
    row.className = 'probability';
    const label = document.createElement('span');
    label.textContent = name;
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'meter');
    bar.setAttribute('aria-label', `Probability of ${name}`);
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '1');
    bar.setAttribute('aria-valuenow', String(probability));
    const fill = document.createElement('span');
    fill.style.width = percent(probability).replace(' ', '');
    bar.append(fill);
    const value = document.createElement('span');
    value.textContent = percent(probability);
    row.append(label, bar, value);
    patient.append(row);
  });

  const headings = table.tHead!.rows[0]!.cells;
  headings[2]!.textContent = `p(${classes[0]})`;
  headings[3]!.textContent = `p(${classes[1] ?? ''})`;
  const body = table.tBodies[0]!;
  body.replaceChildren();
  prediction.slices.forEach((result, position) => {
    const sliceIndex = run.sliceIndices[position]!;
    const row = body.insertRow();
    row.tabIndex = 0;
    row.dataset.sliceIndex = String(sliceIndex);
    row.dataset.probabilities = JSON.stringify(result.probabilities);
    for (const text of [String(sliceIndex + 1), result.label, percent(result.probabilities[0]!), percent(result.probabilities[1] ?? 0)]) row.insertCell().textContent = text;
    row.addEventListener('click', () => onPickSlice(sliceIndex));
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onPickSlice(sliceIndex);
      }
    });
  });
  table.hidden = false;
}

/** Marks the row of the slice on screen. */
export function markCurrentRow(table: HTMLTableElement, sliceIndex: number): void {
  for (const row of Array.from(table.tBodies[0]!.rows)) row.setAttribute('aria-current', String(row.dataset.sliceIndex === String(sliceIndex)));
}

/** Clears the results (a new series or model makes them stale). */
export function clearResults(elements: ResultsElements): void {
  elements.patient.hidden = true;
  elements.patient.replaceChildren();
  elements.table.hidden = true;
  elements.table.tBodies[0]!.replaceChildren();
  elements.status.textContent = '';
}
