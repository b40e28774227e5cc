import { hasDicomPreamble } from '@spinedx/dicom';
import { describeFiles } from './describe-files';

const input = document.querySelector<HTMLInputElement>('#files');
const status = document.querySelector<HTMLParagraphElement>('#status');

input?.addEventListener('change', async () => {
  const files = Array.from(input.files ?? []);
  const checks = await Promise.all(files.map(async (file) => hasDicomPreamble(new Uint8Array(await file.arrayBuffer()))));
  if (status) status.textContent = describeFiles(checks);
});
