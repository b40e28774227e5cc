import { describeSeries } from './choose-series';
import type { LoadedSeries } from './open-dicom-files';

/**
 * Renders the series as a radio group (arrow keys move the choice, as ARIA radio groups do) and reports the
 * user's pick. `automatic` marks the series chosen for the user.
 */
export function renderSeriesList(container: HTMLElement, series: readonly LoadedSeries[], selected: number, automatic: number, onSelect: (index: number) => void): void {
  container.replaceChildren();
  if (series.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent = 'No image series in the files opened.';
    container.append(empty);
    return;
  }
  const buttons = series.map((entry, index) => {
    const { title, details } = describeSeries(entry.series);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'series-item';
    button.setAttribute('role', 'radio');
    button.setAttribute('aria-checked', String(index === selected));
    button.tabIndex = index === selected ? 0 : -1;
    button.dataset.seriesIndex = String(index);
    button.dataset.seriesUid = entry.series.seriesInstanceUID ?? '';
    const titleElement = document.createElement('span');
    titleElement.textContent = title;
    const detailsElement = document.createElement('span');
    detailsElement.className = 'details';
    detailsElement.textContent = details;
    button.append(titleElement, detailsElement);
    if (index === automatic) {
      const note = document.createElement('span');
      note.className = 'auto';
      note.textContent = 'chosen automatically (sagittal T2)';
      button.append(note);
    }
    button.addEventListener('click', () => onSelect(index));
    return button;
  });
  // Assigned, not added: each render replaces the previous list's handler.
  container.onkeydown = (event) => {
    const current = buttons.findIndex((button) => button === document.activeElement);
    if (current < 0) return;
    const move = event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? -1 : 0;
    if (move === 0) return;
    event.preventDefault();
    event.stopPropagation();
    const next = (current + move + buttons.length) % buttons.length;
    buttons[next]!.focus();
    onSelect(next);
  };
  container.append(...buttons);
}
