import type { NamedBytes } from './open-dicom-files';

/** Reads picked or dropped files into memory; the bytes never leave the page. */
async function readAll(files: readonly File[]): Promise<NamedBytes[]> {
  return Promise.all(files.map(async (file) => ({ name: file.webkitRelativePath || file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
}

/** Every file under a dropped entry, folders walked recursively (the File and Directory Entries API). */
async function filesOfEntry(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) {
    return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  }
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns at most about 100 entries per call; call it until it returns none.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  return (await Promise.all(children.map(filesOfEntry))).flat();
}

/** The files of a drop: folders expanded where the browser exposes entries, plain files otherwise. */
async function filesOfDrop(transfer: DataTransfer): Promise<File[]> {
  const entries = Array.from(transfer.items, (item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null));
  if (entries.length > 0 && entries.every((entry) => entry !== null)) {
    return (await Promise.all(entries.map((entry) => filesOfEntry(entry!)))).flat();
  }
  return Array.from(transfer.files);
}

/** Elements through which images are opened. */
export interface FilePickingElements {
  fileInput: HTMLInputElement;
  folderInput: HTMLInputElement;
  dropZone: HTMLElement;
}

/**
 * Wires the file picker, the folder picker and the drop zone (which also opens the picker on Enter, Space or
 * click) to one callback receiving the files' bytes.
 */
export function setUpFilePicking(elements: FilePickingElements, onFiles: (files: NamedBytes[]) => void): void {
  const { fileInput, folderInput, dropZone } = elements;
  const fromInput = (input: HTMLInputElement) => async () => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    if (files.length > 0) onFiles(await readAll(files));
  };
  fileInput.addEventListener('change', fromInput(fileInput));
  folderInput.addEventListener('change', fromInput(folderInput));
  dropZone.addEventListener('click', () => fileInput.click());
  dropZone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      fileInput.click();
    }
  });
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('dragging');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
  dropZone.addEventListener('drop', async (event) => {
    event.preventDefault();
    dropZone.classList.remove('dragging');
    if (event.dataTransfer) onFiles(await readAll(await filesOfDrop(event.dataTransfer)));
  });
  // A drop outside the zone must not make the browser navigate away to the file.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
}
