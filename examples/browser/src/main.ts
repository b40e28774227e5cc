import './styles.css';
import type { BackendName } from '@spinedx/backends';
import type { SpineClassifier } from '@spinedx/classifier';
import type { CamMap, ColormapName } from '@spinedx/gradcam';
import { chooseSeries } from './choose-series';
import { BROWSER_DECODE_OPTIONS } from './codec-wasm-urls';
import { downloadBytes, overlayDicom, overlayPng } from './export-overlay';
import { setUpFilePicking } from './file-picking';
import { isTypingTarget, shortcutFor, SHORTCUTS } from './keyboard-shortcuts';
import { setUpModelPanel } from './model-panel';
import { openDicomFiles, type LoadedSeries, type NamedBytes } from './open-dicom-files';
import { BROWSER_BACKENDS, startBackend } from './register-backends';
import { clearResults, markCurrentRow, renderResults } from './results-panel';
import { chooseSliceIndices, runPrediction, type PredictionRun, type SliceChoice } from './run-prediction';
import { renderSeriesList } from './series-panel';
import { SliceViewer } from './slice-viewer';
import { renderTags } from './tags-panel';

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
}

/** Everything the page knows; only this module changes it. */
const state: {
  series: LoadedSeries[];
  seriesIndex: number;
  automaticSeries: number;
  classifier: SpineClassifier | undefined;
  run: PredictionRun | undefined;
  busy: boolean;
} = { series: [], seriesIndex: -1, automaticSeries: -1, classifier: undefined, run: undefined, busy: false };

const errorBanner = byId('error-banner');
const overlayVisible = byId<HTMLInputElement>('overlay-visible');
const overlayOpacity = byId<HTMLInputElement>('overlay-opacity');
const colormap = byId<HTMLSelectElement>('colormap');
const predictButton = byId<HTMLButtonElement>('predict-button');
const exportPng = byId<HTMLButtonElement>('export-png');
const exportDicom = byId<HTMLButtonElement>('export-dicom');
const results = { patient: byId('patient-result'), table: byId<HTMLTableElement>('slice-results'), status: byId('predict-status') };

function showErrors(title: string, details: string[] = []): void {
  byId('error-text').textContent = title;
  byId('error-list').replaceChildren(...details.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
  errorBanner.hidden = false;
}
byId('error-dismiss').addEventListener('click', () => (errorBanner.hidden = true));

const viewer: SliceViewer = new SliceViewer(
  {
    canvas: byId<HTMLCanvasElement>('slice-canvas'),
    frame: byId('canvas-frame'),
    empty: byId('viewer-empty'),
    slider: byId<HTMLInputElement>('slice-slider'),
    sliceReadout: byId<HTMLOutputElement>('slice-readout'),
    windowReadout: byId<HTMLOutputElement>('window-readout'),
    zoomReadout: byId<HTMLOutputElement>('zoom-readout'),
    presetGroup: byId('preset-buttons'),
  },
  () => ({
    visible: overlayVisible.checked,
    alpha: Number(overlayOpacity.value),
    colormap: colormap.value as ColormapName,
    camFor: (slice): (CamMap & { covered?: Uint8Array }) | undefined => state.run?.cams.get(viewer.currentSlices.indexOf(slice)),
  }),
  (index) => {
    renderTags(byId('tag-list'), state.series[state.seriesIndex]?.slices[index]?.dicom, byId<HTMLInputElement>('show-identifiers').checked);
    markCurrentRow(results.table, index);
    updateButtons();
  },
);

function updateButtons(): void {
  const hasSlices = viewer.currentSlices.length > 0;
  predictButton.disabled = state.busy || !hasSlices || state.classifier === undefined;
  const hasCam = state.run?.cams.has(viewer.sliceIndex) ?? false;
  exportPng.disabled = !hasCam;
  exportDicom.disabled = !hasCam;
}

function selectSeries(index: number): void {
  state.seriesIndex = index;
  state.run = undefined;
  clearResults(results);
  const container = byId('series-list');
  const hadFocus = container.contains(document.activeElement);
  renderSeriesList(container, state.series, index, state.automaticSeries, selectSeries);
  if (hadFocus) container.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
  viewer.show(state.series[index]?.slices ?? []);
  updateButtons();
}

async function openFiles(files: NamedBytes[]): Promise<void> {
  const status = byId('open-status');
  status.textContent = `Reading ${files.length} file${files.length === 1 ? '' : 's'}…`;
  const opened = await openDicomFiles(files, { decode: BROWSER_DECODE_OPTIONS, onProgress: (done, total) => (status.textContent = `Decoding ${done} of ${total}…`) });
  const sliceCount = opened.series.reduce((sum, entry) => sum + entry.slices.length, 0);
  status.textContent = `${sliceCount} image${sliceCount === 1 ? '' : 's'} in ${opened.series.length} series` + (opened.failures.length ? `; ${opened.failures.length} file(s) could not be opened.` : '.');
  if (opened.failures.length > 0) {
    showErrors(`${opened.failures.length} of ${files.length} file(s) could not be opened:`, opened.failures.map((failure) => failure.message));
  } else errorBanner.hidden = true;
  if (opened.series.length === 0) return;
  state.series = opened.series;
  state.automaticSeries = chooseSeries(opened.series.map((entry) => entry.series));
  selectSeries(state.automaticSeries);
}

setUpFilePicking(
  { fileInput: byId<HTMLInputElement>('file-input'), folderInput: byId<HTMLInputElement>('folder-input'), dropZone: byId('drop-zone') },
  (files) => void openFiles(files),
);

byId<HTMLInputElement>('show-identifiers').addEventListener('change', (event) => {
  renderTags(byId('tag-list'), state.series[state.seriesIndex]?.slices[viewer.sliceIndex]?.dicom, (event.target as HTMLInputElement).checked);
});

setUpModelPanel(
  {
    urlForm: byId<HTMLFormElement>('model-url-form'),
    urlInput: byId<HTMLInputElement>('model-url'),
    folderInput: byId<HTMLInputElement>('model-folder-input'),
    filesInput: byId<HTMLInputElement>('model-files-input'),
    progress: byId<HTMLProgressElement>('model-progress'),
    status: byId('model-status'),
  },
  (classifier) => {
    state.classifier?.dispose();
    state.classifier = classifier;
    state.run = undefined;
    clearResults(results);
    viewer.render();
    updateButtons();
  },
  (message) => showErrors(message),
);

async function predict(): Promise<void> {
  const classifier = state.classifier;
  const slices = viewer.currentSlices;
  if (!classifier || slices.length === 0 || state.busy) return;
  state.busy = true;
  updateButtons();
  results.status.textContent = 'Predicting…';
  try {
    const indices = chooseSliceIndices(slices.length, byId<HTMLSelectElement>('slice-choice').value as SliceChoice, viewer.sliceIndex);
    state.run = await runPrediction(classifier, slices, indices, { tta: byId<HTMLInputElement>('tta').checked });
    renderResults(results, state.run, classifier.classes, (index) => viewer.goTo(index));
    if (!indices.includes(viewer.sliceIndex)) viewer.goTo(indices[Math.floor(indices.length / 2)]!);
    markCurrentRow(results.table, viewer.sliceIndex);
    viewer.render();
  } catch (error) {
    results.status.textContent = '';
    showErrors(`The prediction failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    state.busy = false;
    updateButtons();
  }
}
predictButton.addEventListener('click', () => void predict());

for (const control of [overlayVisible, overlayOpacity, colormap]) control.addEventListener('input', () => viewer.render());
overlayOpacity.addEventListener('input', () => (byId<HTMLOutputElement>('opacity-readout').value = `${Math.round(Number(overlayOpacity.value) * 100)} %`));

async function exportOverlay(kind: 'png' | 'dicom'): Promise<void> {
  const image = viewer.composite();
  const slice = viewer.currentSlices[viewer.sliceIndex];
  const result = state.run?.prediction.slices[state.run.sliceIndices.indexOf(viewer.sliceIndex)];
  if (!image || !slice || !result) return;
  const stem = `gradcam-slice-${viewer.sliceIndex + 1}`;
  try {
    if (kind === 'png') downloadBytes(overlayPng(image), `${stem}.png`, 'image/png');
    else downloadBytes(await overlayDicom(image, slice, result.label), `${stem}.dcm`, 'application/dicom');
    byId('export-status').textContent = `Saved ${stem}.${kind === 'png' ? 'png' : 'dcm'}.`;
  } catch (error) {
    showErrors(`The export failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
exportPng.addEventListener('click', () => void exportOverlay('png'));
exportDicom.addEventListener('click', () => void exportOverlay('dicom'));

byId('zoom-in').addEventListener('click', () => viewer.zoomBy(1.25));
byId('zoom-out').addEventListener('click', () => viewer.zoomBy(0.8));
byId('zoom-fit').addEventListener('click', () => viewer.zoomFit());

byId('shortcut-list').append(
  ...SHORTCUTS.flatMap(({ keys, does }) => [Object.assign(document.createElement('dt'), { textContent: keys }), Object.assign(document.createElement('dd'), { textContent: does })]),
);
document.addEventListener('keydown', (event) => {
  if (isTypingTarget(event.target)) return;
  const action = shortcutFor(event);
  if (!action) return;
  // Inside the series radio group and the results table the arrow keys belong to them.
  if (action.kind === 'slice' && (event.target as HTMLElement).closest?.('#series-list')) return;
  event.preventDefault();
  switch (action.kind) {
    case 'slice':
      return viewer.step(action.step);
    case 'first-slice':
      return viewer.goTo(0);
    case 'last-slice':
      return viewer.goTo(viewer.currentSlices.length - 1);
    case 'zoom':
      return viewer.zoomBy(action.factor);
    case 'zoom-fit':
      return viewer.zoomFit();
    case 'preset':
      return viewer.applyPreset(action.index);
    case 'toggle-overlay':
      overlayVisible.checked = !overlayVisible.checked;
      return viewer.render();
    case 'predict':
      return void predict();
  }
});

// Backend: the one named in ?backend=… (or the fastest that starts), switchable from the header.
const backendSelect = byId<HTMLSelectElement>('backend-select');
const backendStatus = byId<HTMLOutputElement>('backend-status');
async function useBackend(name?: BackendName): Promise<void> {
  backendSelect.disabled = true;
  backendStatus.classList.remove('failed');
  backendStatus.value = `starting ${name ?? 'the fastest backend'}…`;
  try {
    const started = await startBackend(name);
    backendSelect.value = started.name;
    backendStatus.value = `${started.name} ready${started.threads ? ` (${started.threads} threads)` : ''}`;
    document.body.dataset.backend = started.name;
  } catch (error) {
    backendStatus.classList.add('failed');
    backendStatus.value = `${name} unavailable`;
    showErrors(`The ${name} backend cannot run in this browser; the previous backend stays in use.`, [error instanceof Error ? error.message : String(error)]);
    backendSelect.value = document.body.dataset.backend ?? '';
  } finally {
    backendSelect.disabled = false;
  }
}
backendSelect.addEventListener('change', () => void useBackend(backendSelect.value as BackendName));
const requested = new URLSearchParams(location.search).get('backend');
void useBackend(BROWSER_BACKENDS.includes(requested as BackendName) ? (requested as BackendName) : undefined);
