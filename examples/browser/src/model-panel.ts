import { SpineClassifier, type BundleReader } from '@spinedx/classifier';
import { SpineDxError } from '@spinedx/core';
import { createFileBundleReader, createUrlBundleReader, type ProgressListener } from './bundle-readers';

/** The DOM of the model section. */
export interface ModelPanelElements {
  urlForm: HTMLFormElement;
  urlInput: HTMLInputElement;
  folderInput: HTMLInputElement;
  filesInput: HTMLInputElement;
  progress: HTMLProgressElement;
  status: HTMLElement;
}

/** Plain words for the BundleError codes of @spinedx/classifier. */
const BUNDLE_ERROR_TEXT: Readonly<Record<string, string>> = {
  MISSING_FILE: 'a bundle file is missing (a bundle is spinedx.json, weights.bin and SHA256SUMS)',
  CHECKSUM_MISMATCH: 'a bundle file does not match its checksum in SHA256SUMS: it is damaged or was changed',
  INVALID_MANIFEST: 'spinedx.json does not describe these weights',
  UNSUPPORTED_VERSION: 'the bundle was written by a newer SpineDx than this page',
};

/** One sentence saying why a bundle did not load. */
export function describeBundleError(error: unknown): string {
  if (SpineDxError.isInstance(error)) {
    const file = (error as { file?: string }).file;
    const text = BUNDLE_ERROR_TEXT[error.code] ?? error.message;
    return `The model could not be loaded: ${text}${file ? ` (${file})` : ''}. [${error.code}]`;
  }
  return `The model could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} kB`;
}

/**
 * Wires the bundle URL form and the folder/file pickers: each loads and verifies a bundle with
 * `SpineClassifier.load`, showing progress, then hands the classifier over (the previous one is the caller's
 * to dispose). Failures go to `onError` in plain words.
 */
export function setUpModelPanel(elements: ModelPanelElements, onLoaded: (classifier: SpineClassifier, source: string) => void, onError: (message: string) => void): void {
  const { urlForm, urlInput, folderInput, filesInput, progress, status } = elements;
  const showProgress: ProgressListener = (loaded, total) => {
    progress.hidden = false;
    if (total === undefined || total === 0) progress.removeAttribute('value');
    else {
      progress.max = total;
      progress.value = Math.min(loaded, total);
    }
    status.textContent = `Loading model… ${formatBytes(loaded)}${total ? ` of ${formatBytes(total)}` : ''}`;
  };
  const load = async (reader: BundleReader, source: string) => {
    status.textContent = 'Loading model…';
    progress.hidden = false;
    progress.removeAttribute('value');
    try {
      const classifier = await SpineClassifier.load(reader);
      const { backbone, inputSize, classes } = classifier.config;
      status.textContent = `Loaded ${backbone} (${inputSize} × ${inputSize}, classes ${classes.join(' / ')}) from ${source}.`;
      progress.max = 1;
      progress.value = 1;
      onLoaded(classifier, source);
    } catch (error) {
      status.textContent = 'No model loaded.';
      progress.hidden = true;
      onError(describeBundleError(error));
    }
  };
  urlForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = urlInput.value.trim();
    if (url !== '') void load(createUrlBundleReader(url, showProgress), url);
  });
  for (const input of [folderInput, filesInput]) {
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []);
      input.value = '';
      if (files.length > 0) void load(createFileBundleReader(files, showProgress), files.length === 1 ? files[0]!.name : `${files.length} files`);
    });
  }
}
