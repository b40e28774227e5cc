import { timePreprocessing } from './preprocess-timing';

// The preprocessing speed page: runs the evaluation pipeline of @spinedx/transforms as bundled in this app and shows
// the time per image; the benchmark and the end-to-end test read the figures from the output's data attributes.
const output = document.querySelector<HTMLOutputElement>('#preprocess-result')!;
const button = document.querySelector<HTMLButtonElement>('#preprocess-run')!;

function run(): void {
  output.textContent = 'measuring…';
  delete output.dataset.msPerImage;
  // Let the text paint before the busy loop.
  setTimeout(() => {
    const { msPerImage, checksum } = timePreprocessing();
    output.textContent = `${msPerImage.toFixed(2)} ms per image`;
    output.dataset.msPerImage = String(msPerImage);
    output.dataset.checksum = String(checksum);
  }, 0);
}

button.addEventListener('click', run);
run();
