import type { ImageArray } from '@spinedx/core';
import { overlay, toImageData, type CamMap, type ColormapName } from '@spinedx/gradcam';
import type { LoadedSlice } from './open-dicom-files';
import { dragWindow, greyToRgba, presetWindow, windowSlice, WINDOW_PRESETS, type DisplayWindow } from './window-level';

/** What the overlay controls say, read on every draw. */
export interface OverlaySettings {
  visible: boolean;
  alpha: number;
  colormap: ColormapName;
  /** The slice's heat map in slice pixels (`covered`: 1 where the model saw the slice), when a prediction covered it. */
  camFor(slice: LoadedSlice): (CamMap & { covered?: Uint8Array }) | undefined;
}

/** The DOM the viewer draws into and listens to. */
export interface SliceViewerElements {
  canvas: HTMLCanvasElement;
  frame: HTMLElement;
  empty: HTMLElement;
  slider: HTMLInputElement;
  sliceReadout: HTMLOutputElement;
  windowReadout: HTMLOutputElement;
  zoomReadout: HTMLOutputElement;
  presetGroup: HTMLElement;
}

const MIN_ZOOM = 0.25;
const MAX_ZOOM = 16;

/**
 * The slice viewer: one canvas showing the current slice windowed (and the Grad-CAM blended over it), a slider
 * and wheel to scroll, mouse drag and presets for window/level, and zoom. It keeps the window when scrolling.
 */
export class SliceViewer {
  private slices: LoadedSlice[] = [];
  private index = 0;
  private window: DisplayWindow | undefined;
  private preset = 0;
  /** Screen pixels per image pixel; undefined means "fit the frame". */
  private zoom: number | undefined;
  private dragSensitivity = 1;
  private presetButtons: HTMLButtonElement[] = [];

  constructor(
    private readonly elements: SliceViewerElements,
    private readonly overlaySettings: () => OverlaySettings,
    private readonly onSliceChange: (index: number) => void,
  ) {
    this.createPresetButtons();
    this.listen();
  }

  /** The slices shown (empty before a series is chosen). */
  get currentSlices(): readonly LoadedSlice[] {
    return this.slices;
  }

  /** Index of the slice on screen. */
  get sliceIndex(): number {
    return this.index;
  }

  /** Shows a series from `startIndex` (default: the middle slice) with the window from the file. */
  show(slices: LoadedSlice[], startIndex = Math.floor(slices.length / 2)): void {
    this.slices = slices;
    this.window = undefined;
    this.preset = 0;
    this.zoom = undefined;
    const { slider, canvas, empty } = this.elements;
    slider.max = String(Math.max(0, slices.length - 1));
    slider.disabled = slices.length < 2;
    canvas.classList.toggle('empty', slices.length === 0);
    empty.hidden = slices.length > 0;
    this.index = -1;
    this.goTo(startIndex);
  }

  /** Moves to a slice (clamped to the series). */
  goTo(index: number): void {
    if (this.slices.length === 0) return this.render();
    const clamped = Math.min(this.slices.length - 1, Math.max(0, Math.round(index)));
    const changed = clamped !== this.index;
    this.index = clamped;
    this.elements.slider.value = String(clamped);
    if (changed) this.onSliceChange(clamped);
    this.render();
  }

  /** Moves by `step` slices. */
  step(step: number): void {
    this.goTo(this.index + step);
  }

  /** Applies window preset `index` of WINDOW_PRESETS to the current slice. */
  applyPreset(index: number): void {
    const slice = this.slices[this.index];
    const preset = WINDOW_PRESETS[index];
    if (!slice || !preset) return;
    this.preset = index;
    this.window = presetWindow(preset.name, slice.pixels, slice.dicom);
    this.render();
  }

  /** Multiplies the zoom (starting from the fitted scale). */
  zoomBy(factor: number): void {
    this.zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, (this.zoom ?? this.fitScale()) * factor));
    this.render();
  }

  /** Fits the slice to the frame again. */
  zoomFit(): void {
    this.zoom = undefined;
    this.render();
  }

  /** The RGBA image on screen (the windowed slice, with the overlay when shown), or undefined with no slice. */
  composite(): ImageArray<Uint8ClampedArray> | undefined {
    const slice = this.slices[this.index];
    if (!slice) return undefined;
    if (this.window === undefined) {
      this.window = presetWindow(WINDOW_PRESETS[this.preset]!.name, slice.pixels, slice.dicom);
      const full = presetWindow('full', slice.pixels);
      this.dragSensitivity = Math.max(full.width / 512, 1e-6);
    }
    const grey = windowSlice(slice.pixels, this.window);
    const settings = this.overlaySettings();
    const cam = settings.visible ? settings.camFor(slice) : undefined;
    const plain = greyToRgba(grey);
    if (!cam) return plain;
    const blended = overlay(grey, cam, { alpha: settings.alpha, colormap: settings.colormap, imageRange: [0, 1] });
    // Where the centre crop hid the slice from the model there is no evidence either way: show it uncoloured.
    if (cam.covered) cam.covered.forEach((seen, pixel) => seen === 0 && blended.data.set(plain.data.subarray(pixel * 4, pixel * 4 + 4), pixel * 4));
    return blended;
  }

  /** Redraws the canvas and the readouts. */
  render(): void {
    const { canvas, sliceReadout, windowReadout, zoomReadout } = this.elements;
    const slice = this.slices[this.index];
    this.presetButtons.forEach((button, index) => button.setAttribute('aria-pressed', String(slice !== undefined && index === this.preset)));
    if (!slice) {
      sliceReadout.value = '–';
      windowReadout.value = '';
      canvas.setAttribute('aria-label', 'No slice loaded');
      return;
    }
    const image = this.composite()!;
    canvas.width = image.width;
    canvas.height = image.height;
    canvas.getContext('2d')!.putImageData(toImageData(image), 0, 0);
    const settings = this.overlaySettings();
    const overlaid = settings.visible && settings.camFor(slice) !== undefined;
    canvas.dataset.overlay = overlaid ? 'shown' : 'none';
    const scale = this.zoom ?? this.fitScale();
    // Non-square pixels (PixelSpacing rows ≠ columns) are shown at their true aspect ratio.
    const aspect = slice.pixels.spacing ? slice.pixels.spacing[0] / slice.pixels.spacing[1] : 1;
    canvas.style.width = `${Math.round(image.width * scale)}px`;
    canvas.style.height = `${Math.round(image.height * scale * aspect)}px`;
    sliceReadout.value = `${this.index + 1} / ${this.slices.length}`;
    windowReadout.value = `W ${Math.round(this.window!.width)} · L ${Math.round(this.window!.center)}`;
    zoomReadout.value = this.zoom === undefined ? 'fit' : `${Math.round(this.zoom * 100)} %`;
    canvas.setAttribute(
      'aria-label',
      `Slice ${this.index + 1} of ${this.slices.length}, window width ${Math.round(this.window!.width)}, level ${Math.round(this.window!.center)}${overlaid ? ', Grad-CAM overlay shown' : ''}`,
    );
  }

  private fitScale(): number {
    const slice = this.slices[this.index];
    if (!slice) return 1;
    const aspect = slice.pixels.spacing ? slice.pixels.spacing[0] / slice.pixels.spacing[1] : 1;
    const width = this.elements.frame.clientWidth - 16;
    const height = this.elements.frame.clientHeight - 16;
    return Math.max(MIN_ZOOM, Math.min(width / slice.pixels.width, height / (slice.pixels.height * aspect)));
  }

  private createPresetButtons(): void {
    this.presetButtons = WINDOW_PRESETS.map((preset, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = preset.label;
      button.title = `${preset.label} (${index + 1})`;
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', () => this.applyPreset(index));
      this.elements.presetGroup.append(button);
      return button;
    });
  }

  private listen(): void {
    const { canvas, slider } = this.elements;
    slider.addEventListener('input', () => this.goTo(Number(slider.value)));
    canvas.addEventListener(
      'wheel',
      (event) => {
        if (this.slices.length === 0) return;
        event.preventDefault();
        if (event.ctrlKey) this.zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1);
        else this.step(Math.sign(event.deltaY));
      },
      { passive: false },
    );
    let last: { x: number; y: number } | undefined;
    canvas.addEventListener('pointerdown', (event) => {
      if (event.button !== 0 || this.window === undefined) return;
      canvas.setPointerCapture(event.pointerId);
      last = { x: event.clientX, y: event.clientY };
    });
    canvas.addEventListener('pointermove', (event) => {
      if (last === undefined || this.window === undefined) return;
      this.window = dragWindow(this.window, event.clientX - last.x, event.clientY - last.y, this.dragSensitivity);
      last = { x: event.clientX, y: event.clientY };
      this.preset = -1;
      this.render();
    });
    const end = () => {
      last = undefined;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    window.addEventListener('resize', () => {
      if (this.zoom === undefined) this.render();
    });
  }
}
