import type { DicomImage } from '@spinedx/dicom';
import { keyTags } from './key-tags';

/** Fills the key-tag list of a slice; identifiers stay hidden unless `showIdentifiers`. */
export function renderTags(list: HTMLElement, image: DicomImage | undefined, showIdentifiers: boolean): void {
  list.replaceChildren();
  if (!image) return;
  for (const tag of keyTags(image, { showIdentifiers })) {
    const term = document.createElement('dt');
    term.textContent = tag.label;
    const value = document.createElement('dd');
    value.textContent = tag.value;
    value.dataset.keyword = tag.keyword;
    if (tag.hidden) value.className = 'hidden-value';
    list.append(term, value);
  }
}
